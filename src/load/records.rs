//! The ordinary path of parsing a file: serde straight into its typed form, and when that fails
//! record by record, so that every broken record is reported in the words of the data files and
//! the others are kept.

use super::large::{self, Input, Large};
use crate::dataset::{DataFile, Pending};
use crate::error::Problem;
use crate::locate::{JsonPath, Step, Target, char_column};
use crate::model::{ActorsFile, LinksFile, MilestonesFile, SourcesFile};
use crate::vocabulary::Vocabulary;
use serde::de::DeserializeOwned;
use std::collections::HashSet;

/// What parsing the files accumulates.
pub(super) struct Ctx<'a> {
    pub(super) names: &'a [String; 4],
    pub(super) problems: &'a mut Vec<Problem>,
    pub(super) pending: &'a mut Vec<Pending>,
    pub(super) kept: &'a mut [Option<Vec<usize>>; 4],
    pub(super) unreadable: &'a mut [bool; 4],
    pub(super) broken: &'a mut [HashSet<String>; 4],
    /// The dataset's vocabulary, to tell of a broken record's kind too (`None`: not checked).
    pub(super) vocabulary: Option<&'a Vocabulary>,
}

impl Ctx<'_> {
    /// The typed form of one file. The fast path deserialises the whole text at once; on a
    /// data error (not a syntax error) the slow path goes record by record, reporting each
    /// broken one and keeping the others.
    pub(super) fn parse_file<T>(&mut self, file: DataFile, text: &str) -> T
    where
        T: DeserializeOwned + Default + Large,
        T::Record: Send,
    {
        let shown = &self.names[file.index()];
        if text.trim().is_empty() {
            let message =
                format!("empty file (expected an object with an array \"{}\")", file.array_key());
            self.problems.push(Problem { file: shown.clone(), line: 1, column: 1, message });
            self.unreadable[file.index()] = true;
            return T::default();
        }
        if let Some((parsed, _)) = large::parse::<T>(file.array_key(), Input::Text(text)) {
            return parsed;
        }
        let error = match serde_json::from_str::<T>(text) {
            Ok(parsed) => return parsed,
            Err(e) => e,
        };
        // The record-by-record pass needs the document as a value. A syntax error the typed pass
        // did not reach (it stops at the first wrong type), such as nesting deeper than
        // serde_json's recursion limit, shows up here and is located the same way.
        let reparsed = (!error.is_syntax() && !error.is_eof())
            .then(|| serde_json::from_str::<serde_json::Value>(text));
        let value = match reparsed {
            Some(Ok(value)) => value,
            failed => {
                let syntax = match &failed {
                    Some(Err(e)) => e,
                    _ => &error,
                };
                self.problems.push(serde_problem(shown, text, syntax, "malformed JSON: "));
                self.unreadable[file.index()] = true;
                return T::default();
            }
        };
        let before = self.pending.len();
        let (parsed, kept, broken) = slow_path(file, value, self.pending, self.vocabulary);
        if self.pending.len() == before {
            // The typed pass failed where the record-by-record pass sees nothing wrong: the
            // document as a value hides it, as with a key written twice (the value keeps the
            // last). Report what the typed pass found, so that it is never accepted silently.
            let problem = serde_problem(shown, text, &error, "");
            self.problems.push(problem);
        }
        self.kept[file.index()] = Some(kept);
        match broken {
            Some(ids) => self.broken[file.index()] = ids,
            None => self.unreadable[file.index()] = true,
        }
        parsed
    }
}

/// A serde_json error as a located problem, its message without serde_json's own position.
pub(super) fn serde_problem(
    shown: &str,
    text: &str,
    error: &serde_json::Error,
    prefix: &str,
) -> Problem {
    let message = error.to_string();
    let message = message.rfind(" at line ").map_or(message.as_str(), |i| &message[..i]);
    Problem {
        file: shown.to_string(),
        line: error.line().max(1),
        column: char_column(text, error.line(), error.column()).max(1),
        message: format!("{prefix}{}", humane(message)),
    }
}

/// A file type whose records can be deserialised one at a time.
pub(super) trait Records: Sized {
    /// The record type.
    type Record: DeserializeOwned;
    /// Builds the file from its `$schema` and records.
    fn from_records(schema: Option<String>, records: Vec<Self::Record>) -> Self;
}

impl Records for SourcesFile {
    type Record = crate::model::Source;
    fn from_records(schema: Option<String>, sources: Vec<Self::Record>) -> Self {
        SourcesFile { schema, sources }
    }
}

