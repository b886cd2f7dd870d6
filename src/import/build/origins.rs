//! Where each record was read, so that a problem the dataset checks find in a record is told
//! at the file, line and column of the input it came from.

use super::Builder;
use crate::dataset::DataFile;
use crate::error::Problem;
use crate::import::{At, Input, Record};
use crate::locate::{LineIndex, Locator, Step, Target};
use crate::model::Dataset;
use crate::validate::Unparsed;
use std::collections::{HashMap, HashSet};

/// Turns a place in an input into a line and column, parsing each JSON input once at most.
pub(super) struct Places<'t> {
    pub(super) inputs: &'t [Input],
    texts: &'t [&'t str],
    lines: Vec<Option<LineIndex<'t>>>,
    locators: Vec<Option<Locator<'t>>>,
}

impl<'t> Places<'t> {
    pub(super) fn new(inputs: &'t [Input], texts: &'t [&'t str]) -> Places<'t> {
        Places {
            inputs,
            texts,
            lines: (0..texts.len()).map(|_| None).collect(),
            locators: (0..texts.len()).map(|_| None).collect(),
        }
    }

    /// The line of a place.
    pub(super) fn line(&mut self, input: usize, at: &At) -> usize {
        self.problem(input, at, String::new()).line
    }

    pub(super) fn problem(&mut self, input: usize, at: &At, message: String) -> Problem {
        let text = self.texts[input];
        let (line, column) = match at {
            At::Offset(offset) => {
                self.lines[input].get_or_insert_with(|| LineIndex::new(text)).line_column(*offset)
            }
            At::Path(path) => self.locators[input]
                .get_or_insert_with(|| Locator::new(text))
                .locate(path, Target::Value),
        };
        Problem { file: self.inputs[input].name.clone(), line, column, message }
    }
}

/// Where each record of the dataset being built was read, for locating its problems.
#[derive(Default)]
pub(super) struct Origins {
    pub(super) actors: Vec<(usize, Record)>,
    pub(super) links: Vec<(usize, Record)>,
    /// Per milestone: its node's record (the `milestones` field is where it was read).
    pub(super) milestones: Vec<(usize, Record)>,
    /// Per source id: the input and place of its first citation.
    pub(super) sources: HashMap<String, (usize, At)>,
}

impl Builder<'_> {
    /// The input and place a problem of the dataset at `path` (in `file`) was read from.
    pub(super) fn origin_of(&self, file: DataFile, path: &[Step]) -> (usize, At) {
        let (Some(Step::Index(i)), field) = (path.get(1), path.get(2)) else {
            return (0, At::Offset(0));
        };
        let field = match field {
            Some(Step::Key(k)) => k.as_str(),
            _ => "",
        };
        let rest = path.get(3..).unwrap_or_default();
        let from_record = |(_, record): &(usize, Record), name: &str| {
            (record.input, record.at(name).within(rest))
        };
        match file {
            DataFile::Actors => match self.origins.actors.get(*i) {
                Some(o) => from_record(o, field),
                None => (0, At::Offset(0)),
            },
            DataFile::Links => {
                let name = match field {
                    "from" => "source",
                    "to" => "target",
                    other => other,
                };
                match self.origins.links.get(*i) {
                    Some(o) => from_record(o, name),
                    None => (0, At::Offset(0)),
                }
            }
            DataFile::Milestones => match self.origins.milestones.get(*i) {
                Some((_, record)) => (record.input, record.at("milestones")),
                None => (0, At::Offset(0)),
            },
            DataFile::Sources => {
                let id = self.sources.keys().nth(*i);
                match id.and_then(|id| self.origins.sources.get(id)) {
                    Some((input, at)) => (*input, at.clone()),
                    None => (0, At::Offset(0)),
                }
            }
        }
    }

    /// Runs the dataset checks on the dataset built, and reports each problem at the place of
    /// the input it was read from, in the words of the input (a sheet's `To` for `to`).
    pub(super) fn locate_checks(&mut self, dataset: &Dataset, broken: HashSet<String>) {
        let unparsed = Unparsed { broken_actors: broken, ..Unparsed::default() };
        for pending in crate::validate::check_partial(dataset, &unparsed) {
            let (input, at) = self.origin_of(pending.file, &pending.path);
            let mut message = pending.message;
            if message.starts_with("no citation") {
                message.push_str(" (--cite URL_OR_TITLE gives one to every record that has none)");
            }
            // A link's ends as the input names them (`target`, a sheet's `To`).
            if let (DataFile::Links, Some(Step::Index(i)), Some(Step::Key(field))) =
                (pending.file, pending.path.get(1), pending.path.get(2))
                && let Some((_, record)) = self.origins.links.get(*i)
            {
                let own = match field.as_str() {
                    "from" => "source",
                    "to" => "target",
                    _ => "",
                };
                if !own.is_empty() {
                    let named = format!("in \"{}\"", record.shown(own));
                    message = message.replace(&format!("in \"{field}\""), &named);
                }
            }
            self.report(input, &at, message);
        }
    }
}
