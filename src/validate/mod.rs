//! The checks layer: the semantic checks of a dataset, everything JSON parsing alone cannot
//! see. It takes the dataset layer's types only, so the loader, the importer and code that makes
//! a dataset can all ask it.
//!
//! Each check reports a [`Pending`] problem located by path; the loader turns the paths into
//! lines and columns. Checks never stop at the first problem.
//!
//! ```
//! let mut dataset = mesograph::load(None)?;
//! assert!(mesograph::validate::check(&dataset).is_empty());
//! // A link to an actor nobody declared is reported, with where it is.
//! dataset.links[0].to = "nobody".into();
//! let problems = mesograph::validate::check(&dataset);
//! assert!(problems.iter().any(|p| p.message.contains("nobody")), "{problems:?}");
//! # Ok::<(), mesograph::Error>(())
//! ```

pub(crate) use crate::dataset::Unparsed;
use crate::dataset::ends::{Ends, link_ends};
use crate::dataset::{DataFile, Pending};
use crate::locate::{Step, Target};
use crate::memory::LARGE_LINKS;
use crate::model::{Citation, Dataset, Lifetime, MAX_YEAR, MIN_YEAR, SourceKind, Year};
use crate::resolve::suggestions;
use rustc_hash::{FxHashMap, FxHashSet};

mod links;

#[derive(Clone)]
struct Checker<'d> {
    dataset: &'d Dataset,
    unparsed: &'d Unparsed,
    // Fast non-cryptographic hashing: the keys come from the dataset being checked, and a
    // million links mean millions of lookups (see docs/performance.md, "Checking").
    sources: FxHashMap<&'d str, usize>,
    /// For each source, the sections its citations may use (empty: any locator).
    sections: Vec<FxHashSet<&'d str>>,
    actors: FxHashMap<&'d str, usize>,
    /// Each actor's years, by index: read for every link, and an `Actor` is 184 bytes in memory
    /// far apart, where these are 12 in a row (see docs/performance.md, "Checking").
    lives: Vec<Lifetime>,
    /// Citations already found good, by the addresses of their shared strings (see
    /// [`Interned`]): a link's citations are then checked by hashing two addresses instead of
    /// two strings, the costliest lookups of checking many links (see docs/performance.md,
    /// "Checking").
    known_citations: FxHashSet<(usize, usize)>,
    out: Vec<Pending>,
    /// Below this many links, one thread checks them all.
    parallel_from: usize,
}

/// Every semantic problem of `dataset`, whose files all parsed.
pub fn check(dataset: &Dataset) -> Vec<Pending> {
    check_partial(dataset, &Unparsed::default())
}

/// Every semantic problem of `dataset`, some of whose records could not be parsed: references
/// to those are not reported (their own problem already is).
pub(crate) fn check_partial(dataset: &Dataset, unparsed: &Unparsed) -> Vec<Pending> {
    check_ends(dataset, unparsed, None).0
}

/// [`check_partial`], given the indices in `dataset.actors` of the actors at both ends of each
/// link when the parser found them ([`ActorIx::NONE`] where none has that id), and returning them
/// (found here otherwise) for building the graph.
pub(crate) fn check_ends(
    dataset: &Dataset,
    unparsed: &Unparsed,
    ends: Option<Vec<Ends>>,
) -> (Vec<Pending>, Vec<Ends>) {
    check_with(dataset, unparsed, ends, LARGE_LINKS)
}

fn check_with(
    dataset: &Dataset,
    unparsed: &Unparsed,
    ends: Option<Vec<Ends>>,
    parallel_from: usize,
) -> (Vec<Pending>, Vec<Ends>) {
    let mut c = Checker {
        dataset,
        unparsed,
        sources: FxHashMap::default(),
        sections: Vec::new(),
        actors: FxHashMap::default(),
        lives: dataset.actors.iter().map(|a| a.lifetime()).collect(),
        known_citations: FxHashSet::default(),
        out: Vec::new(),
        parallel_from,
    };
    c.sources();
    c.actors();
    let ends = match ends {
        Some(ends) if ends.len() == dataset.links.len() => ends,
        _ => {
            let actors = &c.actors;
            link_ends(|id| actors.get(id).copied(), &dataset.links, parallel_from)
        }
    };
    c.links(&ends);
    c.succession(&ends);
    c.milestones();
    (c.out, ends)
}

