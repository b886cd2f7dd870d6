//! The semantic checks of a dataset: everything JSON parsing alone cannot see.
//!
//! Each check reports a [`Pending`] problem located by path; [`crate::load`] turns the paths into
//! lines and columns. Checks never stop at the first problem.

use crate::load::{DataFile, Pending};
use crate::locate::{Step, Target};
use crate::model::{Citation, Confidence, Dataset, Lifetime, MAX_YEAR, MIN_YEAR, SourceKind, Year};
use crate::resolve::suggestions;
use std::collections::{HashMap, HashSet};

/// What is known of records that could not be parsed, so that references to them are not
/// reported again as references to nothing.
#[derive(Debug, Clone, Default)]
pub struct Unparsed {
    /// Whether `sources.json` could not be read at all (missing, not UTF-8, malformed).
    pub sources_unreadable: bool,
    /// Whether `actors.json` could not be read at all.
    pub actors_unreadable: bool,
    /// Ids of source records that were dropped because they are broken.
    pub broken_sources: HashSet<String>,
    /// Ids of actor records that were dropped because they are broken.
    pub broken_actors: HashSet<String>,
}

struct Checker<'d> {
    dataset: &'d Dataset,
    unparsed: &'d Unparsed,
    sources: HashMap<&'d str, usize>,
    actors: HashMap<&'d str, usize>,
    out: Vec<Pending>,
}

/// Every semantic problem of `dataset`, whose files all parsed.
pub fn check(dataset: &Dataset) -> Vec<Pending> {
    check_partial(dataset, &Unparsed::default())
}

/// Every semantic problem of `dataset`, some of whose records could not be parsed: references
/// to those are not reported (their own problem already is).
pub fn check_partial(dataset: &Dataset, unparsed: &Unparsed) -> Vec<Pending> {
    let mut c = Checker {
        dataset,
        unparsed,
        sources: HashMap::new(),
        actors: HashMap::new(),
        out: Vec::new(),
    };
    c.sources();
    c.actors();
    c.links();
    c.milestones();
    c.out
}

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
        self.out.push(Pending { file, path, target: Target::Value, message });
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

    fn citations(&mut self, file: DataFile, at: Vec<Step>, citations: &[Citation]) {
        if citations.is_empty() {
            let mut p = at;
            p.push(Step::Key("citations".into()));
            self.report(file, p, "no citation: every record cites at least one source".into());
            return;
        }
        for (j, c) in citations.iter().enumerate() {
            let mut p = at.clone();
            p.extend([Step::Key("citations".into()), Step::Index(j)]);
            match self.sources.get(c.source.as_str()) {
                None if self.unparsed.sources_unreadable
                    || self.unparsed.broken_sources.contains(&c.source) => {}
                None => {
                    let mut p = p.clone();
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
                    if !source.sections.is_empty() && !source.sections.contains(&c.locator) {
                        let mut p = p.clone();
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
                let mut p = p;
                p.push(Step::Key("locator".into()));
                self.report(file, p, "empty locator: say where in the source".into());
            }
        }
    }

    fn sources(&mut self) {
        let f = DataFile::Sources;
        for (i, s) in self.dataset.sources.iter().enumerate() {
            self.slug(f, "sources", i, &s.id);
            if self.sources.insert(&s.id, i).is_some() {
                self.report(
                    f,
                    path("sources", i, &["id"]),
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
        for (i, a) in data.actors.iter().enumerate() {
            self.slug(f, "actors", i, &a.id);
            if self.actors.insert(&a.id, i).is_some() {
                self.report(
                    f,
                    path("actors", i, &["id"]),
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
            self.years(f, "actors", i, a.start, a.end);
            self.citations(f, path("actors", i, &[]), &a.citations);
            for (j, n) in a.names.iter().enumerate() {
                let mut at = path("actors", i, &["names"]);
                at.push(Step::Index(j));
                if n.end.is_some_and(|e| e < n.start) {
                    let mut p = at.clone();
                    p.push(Step::Key("end".into()));
                    let message = format!(
                        "name \"{}\": end {} is before start {}",
                        n.name,
                        n.end.unwrap_or_default(),
                        n.start
                    );
                    self.report(f, p, message);
                } else if !n.lifetime().within(&a.lifetime()) {
                    let mut p = at.clone();
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
        at: Vec<Step>,
        field: &str,
        id: &str,
    ) -> Option<Lifetime> {
        match self.actors.get(id) {
            // An actor whose own years are wrong (reported once, on the actor) is not checked
            // against: every link and milestone of it would repeat the same problem.
            Some(&k) => {
                let life = self.dataset.actors[k].lifetime();
                life.end.is_none_or(|e| e >= life.start).then_some(life)
            }
            None if self.unparsed.actors_unreadable || self.unparsed.broken_actors.contains(id) => {
                None
            }
            None => {
                let hint = did_you_mean(id, self.dataset.actors.iter().map(|a| a.id.as_str()));
                self.report(file, at, format!("unknown actor \"{id}\" in \"{field}\"{hint}"));
                None
            }
        }
    }

    fn links(&mut self) {
        let f = DataFile::Links;
        let data = self.dataset;
        let mut seen: HashSet<String> = HashSet::new();
        for (i, l) in data.links.iter().enumerate() {
            let from = self.actor_ref(f, path("links", i, &["from"]), "from", &l.from);
            let to = self.actor_ref(f, path("links", i, &["to"]), "to", &l.to);
            if l.from == l.to {
                self.report(
                    f,
                    path("links", i, &["to"]),
                    format!("link from \"{}\" to itself", l.from),
                );
            }
            self.years(f, "links", i, l.start, l.end);
            let life = l.lifetime();
            for (id, actor_life) in [(&l.from, from), (&l.to, to)] {
                if let Some(actor_life) = actor_life {
                    // An open end means "as long as both actors live", so it is clipped, not
                    // an error; a stated end must fall within the actor's life.
                    let clipped = Lifetime { start: l.start, end: l.end.or(actor_life.end) };
                    if l.end.is_none_or(|e| e >= l.start) && !clipped.within(&actor_life) {
                        let message = format!(
                            "link {} ({}) is active outside the lifetime of \"{}\" ({})",
                            l.id(),
                            life,
                            id,
                            actor_life
                        );
                        self.report(f, path("links", i, &["start"]), message);
                    }
                }
            }
            if !seen.insert(l.id()) {
                self.report(f, path("links", i, &["kind"]), format!("duplicate link {}", l.id()));
            }
            if l.confidence == Confidence::Inferred
                && l.note.as_deref().is_none_or(|n| n.trim().is_empty())
            {
                let message = format!("inferred link {} needs a note saying why", l.id());
                self.report(f, path("links", i, &["confidence"]), message);
            }
            self.citations(f, path("links", i, &[]), &l.citations);
        }
    }

    fn milestones(&mut self) {
        let f = DataFile::Milestones;
        let data = self.dataset;
        for (i, m) in data.milestones.iter().enumerate() {
            if let Some(life) =
                self.actor_ref(f, path("milestones", i, &["actor"]), "actor", &m.actor)
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
                let mut at = path("milestones", i, &["related"]);
                at.push(Step::Index(j));
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
            self.citations(f, path("milestones", i, &[]), &m.citations);
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
    use crate::model::{Actor, Link, Source};
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
        }
    }

    fn messages(d: &Dataset) -> Vec<String> {
        check(d).into_iter().map(|p| p.message).collect()
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
    fn slugs() {
        assert!(is_slug("grid5000") && is_slug("france-grilles"));
        assert!(!is_slug("Genci") && !is_slug("-x") && !is_slug("a b") && !is_slug(""));
    }
}
