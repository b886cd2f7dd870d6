//! The built-in dataset tells the deck's story: the yearly "Acteurs" lines, citations, renamings
//! and the names the deck uses.

use crate::util::{mesograph, root};
use mesograph::model::SourceKind;
use mesograph::{Confidence, Scope, TemporalGraph};
use serde_json::Value;
use std::collections::BTreeMap;

fn builtin() -> TemporalGraph {
    TemporalGraph::new(mesograph::load(None).expect("the built-in dataset is valid"))
}

/// The records of `file` (`actors`, `links`, `milestones`) in the FRT2 scenario layer.
fn frt2_layer(file: &str) -> Vec<Value> {
    let path = root().join(format!("graph/scenarios/frt2/{file}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let value: Value = serde_json::from_str(&text).unwrap();
    value[file].as_array().unwrap_or_else(|| panic!("{file}: no array")).clone()
}

fn name_in(graph: &TemporalGraph, id: &str, year: i32) -> String {
    graph.actor(graph.node(id).unwrap()).name_in(year).to_string()
}

#[test]
fn every_actor_on_a_deck_acteurs_line_is_active_that_year_unless_the_deck_ends_it() {
    let graph = builtin();
    let text = std::fs::read_to_string(root().join("tests/data/deck_acteurs.json")).unwrap();
    let lines: BTreeMap<String, Vec<String>> = serde_json::from_str(&text).unwrap();
    let years: Vec<i32> = lines.keys().map(|y| y.parse().unwrap()).collect();
    assert_eq!(years, (2007..=2017).collect::<Vec<_>>(), "one line per deck year");
    for (year, ids) in &lines {
        let year: i32 = year.parse().unwrap();
        let slice = graph.slice(Scope::Year(year));
        for id in ids {
            let Some(node) = graph.node(id) else {
                // A name the deck lists only as a question of its own future (FRT2) is a
                // scenario actor, not an actor of the dataset.
                let scenario = frt2_layer("actors").iter().any(|a| a["id"] == id.as_str());
                assert!(scenario, "{year}: no actor {id}, in the dataset or the frt2 scenario");
                continue;
            };
            if slice.actors.contains(&node) {
                continue;
            }
            // Listed after its end: allowed only when the data ended it earlier and says why.
            let actor = graph.actor(node);
            let ended = actor.end.is_some_and(|e| e < year);
            let explained = actor.note.as_deref().is_some_and(|n| n.contains("Acteurs"));
            assert!(
                ended && explained,
                "{year}: {id} is listed by the deck but not active, without an explanation"
            );
        }
    }
}

#[test]
fn the_deck_ends_csci_in_2013_and_cocin_gives_way_to_micado() {
    let graph = builtin();
    let active =
        |id: &str, y: i32| graph.slice(Scope::Year(y)).actors.contains(&graph.node(id).unwrap());
    assert!(active("csci", 2013) && !active("csci", 2014));
    assert!(active("cocin", 2012) && !active("micado", 2012));
    assert!(active("micado", 2016) && !active("cocin", 2016));
    let succeeds =
        graph.graph().edge_indices().map(|e| graph.link(e)).any(|l| {
            l.from == "micado" && l.to == "cocin" && l.kind == mesograph::LinkKind::Succeeds
        });
    assert!(succeeds, "MICADO succeeds COCIN");
}

#[test]
fn renamings_show_the_name_of_the_year() {
    let graph = builtin();
    assert_eq!(name_in(&graph, "idgc", 2008), "Institut des Grilles");
    assert_eq!(name_in(&graph, "idgc", 2016), "Institut des Grilles et du Cloud");
    assert_eq!(name_in(&graph, "cpu", 2008), "CPU");
}

#[test]
fn every_record_cites_an_existing_source_and_outside_facts_cite_urls() {
    let graph = builtin();
    let g = graph.graph();
    let mut citations = Vec::new();
    for a in g.node_weights() {
        assert!(!a.citations.is_empty(), "actor {} has no citation", a.id);
        citations.extend(a.citations.iter().map(|c| (a.id.clone(), c.clone())));
    }
    for l in graph.links() {
        assert!(!l.citations.is_empty(), "link {} has no citation", l.id());
        citations.extend(l.citations.iter().map(|c| (l.id(), c.clone())));
    }
    for m in graph.milestones() {
        assert!(!m.citations.is_empty(), "milestone {} has no citation", m.title);
        citations.extend(m.citations.iter().map(|c| (m.title.clone(), c.clone())));
    }
    for (what, c) in citations {
        let source = graph
            .source(&c.source)
            .unwrap_or_else(|| panic!("{what}: unknown source {}", c.source));
        match source.kind {
            SourceKind::Deck => {
                assert!(source.sections.iter().any(|s| *s == c.locator), "{what}: {}", c.locator)
            }
            SourceKind::Web | SourceKind::Document => {
                let url = source.url.as_deref().unwrap_or_default();
                assert!(
                    url.starts_with("http"),
                    "{what}: outside fact without a URL ({})",
                    source.id
                );
            }
        }
    }
    let decks = graph.sources().iter().filter(|s| s.kind == SourceKind::Deck).count();
    assert_eq!(decks, 1);
}

#[test]
fn inferred_links_say_why_and_the_dataset_holds_no_proposal() {
    let graph = builtin();
    for l in graph.links() {
        if l.confidence == Confidence::Inferred {
            assert!(l.note.as_deref().is_some_and(|n| !n.trim().is_empty()), "{}", l.id());
        }
        assert_ne!(l.confidence, Confidence::Proposed, "{}: proposals go to a scenario", l.id());
    }
    assert!(graph.node("frt2").is_none(), "FRT2 is a question of the deck, not an actor");
    assert!(graph.find("FRT2").is_err());
}

#[test]
fn the_frt2_scenario_holds_the_deck_questions_as_proposed_links() {
    let actors = frt2_layer("actors");
    assert_eq!(actors.len(), 1);
    assert_eq!(actors[0]["id"], "frt2");
    assert_eq!(actors[0]["start"], 2017);
    let links = frt2_layer("links");
    assert!(links.len() >= 5, "{}", links.len());
    for l in &links {
        assert_eq!(l["confidence"], "proposed", "{l}");
        assert!(l["from"] == "frt2" || l["to"] == "frt2", "{l}");
        let note = l["note"].as_str().unwrap_or_default();
        assert!(note.contains("FRT2") || note.contains("FR-T2"), "the deck's words: {l}");
        let deck_sections = l["citations"].as_array().unwrap().iter().all(|c| {
            c["source"] == "deck"
                && ["2017", "2027", "Et demain ?"].contains(&c["locator"].as_str().unwrap())
        });
        assert!(deck_sections, "{l}");
    }
    for m in frt2_layer("milestones") {
        let year = m["year"].as_i64().unwrap();
        assert!(m["actor"] == "frt2" || year > 2017, "{m}");
    }
}

/// The layer laid over the dataset is a valid dataset: copy `graph/`, append the layer's records.
#[test]
fn the_frt2_scenario_laid_over_the_dataset_passes_check() {
    let dir = tempfile::tempdir().unwrap();
    for file in ["sources", "actors", "links", "milestones"] {
        let text = std::fs::read_to_string(root().join(format!("graph/{file}.json"))).unwrap();
        let mut value: Value = serde_json::from_str(&text).unwrap();
        value.as_object_mut().unwrap().remove("$schema");
        let layer = root().join(format!("graph/scenarios/frt2/{file}.json"));
        if layer.exists() {
            value[file].as_array_mut().unwrap().extend(frt2_layer(file));
        }
        std::fs::write(dir.path().join(format!("{file}.json")), value.to_string()).unwrap();
    }
    let actors = builtin().graph().node_count() + frt2_layer("actors").len();
    mesograph()
        .args(["check", "--data"])
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicates::str::contains(format!("{actors} actors")));
}

#[test]
fn every_name_the_deck_uses_finds_its_actor() {
    let graph = builtin();
    let names = [
        ("ORAP", "orap"),
        ("GENCI", "genci"),
        ("CSCI", "csci"),
        ("IdGC", "idgc"),
        ("Grid'5000", "grid5000"),
        ("Resinfo", "resinfo"),
        ("Groupe Calcul", "groupe-calcul"),
        ("CERFACS", "cerfacs"),
        ("mésocentres", "mesocentres"),
        ("CPU", "cpu"),
        ("CEA", "cea"),
        ("CNRS", "cnrs"),
        ("COCIN", "cocin"),
        ("MICADO", "micado"),
        ("Ministère", "ministry"),
        ("OMES", "omes"),
        ("MaimoSiNe", "maimosine"),
        ("EcoInfo", "ecoinfo"),
        ("ANR", "anr"),
        ("Equipex", "equipex-call"),
        ("France Grille", "france-grilles"),
        ("MdS", "mds"),
        ("Maison de la Simulation", "mds"),
        ("GDR RSD", "gdr-rsd"),
        ("GDR ASR", "gdr-asr"),
        ("TERATEC", "teratec"),
        ("MSO", "reseau-mso"),
        ("equip@meso", "equipameso"),
        ("GDR Calcul", "gdr-calcul"),
        ("C3I", "c3i"),
        ("SIMSEO", "simseo"),
        ("HPC-PME", "hpc-pme"),
        ("PRACE", "prace"),
        ("EGEE", "egee"),
        ("IDRIS", "idris"),
        ("CINES", "cines"),
        ("CCRT", "ccrt"),
        ("EXPLOR", "explor"),
        ("INRIA", "inria"),
        ("SUCCES", "journees-succes"),
        ("méso-challenge", "meso-challenge"),
        ("Michel K", "michel-kern"),
        ("Romarc", "romaric-david"),
        ("Françoise Berthoud", "francoise-berthoud"),
        ("Violaine Louvet", "violaine-louvet"),
        ("Pierre Valiron", "pierre-valiron"),
        ("formation-calcul.fr", "formation-calcul-fr"),
        ("Rapport Roucairol", "rapport-roucairol-2013"),
        ("Penser petaflops", "colloque-penser-petaflops"),
    ];
    for (name, id) in names {
        let found = graph.find(name).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(graph.actor(found).id, id, "{name}");
    }
}

#[test]
fn the_deck_figures_are_milestones() {
    let graph = builtin();
    let figure = |actor: &str, year: i32, value: f64| {
        graph.milestones().iter().any(|m| {
            m.actor == actor && m.year == year && m.figures.iter().any(|f| f.value == value)
        })
    };
    for (year, registrations) in [
        (2009, 115.0),
        (2010, 112.0),
        (2013, 93.0),
        (2014, 75.0),
        (2015, 76.0),
        (2016, 94.0),
        (2017, 104.0),
    ] {
        assert!(
            figure("journees-mesocentres", year, registrations),
            "{year}: {registrations} registrations"
        );
    }
    assert!(figure("mesocentres", 2008, 25.0) && figure("mesocentres", 2008, 22.0));
    assert!(
        figure("rapport-mesocentres-2015", 2015, 1.59)
            && figure("rapport-mesocentres-2015", 2015, 6.0)
    );
    mesograph()
        .args(["milestones", "--year", "2015", "--actor", "journees mesocentres"])
        .assert()
        .success()
        .stdout(predicates::str::contains("76"));
}

/// 2027 is past the deck: the export of that year shows what the sources leave open-ended, and
/// neither the FRT2 the deck asked about nor anyone the sources last saw before.
#[test]
fn the_export_of_2027_has_no_frt2_and_no_person() {
    let out = mesograph().args(["export", "--year", "2027", "--format", "json"]).output().unwrap();
    assert!(out.status.success());
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let nodes = json["nodes"].as_array().unwrap();
    assert!(nodes.iter().any(|n| n["id"] == "mesonet"), "MesoNET (2021) is still active");
    for n in nodes {
        assert!(n["id"] != "frt2" && n["name"] != "FRT2", "{}", n["id"]);
        assert_ne!(n["kind"], "person", "{}", n["id"]);
    }
    for e in json["edges"].as_array().unwrap() {
        assert!(e["source"] != "frt2" && e["target"] != "frt2", "{e}");
        assert_ne!(e["confidence"], "proposed", "{e}");
    }
}

/// A person is active from the first to the last year the sources show them acting, and each of
/// their links ends by then: none is left open to run on with the person.
#[test]
fn people_end_at_their_last_year_of_evidence() {
    let graph = builtin();
    let expected = [
        ("heon", 2005, 2005),
        ("sartorius", 2005, 2005),
        ("francoise-berthoud", 2007, 2017),
        ("violaine-louvet", 2007, 2017),
        ("pierre-valiron", 2007, 2007),
        ("michel-kern", 2008, 2013),
        ("bernard-chetrit", 2009, 2009),
        ("philippe-depouilly", 2009, 2009),
        ("jean-yves-hangouet", 2009, 2009),
        ("veronique-baudin", 2009, 2009),
        ("stephane-cordier", 2009, 2009),
        ("stephane-labbe", 2009, 2009),
        ("nicolas-hyperion", 2009, 2009),
        ("romaric-david", 2010, 2015),
        ("mark-asch", 2012, 2012),
        ("emmanuel-chaljub", 2012, 2012),
        ("j-foulon", 2013, 2013),
        ("p-gay", 2013, 2013),
        ("j-hertzberg", 2013, 2013),
        ("o-politano", 2013, 2013),
        ("l-series", 2013, 2013),
        ("loic-gouarin", 2013, 2015),
        ("gerard-roucairol", 2013, 2015),
    ];
    let people: Vec<_> = graph
        .graph()
        .node_weights()
        .filter(|a| a.kind == mesograph::ActorKind::Person)
        .map(|a| (a.id.as_str(), a.start, a.end.unwrap_or_else(|| panic!("{} never ends", a.id))))
        .collect();
    assert_eq!(people.len(), expected.len());
    for (id, start, end) in expected {
        assert!(people.contains(&(id, start, end)), "{id}: {start}–{end}");
        // The first and the last year are years of evidence: a link of theirs, or a deck
        // section of that year cited on the person.
        let actor = graph.actor(graph.node(id).unwrap());
        let evidence = |year: i32| {
            graph
                .links()
                .iter()
                .any(|l| (l.from == id || l.to == id) && l.lifetime().contains(year))
                || actor
                    .citations
                    .iter()
                    .any(|c| c.source == "deck" && c.locator == year.to_string())
        };
        assert!(evidence(start) && evidence(end), "{id}: no evidence for {start} or {end}");
    }
    for l in graph.links() {
        if people.iter().any(|(id, ..)| l.from == *id || l.to == *id) {
            assert!(l.end.is_some(), "{}: a person's link ends with its evidence", l.id());
        }
    }
}

/// The photo captions of "Michel K" speak of their own year each: a coordination in 2008, a role
/// beside GENCI's support in 2010, Equip@Meso training in 2013. None makes him a member of GENCI.
#[test]
fn michel_kern_links_end_with_their_captions() {
    let graph = builtin();
    let mut links: Vec<String> = graph
        .links()
        .iter()
        .filter(|l| l.from == "michel-kern" || l.to == "michel-kern")
        .map(|l| {
            format!("{} {}-{}", l.id(), l.start, l.end.map_or("open".into(), |e| e.to_string()))
        })
        .collect();
    links.sort();
    assert_eq!(
        links,
        [
            "michel-kern/coordinates/mesocentres/2008 2008-2008",
            "michel-kern/member_of/dgri/2008 2008-2008",
            "michel-kern/participates_in/equipameso/2013 2013-2013",
            "michel-kern/participates_in/genci/2010 2010-2010",
        ]
    );
    let slice = graph.slice(Scope::Year(2014));
    assert!(!slice.actors.contains(&graph.node("michel-kern").unwrap()));
}

/// Finds the one link `id` (`from/kind/to/start`) of the built-in dataset.
fn link<'g>(graph: &'g TemporalGraph, id: &str) -> &'g mesograph::Link {
    graph.links().iter().find(|l| l.id() == id).unwrap_or_else(|| panic!("no link {id}"))
}