/// The path of a field of a record. Paths are built only when a problem is reported (callers pass
/// closures), since building them for every valid record cost more than the checks themselves.
fn path(key: &str, index: usize, rest: &[&str]) -> Vec<Step> {
    let mut p = vec![Step::Key(key.into()), Step::Index(index)];
    p.extend(rest.iter().map(|k| Step::Key((*k).into())));
    p
}

/// Whether `id` is a lowercase slug: `a-z`, `0-9` and inner `-`.
pub fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

impl<'d> Checker<'d> {
    fn report(&mut self, file: DataFile, path: Vec<Step>, message: String) {
        self.out.push(Pending { file, path, target: Target::Value, message, first: None });
    }

    /// Reports the record at `path` as repeating the one at `first`, in the same file, whose
    /// place the message is to end with.
    fn report_duplicate(
        &mut self,
        file: DataFile,
        path: Vec<Step>,
        first: Vec<Step>,
        message: String,
    ) {
        self.out.push(Pending { file, path, target: Target::Value, message, first: Some(first) });
    }

    fn slug(&mut self, file: DataFile, key: &str, i: usize, id: &str) {
        if !is_slug(id) {
            let message = format!("id \"{id}\" is not a lowercase slug (a-z, 0-9 and inner '-')");
            self.report(file, path(key, i, &["id"]), message);
        }
    }

    fn years(&mut self, file: DataFile, key: &str, i: usize, start: Year, end: Option<Year>) {
        for (field, year) in [("start", Some(start)), ("end", end)] {
            if let Some(y) = year
                && !(MIN_YEAR..=MAX_YEAR).contains(&y)
            {
                let message =
                    format!("impossible year {y} in \"{field}\" (expected {MIN_YEAR}–{MAX_YEAR})");
                self.report(file, path(key, i, &[field]), message);
            }
        }
        if let Some(e) = end
            && e < start
        {
            self.report(file, path(key, i, &["end"]), format!("end {e} is before start {start}"));
        }
    }

    fn citations(&mut self, file: DataFile, at: impl Fn() -> Vec<Step>, citations: &'d [Citation]) {
        if citations.is_empty() {
            let mut p = at();
            p.push(Step::Key("citations".into()));
            self.report(file, p, "no citation: every record cites at least one source".into());
            return;
        }
        for (j, c) in citations.iter().enumerate() {
            let key = (c.source.addr(), c.locator.addr());
            if self.known_citations.contains(&key) {
                continue;
            }
            let reported = self.out.len();
            let p = || {
                let mut p = at();
                p.extend([Step::Key("citations".into()), Step::Index(j)]);
                p
            };
            match self.sources.get(c.source.as_str()) {
                None if self.unparsed.sources_unreadable
                    || self.unparsed.broken_sources.contains(c.source.as_str()) => {}
                None => {
                    let mut p = p();
                    p.push(Step::Key("source".into()));
                    let hint = did_you_mean(&c.source, self.sources.keys().copied());
                    self.report(
                        file,
                        p,
                        format!("citation of unknown source \"{}\"{hint}", c.source),
                    );
                }
                Some(&s) => {
                    let source = &self.dataset.sources[s];
                    if !source.sections.is_empty() && !self.sections[s].contains(c.locator.as_str())
                    {
                        let mut p = p();
                        p.push(Step::Key("locator".into()));
                        let hint =
                            did_you_mean(&c.locator, source.sections.iter().map(String::as_str));
                        let message = format!(
                            "locator \"{}\" is not a section of source \"{}\"{hint}",
                            c.locator, source.id
                        );
                        self.report(file, p, message);
                    }
                }
            }
            if c.locator.trim().is_empty() {
                let mut p = p();
                p.push(Step::Key("locator".into()));
                self.report(file, p, "empty locator: say where in the source".into());
            }
            if self.out.len() == reported {
                self.known_citations.insert(key);
            }
        }
    }

