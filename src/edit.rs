//! Changing a dataset folder from the command line: `fmt` puts its files in the canonical layout
//! (the layout `import` writes too), `add` appends one record to a file with the smallest diff
//! (the other records and their formatting untouched). Both check the whole dataset as it would
//! be before anything is written.

use crate::canonical;
use crate::dataset::{DataFile, META_FILE, RawDataset};
use crate::error::{Error, Result};
use crate::load::read_dir;
use crate::model::{ActorsFile, DatasetMeta, LinksFile, MilestonesFile, SourcesFile};
use crate::open::parse;
use jsonc_parser::ast::Value;
use jsonc_parser::common::Ranged;
use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::path::Path;

/// A file whose text changes: its name in the folder, and its new text.
pub type Change = (String, Vec<u8>);

/// The files of the dataset in `dir` that are not in the canonical layout, with their canonical
/// text. The dataset must be valid (its problems are the error otherwise).
///
/// # Errors
/// [`Error::Io`] when the folder cannot be read, [`Error::Invalid`] with every problem found.
pub fn fmt(dir: &Path) -> Result<Vec<Change>> {
    let raw = read_dir(dir)?;
    parse(&raw)?;
    let mut changes = Vec::new();
    for (i, file) in DataFile::ALL.into_iter().enumerate() {
        if let Some(bytes) = &raw.files[i].1 {
            let text = String::from_utf8_lossy(bytes);
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            let canonical = match file {
                DataFile::Sources => relayout::<SourcesFile>(text)?,
                DataFile::Actors => relayout::<ActorsFile>(text)?,
                DataFile::Links => relayout::<LinksFile>(text)?,
                DataFile::Milestones => relayout::<MilestonesFile>(text)?,
            };
            if canonical.as_bytes() != bytes.as_slice() {
                changes.push((file.file_name().to_string(), canonical.into_bytes()));
            }
        }
    }
    if let Some(bytes) = &raw.meta.1 {
        let text = String::from_utf8_lossy(bytes);
        let canonical = relayout::<DatasetMeta>(text.strip_prefix('\u{feff}').unwrap_or(&text))?;
        if canonical.as_bytes() != bytes.as_slice() {
            changes.insert(0, (META_FILE.to_string(), canonical.into_bytes()));
        }
    }
    Ok(changes)
}

fn relayout<T: DeserializeOwned + Serialize>(text: &str) -> Result<String> {
    // The dataset was checked: its files parse.
    let value: T = serde_json::from_str(text).map_err(|e| Error::Internal(e.to_string()))?;
    canonical::file(&value)
}

/// One record to add to a dataset file.
#[derive(Debug, Clone)]
pub enum Record {
    /// An entry of `sources.json`.
    Source(crate::model::Source),
    /// An entry of `actors.json`.
    Actor(crate::model::Actor),
    /// An entry of `links.json`.
    Link(crate::model::Link),
}

impl Record {
    fn file(&self) -> DataFile {
        match self {
            Record::Source(_) => DataFile::Sources,
            Record::Actor(_) => DataFile::Actors,
            Record::Link(_) => DataFile::Links,
        }
    }

    fn text(&self) -> Result<String> {
        match self {
            Record::Source(r) => canonical::record(r),
            Record::Actor(r) => canonical::record(r),
            Record::Link(r) => canonical::record(r),
        }
    }
}

/// The file of the dataset in `dir` with `record` appended, checked together with the rest of
/// the dataset: nothing else in the file changes.
///
/// # Errors
/// [`Error::Io`] when the folder cannot be read; [`Error::Invalid`] with the problems of the
/// dataset with the record added, located in the file as it would be (a duplicate id, an
/// unknown actor or source…), or when the file cannot take a record (no array to add to).
pub fn add(dir: &Path, record: &Record) -> Result<Change> {
    let mut raw: RawDataset = read_dir(dir)?;
    let file = record.file();
    let slot = &mut raw.files[file as usize];
    let shown = slot.0.clone();
    let text = match &slot.1 {
        Some(bytes) => String::from_utf8_lossy(bytes).into_owned(),
        None => canonical::file(&serde_json::json!({ file.array_key(): [] }))?,
    };
    let changed = append(&text, file.array_key(), &record.text()?).ok_or_else(|| {
        Error::Invalid(crate::error::Problems(vec![crate::error::Problem {
            file: shown,
            line: 1,
            column: 1,
            message: format!("expected an object with an array \"{}\"", file.array_key()),
        }]))
    })?;
    slot.1 = Some(changed.clone().into_bytes());
    parse(&raw)?;
    Ok((file.file_name().to_string(), changed.into_bytes()))
}

