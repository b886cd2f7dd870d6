//! The built-in vocabulary: the kinds of the mésocentres dataset, with their looks (a data
//! table).

use super::*;

macro_rules! defaults {
    (
        $kind:ident, $info:ident, $infos:ident, $kinds:ident {
            $($(#[$vmeta:meta])* $rank:literal $variant:ident => $id:literal, $label:literal,
              $description:literal, $($look:literal),*;)*
        }
    ) => {
        pub(super) static $infos: [$info; [$($rank),*].len()] = [$(defaults!(@info $info, $rank, $id, $label, $description, $($look),*),)*];
        pub(super) static $kinds: [$kind; [$($rank),*].len()] = [$($kind(&$infos[$rank]),)*];
        #[allow(non_upper_case_globals)]
        impl $kind {
            $($(#[$vmeta])* #[doc = $description] pub const $variant: $kind = $kind(&$infos[$rank]);)*
        }
    };
    (@info ActorKindInfo, $rank:literal, $id:literal, $label:literal, $description:literal, $shape:literal, $fill:literal) => {
        ActorKindInfo { id: $id, label: $label, description: $description, fill: $fill, shape: $shape, rank: $rank }
    };
    (@info LinkKindInfo, $rank:literal, $id:literal, $label:literal, $description:literal, $colour:literal, $arrowhead:literal, $style:literal, $event:literal) => {
        LinkKindInfo {
            id: $id, label: $label, description: $description, colour: $colour,
            arrowhead: $arrowhead, style: $style, event: $event, rank: $rank,
        }
    };
}

defaults! {
    ActorKind, ActorKindInfo, DEFAULT_ACTOR_INFO, DEFAULT_ACTOR_KINDS {
        0 Ministry => "ministry", "ministry",
            "The ministry of research and its directorates.", "house", "#f4cccc";
        1 Agency => "agency", "agency",
            "National agencies and their companies (GENCI, ANR).", "box", "#fce5cd";
        2 ResearchOrganisation => "research_organisation", "research organisation",
            "Public research organisations (CNRS, CEA, INRIA).", "box", "#d9ead3";
        3 University => "university", "university",
            "Universities, their groups and their conference (CPU).", "box", "#d0e0e3";
        4 Association => "association", "association",
            "Associations and industrial associations (ORAP, TERATEC).", "ellipse", "#fff2cc";
        5 AdvisoryBody => "advisory_body", "advisory body",
            "Committees, councils and observatories (CSCI, COCIN, MICADO).", "octagon", "#ead1dc";
        6 ComputingCentre => "computing_centre", "computing centre",
            "National and regional computing centres, the mésocentres.", "cylinder", "#c9daf8";
        7 ResearchUnit => "research_unit", "research unit",
            "Laboratories, research centres, service units, modelling houses.", "component", "#d9d2e9";
        8 Infrastructure => "infrastructure", "infrastructure",
            "Shared infrastructures, grids and their projects (Grid'5000, Equip@Meso, PRACE).",
            "box3d", "#cfe2f3";
        9 ProfessionalNetwork => "professional_network", "professional network",
            "Networks of professionals (RESINFO, Groupe Calcul, réseau MSO).", "ellipse", "#b6d7a8";
        10 ResearchGroup => "research_group", "research group",
            "CNRS research groups (GDR).", "ellipse", "#a2c4c9";
        11 WorkingGroup => "working_group", "working group",
            "Working groups and service groups (EcoInfo).", "ellipse", "#d9d9d9";
        12 Programme => "programme", "programme",
            "Programmes and calls for proposals (HPC-PME, SIMSEO, the Equipex call).",
            "parallelogram", "#ffe599";
        13 EventSeries => "event_series", "event series",
            "Recurring events and one-off colloquia.", "hexagon", "#f9cb9c";
        14 Report => "report", "report", "Reports and surveys.", "note", "#ffffff";
        15 Label => "label", "label", "Labels and certificates (C3I).", "tab", "#f6b26b";
        16 Channel => "channel", "channel", "Mailing lists and web sites.", "cds", "#eeeeee";
        17 Person => "person", "person",
            "People named as authors or coordinators.", "oval", "#ffffff";
    }
}

defaults! {
    LinkKind, LinkKindInfo, DEFAULT_LINK_INFO, DEFAULT_LINK_KINDS {
        0 Funds => "funds", "funds", "Pays for, finances.", "#cc0000", "normal", "solid", false;
        1 Founds => "founds", "founds",
            "Creates, co-founds, launches.", "#38761d", "diamond", "solid", true;
        2 Coordinates => "coordinates", "coordinates",
            "Leads, coordinates, pilots.", "#1155cc", "vee", "solid", false;
        3 MemberOf => "member_of", "member of",
            "Is a member or partner of.", "#888888", "dot", "solid", false;
        4 ShareholderOf => "shareholder_of", "shareholder of",
            "Holds a share of.", "#b45f06", "box", "solid", false;
        5 Hosts => "hosts", "hosts", "Hosts, houses.", "#741b47", "odiamond", "solid", false;
        6 Operates => "operates", "operates",
            "Runs, is the operator or legal representative of.", "#0b5394", "obox", "solid", false;
        7 Organises => "organises", "organises",
            "Organises an event or series.", "#e69138", "inv", "solid", false;
        8 Supports => "supports", "supports",
            "Supports, backs, sponsors.", "#6aa84f", "odot", "solid", false;
        9 Succeeds => "succeeds", "succeeds",
            "Replaces, takes over from (`from` is the successor).", "#000000", "onormal", "bold", false;
        10 PartnersWith => "partners_with", "partners with",
            "Works in partnership with.", "#3d85c6", "none", "solid", false;
        11 Labels => "labels", "labels", "Awards a label to.", "#bf9000", "tee", "solid", false;
        12 Prompted => "prompted", "prompted",
            "A report or event that led to the creation of the target.", "#a64d79", "curve", "solid", true;
        13 Authored => "authored", "authored",
            "Wrote or coordinated a report.", "#666666", "empty", "solid", true;
        14 Commissioned => "commissioned", "commissioned",
            "Asked for a report or study.", "#7f6000", "icurve", "solid", true;
        15 ParticipatesIn => "participates_in", "participates in",
            "Takes part in a project, event or infrastructure.", "#45818e", "crow", "solid", false;
        16 PartOf => "part_of", "part of",
            "Is a component or sub-structure of.", "#444444", "halfopen", "solid", false;
    }
}