    fn sources(&mut self) {
        let f = DataFile::Sources;
        let data = self.dataset;
        for (i, s) in data.sources.iter().enumerate() {
            self.sections.push(s.sections.iter().map(String::as_str).collect());
            self.slug(f, "sources", i, &s.id);
            if let Some(first) = self.sources.insert(&s.id, i) {
                self.sources.insert(&s.id, first);
                self.report_duplicate(
                    f,
                    path("sources", i, &["id"]),
                    path("sources", first, &["id"]),
                    format!("duplicate source id \"{}\"", s.id),
                );
            }
            match (&s.kind, &s.url) {
                (SourceKind::Web | SourceKind::Document, None) => {
                    let message =
                        format!("source \"{}\" of kind \"{:?}\" needs a \"url\"", s.id, s.kind)
                            .to_lowercase();
                    self.report(f, path("sources", i, &["kind"]), message);
                }
                (_, Some(url)) if !(url.starts_with("https://") || url.starts_with("http://")) => {
                    let message = format!("url \"{url}\" is not an http(s) address");
                    self.report(f, path("sources", i, &["url"]), message);
                }
                _ => {}
            }
        }
    }

    fn actors(&mut self) {
        let f = DataFile::Actors;
        let data = self.dataset;
        self.actors.reserve(data.actors.len());
        for (i, a) in data.actors.iter().enumerate() {
            self.slug(f, "actors", i, &a.id);
            // The first record keeps the id: references are checked against it, so that a
            // scenario reusing an id of its dataset is reported once, in the scenario.
            if let Some(first) = self.actors.insert(&a.id, i) {
                self.actors.insert(&a.id, first);
                self.report_duplicate(
                    f,
                    path("actors", i, &["id"]),
                    path("actors", first, &["id"]),
                    format!("duplicate actor id \"{}\"", a.id),
                );
            }
            if a.name.trim().is_empty() {
                self.report(
                    f,
                    path("actors", i, &["name"]),
                    format!("actor \"{}\" has an empty name", a.id),
                );
            }
            let v = &data.vocabulary;
            let unknown = !v.knows_actor(a.kind) && v.actor_kind(a.kind.as_str()).is_none();
            if unknown && !self.unparsed.vocabulary_unreadable {
                let message = data.vocabulary.unknown_actor_kind(a.kind.as_str());
                self.report(f, path("actors", i, &["kind"]), message);
            }
            self.years(f, "actors", i, a.start, a.end);
            self.citations(f, || path("actors", i, &[]), &a.citations);
            for (j, n) in a.names.iter().enumerate() {
                let at = || {
                    let mut p = path("actors", i, &["names"]);
                    p.push(Step::Index(j));
                    p
                };
                if n.end.is_some_and(|e| e < n.start) {
                    let mut p = at();
                    p.push(Step::Key("end".into()));
                    let message = format!(
                        "name \"{}\": end {} is before start {}",
                        n.name,
                        n.end.unwrap_or_default(),
                        n.start
                    );
                    self.report(f, p, message);
                } else if !n.lifetime().within(&a.lifetime()) {
                    let mut p = at();
                    p.push(Step::Key("start".into()));
                    let message = format!(
                        "name \"{}\" ({}) is outside the lifetime of \"{}\" ({})",
                        n.name,
                        n.lifetime(),
                        a.id,
                        a.lifetime()
                    );
                    self.report(f, p, message);
                }
                self.citations(f, at, &n.citations);
            }
        }
    }

    fn actor_ref(
        &mut self,
        file: DataFile,
        at: impl FnOnce() -> Vec<Step>,
        field: &str,
        id: &str,
    ) -> Option<Lifetime> {
        self.actor_at(file, at, field, id).map(|k| self.lives[k])
    }