fn has_link(graph: &TemporalGraph, id: &str) -> bool {
    graph.links().iter().any(|l| l.id() == id)
}

/// Successions leave no two alive, events end with their year, and a link's years stay within
/// what the deck says of them.
#[test]
fn close_read_corrections_of_years_and_successions() {
    let graph = builtin();
    let actor = |id: &str| graph.actor(graph.node(id).unwrap());
    // MesoNET extends SiMSEO (S38): SiMSEO carries on within it, it is not replaced.
    assert!(!has_link(&graph, "mesonet/succeeds/simseo/2021"));
    let l = link(&graph, "simseo/part_of/mesonet/2021");
    assert_eq!(l.confidence, Confidence::Inferred);
    assert!(actor("simseo").end.is_none());
    // Every succession ends in the year the successor takes over, after which the predecessor
    // is gone.
    for l in graph.links().iter().filter(|l| l.kind == mesograph::LinkKind::Succeeds) {
        let before = actor(&l.to);
        assert_eq!(l.end, Some(l.start), "{}", l.id());
        assert!(before.end.is_some_and(|e| e <= l.start), "{} outlives {}", l.to, l.id());
    }
    // GDR ASR until about 2014 (research file), then RSD; the deck's lines are the citation.
    assert_eq!(actor("gdr-asr").end, Some(2014));
    let l = link(&graph, "gdr-rsd/succeeds/gdr-asr/2014");
    assert!(l.citations.iter().all(|c| c.source == "deck"), "S57 says nothing of RSD");
    // A commission ends with its report.
    assert_eq!(
        link(&graph, "ministry/commissioned/rapport-heon-sartorius-2005/2005").end,
        Some(2005)
    );
    // The ORAP forums start with ORAP (1994), not with the deck's timeline.
    assert_eq!(actor("orap-forums").start, 1994);
    assert!(has_link(&graph, "orap/organises/orap-forums/1994"));
    // EXPLOR is talked about from 2012 and part of the mésocentres once in production (2017).
    assert_eq!(actor("explor").start, 2012);
    assert!(has_link(&graph, "explor/part_of/mesocentres/2017"));
    // The deck dates the report of "Penser petaflops", not the colloquium.
    let petaflops = actor("colloque-penser-petaflops");
    assert_eq!(
        (petaflops.kind, petaflops.start, petaflops.end),
        (mesograph::ActorKind::Report, 2009, Some(2009))
    );
}