impl Records for ActorsFile {
    type Record = crate::model::Actor;
    fn from_records(schema: Option<String>, actors: Vec<Self::Record>) -> Self {
        ActorsFile { schema, actors }
    }
}

impl Records for LinksFile {
    type Record = crate::model::Link;
    fn from_records(schema: Option<String>, links: Vec<Self::Record>) -> Self {
        LinksFile { schema, links }
    }
}

impl Records for MilestonesFile {
    type Record = crate::model::Milestone;
    fn from_records(schema: Option<String>, milestones: Vec<Self::Record>) -> Self {
        MilestonesFile { schema, milestones }
    }
}

/// The records that parse, the file index of each, and the ids of those that do not (`None`
/// when the file's array itself is missing or not an array, so nothing of it is known).
fn slow_path<T: Records>(
    file: DataFile,
    value: serde_json::Value,
    pending: &mut Vec<Pending>,
    vocabulary: Option<&Vocabulary>,
) -> (T, Vec<usize>, Option<HashSet<String>>) {
    let key = file.array_key();
    let mut report = |path: JsonPath, target: Target, message: String| {
        pending.push(Pending { file, path, target, message, first: None });
    };
    let serde_json::Value::Object(top) = value else {
        report(
            vec![],
            Target::Value,
            format!("expected an object with an array \"{key}\", found {}", type_name(&value)),
        );
        return (T::from_records(None, vec![]), vec![], None);
    };
    let mut schema = None;
    let mut records = Vec::new();
    let mut kept = Vec::new();
    let mut broken = HashSet::new();
    let mut found = false;
    let mut array_ok = true;
    for (k, v) in top {
        if k == "$schema" {
            match v {
                serde_json::Value::String(s) => schema = Some(s),
                other => report(
                    vec![Step::Key(k)],
                    Target::Value,
                    format!("\"$schema\" must be a string, found {}", type_name(&other)),
                ),
            }
        } else if k == key {
            found = true;
            let serde_json::Value::Array(items) = v else {
                report(
                    vec![Step::Key(k)],
                    Target::Value,
                    format!("\"{key}\" must be an array, found {}", type_name(&v)),
                );
                array_ok = false;
                continue;
            };
            for (index, item) in items.into_iter().enumerate() {
                let id = item.get("id").and_then(|v| v.as_str()).map(str::to_string);
                match serde_path_to_error::deserialize::<_, T::Record>(&item) {
                    Ok(record) => {
                        records.push(record);
                        kept.push(index);
                    }
                    Err(e) => {
                        // The kind is checked here, as the record will not reach the checks.
                        if let Some(message) = unknown_kind(file, vocabulary, &item) {
                            let path = vec![
                                Step::Key(key.into()),
                                Step::Index(index),
                                Step::Key("kind".into()),
                            ];
                            report(path, Target::Value, message);
                        }
                        for (path, target, message) in
                            record_problems::<T::Record>(key, index, item, e)
                        {
                            report(path, target, message);
                        }
                        broken.extend(id);
                    }
                }
            }
        } else {
            let message = format!("unknown field \"{k}\" (expected \"{key}\" or \"$schema\")");
            report(vec![Step::Key(k)], Target::Key, message);
        }
    }
    if !found {
        report(vec![], Target::Value, format!("missing field \"{key}\""));
    }
    let known = (found && array_ok).then_some(broken);
    (T::from_records(schema, records), kept, known)
}

/// The problem of a broken record's kind, when it is a string `vocabulary` does not have.
fn unknown_kind(
    file: DataFile,
    vocabulary: Option<&Vocabulary>,
    item: &serde_json::Value,
) -> Option<String> {
    let (v, kind) = (vocabulary?, item.get("kind")?.as_str()?);
    match file {
        DataFile::Actors => v.actor_kind(kind).is_none().then(|| v.unknown_actor_kind(kind)),
        DataFile::Links => v.link_kind(kind).is_none().then(|| v.unknown_link_kind(kind)),
        _ => None,
    }
}

