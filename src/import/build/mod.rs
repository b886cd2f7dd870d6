//! Turning what a reader found into the dataset's records: ids, kinds, years, citations and
//! the sources they cite; then the dataset checks, each problem located back in the input, and
//! the files in the canonical layout.
//!
//! One [`Builder`] carries what every step shares (the places of the inputs, the problems
//! found, the sources cited, the kinds met); each step is a file: [`fields`] reads one field of
//! a record, [`ids`] gives records their ids, [`records`] makes actors and links, [`meta`]
//! `dataset.json` and its kinds, [`origins`] tells a problem of the dataset where it was read.

mod fields;
mod ids;
mod meta;
mod origins;
mod records;

pub(crate) use fields::parse_year;
pub use ids::{kind_id, slug};

use super::{At, Imported, Input, Options, Read};
use crate::dataset::{DataFile, META_FILE, RawDataset};
use crate::error::{Error, Problem, Problems, Result};
use crate::model::{
    ActorsFile, Dataset, LinksFile, MilestonesFile, Source, SourcesFile, Vocabulary,
};
use origins::{Origins, Places};
use records::{Actors, Names};
use std::collections::BTreeMap;

/// Builds the dataset from what a reader found.
struct Builder<'t> {
    places: Places<'t>,
    options: &'t Options,
    problems: Vec<Problem>,
    sources: BTreeMap<String, Source>,
    origins: Origins,
    /// The actor kinds met, in order: each one's id and label as written.
    actor_kinds: Vec<(String, String)>,
    /// The link kinds met.
    link_kinds: Vec<(String, String)>,
}

impl Builder<'_> {
    fn report(&mut self, input: usize, at: &At, message: String) {
        let p = self.places.problem(input, at, message);
        self.problems.push(p);
    }
}

/// Builds, checks and lays out the dataset from what a reader found.
pub(super) fn build(
    inputs: &[Input],
    texts: &[&str],
    read: Read,
    options: &Options,
) -> Result<Imported> {
    let mut b = Builder {
        places: Places::new(inputs, texts),
        options,
        problems: read.problems,
        sources: BTreeMap::new(),
        origins: Origins::default(),
        actor_kinds: Vec::new(),
        link_kinds: Vec::new(),
    };
    let mut notes = read.notes;

    let (given, names, ids) = b.ids(&read.nodes);
    let Actors { mut actors, broken, milestones } = b.actors(&read.nodes, &given, &names, &ids);
    let mut links = b.links(&read.edges, &Names::new(&given, &names, &ids, read.by_label));
    if read.clipped_ends {
        records::unclip_ends(&actors, &mut links);
    }
    let mut meta = b.meta(read.graph.as_ref(), &mut notes);

    // The records in id order, as the exports list them; milestones in the order read (the
    // exports list each actor's in the dataset's order).
    actors.sort_by(|a, b| a.0.id.cmp(&b.0.id));
    links.sort_by_cached_key(|(l, _)| l.id());
    b.declare_kinds(&mut meta);
    let (vocabulary, _) =
        Vocabulary::declared(meta.actor_kinds.as_deref(), meta.link_kinds.as_deref());
    let mut dataset = Dataset {
        name: String::new(),
        sources: b.sources.values().cloned().collect(),
        actors: actors.iter().map(|(a, _)| a.clone()).collect(),
        links: links.iter().map(|(l, _)| l.clone()).collect(),
        milestones: milestones.iter().map(|(m, _)| m.clone()).collect(),
        scenarios: Vec::new(),
        scenario_actors: Vec::new(),
        meta,
        vocabulary,
    };
    let Dataset { vocabulary, actors: records, links: relations, .. } = &mut dataset;
    vocabulary.resolve(records, relations);
    b.origins.actors = actors.iter().map(|&(_, i)| (i, read.nodes[i].clone())).collect();
    b.origins.links = links.iter().map(|&(_, i)| (i, read.edges[i].clone())).collect();
    b.origins.milestones = milestones.iter().map(|&(_, i)| (i, read.nodes[i].clone())).collect();

    b.locate_checks(&dataset, broken);
    if !b.problems.is_empty() {
        let mut problems = b.problems;
        problems.sort();
        problems.dedup();
        return Err(Error::Invalid(Problems(problems)));
    }
    let files = layout(&dataset)?;
    Ok(Imported { files, dataset, notes })
}

/// The files of the dataset folder, in the canonical layout, checked once more as `check`
/// reads them: what is written is what `mesograph check --data DIR` accepts.
fn layout(dataset: &Dataset) -> Result<Vec<(String, Vec<u8>)>> {
    let file = |name: &str, text: Result<String>| text.map(|t| (name.to_string(), t.into_bytes()));
    let d = dataset.clone();
    let files = vec![
        file(META_FILE, crate::canonical::file(&d.meta))?,
        file(
            DataFile::Sources.file_name(),
            crate::canonical::file(&SourcesFile { schema: None, sources: d.sources }),
        )?,
        file(
            DataFile::Actors.file_name(),
            crate::canonical::file(&ActorsFile { schema: None, actors: d.actors }),
        )?,
        file(
            DataFile::Links.file_name(),
            crate::canonical::file(&LinksFile { schema: None, links: d.links }),
        )?,
        file(
            DataFile::Milestones.file_name(),
            crate::canonical::file(&MilestonesFile { schema: None, milestones: d.milestones }),
        )?,
    ];
    let get = |name: &str| {
        files.iter().find(|(n, _)| n == name).map(|(n, b)| (n.clone(), Some(b.clone())))
    };
    let raw = RawDataset {
        name: "import".into(),
        files: DataFile::ALL.map(|f| get(f.file_name()).unwrap_or_default()),
        meta: get(META_FILE).unwrap_or_default(),
    };
    crate::open::parse(&raw)?;
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::fields::parse_year;
    use super::ids::unique;
    use super::meta::written_label;
    use super::*;
    use crate::validate::is_slug;
    use std::collections::HashSet;

    #[test]
    fn slugs_and_kind_ids() {
        assert_eq!(slug("Équipe « Calcul » 2", "x"), "equipe-calcul-2");
        assert_eq!(slug("--", "actor"), "actor");
        assert!(is_slug(&slug("  Ünïcode__Name!! ", "x")));
        assert_eq!(kind_id("ESFRI project"), "esfri_project");
        assert_eq!(kind_id("Research-Organisation"), "research_organisation");
        let taken: HashSet<String> = ["a".to_string(), "a-2".to_string()].into_iter().collect();
        assert_eq!(unique("a", &taken), "a-3");
        assert_eq!(unique("b", &taken), "b");
    }

    #[test]
    fn labels_as_written_when_they_say_more_than_the_id() {
        assert_eq!(
            written_label("esfri_project", "ESFRI project").as_deref(),
            Some("ESFRI project")
        );
        assert_eq!(written_label("company", "Company"), None);
        assert_eq!(written_label("member_of", "Member of"), None);
        assert_eq!(written_label("member_of", "member_of"), None);
        assert_eq!(written_label("owns", "OWNS").as_deref(), Some("OWNS"));
    }

    #[test]
    fn years_as_numbers_or_dates() {
        assert_eq!(parse_year("2014"), Some(2014));
        assert_eq!(parse_year("2014-05-01"), Some(2014));
        assert_eq!(parse_year("2014-05"), Some(2014));
        assert_eq!(parse_year("2014.0"), Some(2014));
        assert_eq!(parse_year("2014.5"), None);
        assert_eq!(parse_year("20x4"), None);
        assert_eq!(parse_year("May 2014"), None);
    }
}