/// What a source says, no more: a GIS created at the DGRI's request and with its help, a statement
/// about the whole landscape, deck citations that give only a year.
#[test]
fn close_read_corrections_of_attributions() {
    let graph = builtin();
    assert!(!has_link(&graph, "dgri/founds/france-grilles/2010"));
    assert!(has_link(&graph, "dgri/commissioned/france-grilles/2010"));
    assert!(has_link(&graph, "dgri/supports/france-grilles/2010"));
    let training = graph
        .milestones()
        .iter()
        .find(|m| m.title.starts_with("Multiplication des acteurs de la formation"))
        .unwrap();
    assert_eq!((training.actor.as_str(), training.year), ("mesocentres", 2015));
    assert!(training.related.iter().any(|r| r == "groupe-calcul"));
    let founders = graph
        .links()
        .iter()
        .filter(|l| l.kind == mesograph::LinkKind::Founds && (l.to == "hpc-pme" || l.to == "mds"));
    let mut n = 0;
    for l in founders {
        n += 1;
        assert!(l.note.as_deref().is_some_and(|n| n.contains("gives the year only")), "{}", l.id());
    }
    assert_eq!(n, 8, "three founders of HPC-PME, five of the Maison de la Simulation");
    // Initiative is not authorship.
    assert!(!has_link(&graph, "francoise-berthoud/authored/rapport-etat-lieux-2007/2007"));
    assert!(has_link(&graph, "francoise-berthoud/founds/rapport-etat-lieux-2007/2007"));
    // The deck does not say where it was presented.
    let journee = graph
        .milestones()
        .iter()
        .find(|m| m.actor == "journees-mesocentres" && m.year == 2017)
        .unwrap();
    assert!(journee.note.as_deref().is_some_and(|n| n.contains("reading")));
}