    /// The index of the actor `id` names, reporting an unknown one.
    fn actor_at(
        &mut self,
        file: DataFile,
        at: impl FnOnce() -> Vec<Step>,
        field: &str,
        id: &str,
    ) -> Option<usize> {
        match self.actors.get(id) {
            // An actor whose own years are wrong (reported once, on the actor) is not checked
            // against: every link and milestone of it would repeat the same problem.
            Some(&k) => {
                let life = self.lives[k];
                life.end.is_none_or(|e| e >= life.start).then_some(k)
            }
            None if self.unparsed.actors_unreadable || self.unparsed.broken_actors.contains(id) => {
                None
            }
            None => {
                let hint = did_you_mean(id, self.dataset.actors.iter().map(|a| a.id.as_str()));
                self.report(file, at(), format!("unknown actor \"{id}\" in \"{field}\"{hint}"));
                None
            }
        }
    }

    fn milestones(&mut self) {
        let f = DataFile::Milestones;
        let data = self.dataset;
        for (i, m) in data.milestones.iter().enumerate() {
            if let Some(life) =
                self.actor_ref(f, || path("milestones", i, &["actor"]), "actor", &m.actor)
                && !life.contains(m.year)
            {
                let message = format!(
                    "milestone year {} is outside the lifetime of \"{}\" ({})",
                    m.year, m.actor, life
                );
                self.report(f, path("milestones", i, &["year"]), message);
            }
            if !(MIN_YEAR..=MAX_YEAR).contains(&m.year) {
                let message =
                    format!("impossible year {} (expected {MIN_YEAR}–{MAX_YEAR})", m.year);
                self.report(f, path("milestones", i, &["year"]), message);
            }
            for (j, r) in m.related.iter().enumerate() {
                let at = || {
                    let mut p = path("milestones", i, &["related"]);
                    p.push(Step::Index(j));
                    p
                };
                self.actor_ref(f, at, "related", r);
            }
            for (j, fig) in m.figures.iter().enumerate() {
                if !fig.value.is_finite() {
                    let mut at = path("milestones", i, &["figures"]);
                    at.extend([Step::Index(j), Step::Key("value".into())]);
                    self.report(f, at, format!("figure \"{}\" is not a finite number", fig.name));
                }
            }
            if m.title.trim().is_empty() {
                self.report(f, path("milestones", i, &["title"]), "empty milestone title".into());
            }
            self.citations(f, || path("milestones", i, &[]), &m.citations);
        }
    }
}