/// `text` with `record` appended to the top-level array under `key`, indented as the array's
/// last element is (4 spaces in an empty one). `None` when there is no such array.
fn append(text: &str, key: &str, record: &str) -> Option<String> {
    let root =
        parse_to_ast(text, &CollectOptions::default(), &ParseOptions::default()).ok()?.value?;
    let Value::Object(object) = root else { return None };
    let Value::Array(array) = &object.properties.iter().find(|p| p.name.as_str() == key)?.value
    else {
        return None;
    };
    // `record` is laid out for 4 spaces; shift it to the indentation found.
    let (at, indent, prefix) = match array.elements.last() {
        Some(last) => {
            let line_start = text[..last.start()].rfind('\n').map_or(0, |i| i + 1);
            let indent = text[line_start..last.start()].chars().take_while(|c| *c == ' ').count();
            (last.end(), indent, format!(",\n{}", " ".repeat(indent)))
        }
        None => (array.range.start + 1, 4, "\n    ".to_string()),
    };
    let shifted = shift(record, indent);
    let mut out = String::with_capacity(text.len() + record.len() + 8);
    out.push_str(&text[..at]);
    out.push_str(&prefix);
    out.push_str(&shifted);
    if array.elements.is_empty() {
        // Close the array on its own line, at the indentation of its key.
        let key_line = text[..array.range.start].rfind('\n').map_or(0, |i| i + 1);
        let key_indent = text[key_line..].chars().take_while(|c| *c == ' ').count();
        out.push('\n');
        out.push_str(&" ".repeat(key_indent));
        out.push_str(text[at..].trim_start());
    } else {
        out.push_str(&text[at..]);
    }
    Some(out)
}

/// `record`'s lines after the first moved from an indentation of 4 to `indent`.
fn shift(record: &str, indent: usize) -> String {
    if indent == 4 {
        return record.to_string();
    }
    record
        .lines()
        .enumerate()
        .map(|(i, line)| {
            if i == 0 {
                line.to_string()
            } else {
                let rest = line.strip_prefix("    ").unwrap_or(line.trim_start());
                format!("{}{rest}", " ".repeat(indent))
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appending_keeps_every_other_byte_and_follows_the_indentation() {
        let text = "{\n  \"links\": [\n    {\"a\": 1},\n    {\"b\": 2}\n  ]\n}\n";
        assert_eq!(
            append(text, "links", "{\n      \"c\": 3\n    }").unwrap(),
            "{\n  \"links\": [\n    {\"a\": 1},\n    {\"b\": 2},\n    {\n      \"c\": 3\n    }\n  ]\n}\n"
        );
        let empty = "{\n  \"$schema\": \"x\",\n  \"links\": []\n}\n";
        assert_eq!(
            append(empty, "links", "{\n      \"c\": 3\n    }").unwrap(),
            "{\n  \"$schema\": \"x\",\n  \"links\": [\n    {\n      \"c\": 3\n    }\n  ]\n}\n"
        );
        let two = "{\"links\": [\n  {\"a\": 1}\n]}";
        assert_eq!(
            append(two, "links", "{\n      \"c\": 3\n    }").unwrap(),
            "{\"links\": [\n  {\"a\": 1},\n  {\n    \"c\": 3\n  }\n]}"
        );
        assert_eq!(append("[]", "links", "{}"), None);
        assert_eq!(append("{\"actors\": []}", "links", "{}"), None);
    }
}