/// Every problem of one record, not only the first that serde meets: after each one, the field
/// it lies in is taken out and the record read again. A field reported missing only because it
/// was taken out, or because it is misspelt (already reported as unknown), is not a problem of
/// its own and ends the search (serde reports missing fields last, so only other missing fields
/// can go unreported; they show once the record is fixed). Ends, since each round removes a field.
fn record_problems<R: DeserializeOwned>(
    key: &str,
    index: usize,
    mut item: serde_json::Value,
    first: serde_path_to_error::Error<serde_json::Error>,
) -> Vec<(JsonPath, Target, String)> {
    let mut out = Vec::new();
    let mut removed: Vec<String> = Vec::new();
    let mut unknown: Vec<String> = Vec::new();
    let mut error = first;
    loop {
        let inner = error.inner().to_string();
        let missing = inner.strip_prefix("missing field `").and_then(|r| r.split('`').next());
        if missing.is_some_and(|m| removed.iter().any(|r| r == m)) {
            break;
        }
        // A misspelt field ("nmae") already explains the missing one ("name").
        if let Some(m) = missing
            && !crate::resolve::suggestions(m, unknown.iter().map(String::as_str)).is_empty()
        {
            break;
        }
        let described = describe(key, index, &error);
        if described.1 == Target::Key
            && let Some(Step::Key(k)) = described.0.last()
        {
            unknown.push(k.clone());
        }
        // The record's own field that holds the problem.
        let field = match described.0.get(2) {
            Some(Step::Key(k)) => Some(k.clone()),
            _ => None,
        };
        out.push(described);
        let (Some(field), Some(object)) = (field, item.as_object_mut()) else { break };
        if object.remove(&field).is_none() {
            break;
        }
        removed.push(field);
        match serde_path_to_error::deserialize::<_, R>(&item) {
            Ok(_) => break,
            Err(e) => error = e,
        }
    }
    out
}

fn describe(
    key: &str,
    index: usize,
    e: &serde_path_to_error::Error<serde_json::Error>,
) -> (JsonPath, Target, String) {
    let mut path = vec![Step::Key(key.to_string()), Step::Index(index)];
    for segment in e.path().iter() {
        match segment {
            serde_path_to_error::Segment::Seq { index } => path.push(Step::Index(*index)),
            serde_path_to_error::Segment::Map { key } => path.push(Step::Key(key.clone())),
            serde_path_to_error::Segment::Enum { .. } | serde_path_to_error::Segment::Unknown => {}
        }
    }
    let inner = e.inner().to_string();
    if let Some(message) = year_out_of_range(&path, &inner) {
        return (path, Target::Value, message);
    }
    let mut target = Target::Value;
    // serde names the unknown field in its message; point at that key.
    if let Some(rest) = inner.strip_prefix("unknown field `")
        && let Some(end) = rest.find('`')
    {
        let field = Step::Key(rest[..end].to_string());
        if path.last() != Some(&field) {
            path.push(field);
        }
        target = Target::Key;
    }
    (path, target, humane(&inner))
}

/// Stands in a message for the value as the file writes it, put there by [`locate_all`]: serde
/// has turned a number of 26 digits into `1e+26` by then.
pub(super) const LITERAL: &str = "\u{0}literal\u{0}";

/// For a year field (`start`, `end`, `year`) holding a whole number that does not fit a year at
/// all (serde: `invalid value: integer "4294969303"` or `invalid type: floating point "1e+26"`,
/// expected i32), the message validation gives a year outside 1800–2100, naming the value as
/// written ([`LITERAL`]).
fn year_out_of_range(path: &[Step], inner: &str) -> Option<String> {
    let Some(Step::Key(field)) = path.last() else { return None };
    if !["start", "end", "year"].contains(&field.as_str()) || !inner.ends_with(", expected i32") {
        return None;
    }
    let number = inner.split('`').nth(1)?;
    let whole = if inner.starts_with("invalid value: integer `") {
        true
    } else if inner.starts_with("invalid type: floating point `") {
        number.parse::<f64>().is_ok_and(|f| f.fract() == 0.0 && f.abs() > f64::from(i32::MAX))
    } else {
        false
    };
    whole.then(|| {
        format!(
            "impossible year {LITERAL} in \"{field}\" (expected {}–{})",
            crate::model::MIN_YEAR,
            crate::model::MAX_YEAR
        )
    })
}

/// The JSON number that starts at `text[offset..]`, as written.
pub(super) fn number_at(text: &str, offset: usize) -> Option<&str> {
    let rest = text.get(offset..)?;
    let end = rest
        .find(|c: char| !matches!(c, '0'..='9' | '-' | '+' | '.' | 'e' | 'E'))
        .unwrap_or(rest.len());
    (end > 0).then(|| &rest[..end])
}

/// serde's message in the words of the data files: double quotes, and the JSON types years
/// and figures are written in rather than Rust's.
fn humane(message: &str) -> String {
    message
        .replace('`', "\"")
        .replace("expected i32", "expected a whole number")
        .replace("expected f64", "expected a number")
        .replace("expected a sequence", "expected an array")
        .replace("expected struct ", "expected an object: ")
}

fn type_name(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}