fn did_you_mean<'a>(query: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    match suggestions(query, candidates).first() {
        Some(best) => format!(" (did you mean \"{best}\"?)"),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::ends::ActorIx;
    use crate::model::{Actor, Confidence, Link, Source};
    use serde_json::json;

    fn dataset() -> Dataset {
        let cite = json!([{"source": "deck", "locator": "2010"}]);
        let actor = |id: &str, start: i32, end: Option<i32>| -> Actor {
            serde_json::from_value(json!({"id": id, "name": id.to_uppercase(), "kind": "agency",
                "start": start, "end": end, "citations": cite}))
            .unwrap()
        };
        let source: Source = serde_json::from_value(json!({"id": "deck", "kind": "deck",
            "title": "Deck", "sections": ["2010"]}))
        .unwrap();
        let link: Link = serde_json::from_value(json!({"from": "genci", "to": "anr",
            "kind": "funds", "start": 2010, "citations": cite}))
        .unwrap();
        Dataset {
            name: "t".into(),
            sources: vec![source],
            actors: vec![actor("genci", 2007, None), actor("anr", 2005, Some(2020))],
            links: vec![link],
            milestones: vec![],
            scenarios: vec![],
            scenario_actors: vec![],
            meta: Default::default(),
            vocabulary: Default::default(),
        }
    }

    fn messages(d: &Dataset) -> Vec<String> {
        check(d).into_iter().map(|p| p.message).collect()
    }

    #[test]
    fn a_link_from_an_actor_to_itself_is_reported_whether_its_ends_are_known_or_not() {
        let mut d = dataset();
        let link = |from: &str, to: &str, start: i32| -> Link {
            serde_json::from_value(json!({"from": from, "to": to, "kind": "funds",
                "start": start, "citations": [{"source": "deck", "locator": "2010"}]}))
            .unwrap()
        };
        // Same-length ids, so that only their bytes tell them apart.
        d.actors.push(
            serde_json::from_value(json!({"id": "anq", "name": "ANQ", "kind": "agency",
            "start": 2005, "citations": [{"source": "deck", "locator": "2010"}]}))
            .unwrap(),
        );
        d.links = vec![
            link("genci", "genci", 2010),
            link("anr", "anq", 2011),
            link("nope", "nope", 2012),
            link("anr", "nope", 2013),
        ];
        let itself = |problems: Vec<Pending>| -> Vec<String> {
            problems.into_iter().map(|p| p.message).filter(|m| m.contains("itself")).collect()
        };
        let expected = ["link from \"genci\" to itself", "link from \"nope\" to itself"];
        // Ends found here, by id.
        assert_eq!(itself(check(&d)), expected);
        // Ends given by the parser, as indices, with an unknown one untagged.
        let ends = |a: Option<usize>, b: Option<usize>| {
            let ix = |k: Option<usize>| k.map_or(ActorIx::NONE, ActorIx::new);
            Ends { from: ix(a), to: ix(b) }
        };
        let given = vec![
            ends(Some(0), Some(0)),
            ends(Some(1), Some(2)),
            ends(None, None),
            ends(Some(1), None),
        ];
        let (problems, ends) = check_ends(&d, &Unparsed::default(), Some(given.clone()));
        assert_eq!(itself(problems), expected);
        assert_eq!(ends, given);
    }

    #[test]
    fn values_checked_once_by_address_are_still_reported_every_time_they_are_wrong() {
        // Interning makes equal values share one string, as when the loader parses them.
        let _interning = crate::interned::interning();
        let mut d = dataset();
        let link = |from: &str, to: &str, start: i32, source: &str, locator: &str| -> Link {
            serde_json::from_value(json!({"from": from, "to": to, "kind": "funds",
                "start": start, "citations": [{"source": source, "locator": locator}]}))
            .unwrap()
        };
        for start in 2011..2014 {
            d.links.push(link("genci", "anr", start, "deck", "2010"));
            d.links.push(link("genci", "nobody", start, "deck", "2010"));
            d.links.push(link("anr", "genci", start, "deck", "2099"));
        }
        assert_eq!(d.links[1].to.addr(), d.links[4].to.addr(), "the values must be shared");
        let found = messages(&d);
        let count = |text: &str| found.iter().filter(|m| m.contains(text)).count();
        assert_eq!(count("unknown actor \"nobody\""), 3, "{found:?}");
        assert_eq!(count("locator \"2099\""), 3, "{found:?}");
        assert_eq!(found.len(), 6, "{found:?}");
    }

    #[test]
    fn two_actors_succeeding_each_other_in_the_same_year_is_reported_at_the_later_link() {
        let succeeds = |from: &str, to: &str, start: i32, end: Option<i32>| -> Link {
            serde_json::from_value(json!({"from": from, "to": to, "kind": "succeeds",
                "start": start, "end": end, "citations": [{"source": "deck", "locator": "2010"}]}))
            .unwrap()
        };
        let mut d = dataset();
        // genci succeeds anr 2008–2011; anr succeeds genci from 2011 on: both in 2011.
        d.links =
            vec![succeeds("genci", "anr", 2008, Some(2011)), succeeds("anr", "genci", 2011, None)];
        let found = check(&d);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].path, path("links", 1, &["kind"]));
        assert_eq!(
            found[0].message,
            "\"anr\" and \"genci\" succeed each other in 2011 (links genci/succeeds/anr/2008 and \
             anr/succeeds/genci/2011): a succession runs one way"
        );
        // In different years it is a history, not a cycle; anr's end (2020) clips an open link.
        d.links =
            vec![succeeds("genci", "anr", 2008, Some(2010)), succeeds("anr", "genci", 2011, None)];
        assert_eq!(messages(&d), Vec::<String>::new());
        d.links = vec![succeeds("genci", "anr", 2008, None), succeeds("anr", "genci", 2020, None)];
        assert_eq!(check(&d).len(), 1);
        d.actors[1].end = Some(2019);
        d.links[0].end = Some(2019);
        d.links[1].start = 2019;
        d.links[1].end = Some(2019);
        assert_eq!(check(&d).len(), 1, "2019 is a year of both");
    }

    #[test]
    fn a_clean_dataset_has_no_problem() {
        assert_eq!(messages(&dataset()), Vec::<String>::new());
    }

    #[test]
    fn reports_every_problem_not_only_the_first() {
        let mut d = dataset();
        d.links[0].to = "anrr".into();
        d.links[0].citations[0].source = "dek".into();
        d.actors[1].end = Some(1990);
        let m = messages(&d);
        assert!(
            m.contains(&"unknown actor \"anrr\" in \"to\" (did you mean \"anr\"?)".to_string()),
            "{m:?}"
        );
        assert!(
            m.contains(&"citation of unknown source \"dek\" (did you mean \"deck\"?)".to_string()),
            "{m:?}"
        );
        assert!(m.contains(&"end 1990 is before start 2005".to_string()), "{m:?}");
    }

    #[test]
    fn links_must_live_within_their_actors() {
        let mut d = dataset();
        d.links[0].start = 2006;
        let m = messages(&d);
        assert_eq!(m, vec!["link genci/funds/anr/2006 (2006–) is active outside the lifetime of \"genci\" (2007–)".to_string()]);
        let mut d = dataset();
        d.links[0].end = Some(2021);
        let m = messages(&d);
        assert_eq!(m, vec!["link genci/funds/anr/2010 (2010–2021) is active outside the lifetime of \"anr\" (2005–2020)".to_string()]);
    }

    #[test]
    fn duplicates_impossible_years_locators_and_inferred_notes() {
        let mut d = dataset();
        d.actors.push(d.actors[0].clone());
        d.links.push(d.links[0].clone());
        d.links[1].confidence = Confidence::Inferred;
        d.actors[0].start = 20007;
        d.actors[1].citations[0].locator = "2011".into();
        let m = messages(&d).join("\n");
        assert!(m.contains("duplicate actor id \"genci\""), "{m}");
        assert!(m.contains("duplicate link genci/funds/anr/2010"), "{m}");
        assert!(m.contains("impossible year 20007 in \"start\""), "{m}");
        assert!(m.contains("locator \"2011\" is not a section of source \"deck\""), "{m}");
        assert!(m.contains("inferred link genci/funds/anr/2010 needs a note"), "{m}");
    }

    #[test]
    fn checking_links_on_several_threads_reports_the_same() {
        let mut d = dataset();
        let mut link = d.links[0].clone();
        for start in 2010..2030 {
            link.start = start;
            d.links.push(link.clone());
        }
        // Duplicates within one part and across parts, an unknown actor, a broken lifetime.
        d.links.extend([d.links[0].clone(), d.links[15].clone(), d.links[3].clone()]);
        d.links[7].to = "nobody".into();
        d.links.push(d.links[7].clone());
        d.links[11].end = Some(2035);
        let key = |p: &Pending| format!("{:?} {}", p.path, p.message);
        let mut one: Vec<String> =
            check_with(&d, &Unparsed::default(), None, usize::MAX).0.iter().map(key).collect();
        let mut many: Vec<String> =
            check_with(&d, &Unparsed::default(), None, 0).0.iter().map(key).collect();
        one.sort();
        many.sort();
        assert_eq!(one.iter().filter(|m| m.contains("duplicate link")).count(), 5, "{one:#?}");
        assert_eq!(one, many);
    }

    #[test]
    fn slugs() {
        assert!(is_slug("grid5000") && is_slug("france-grilles"));
        assert!(!is_slug("Genci") && !is_slug("-x") && !is_slug("a b") && !is_slug(""));
    }
}
