//! The canonical layout of dataset files: what `fmt` rewrites hand-edited files into and what
//! `init` and `add` write, so that diffs of the data stay small and readable.
//!
//! Fields come in the order of the model's types (the order `graph/README.md` documents). Each
//! record has one field per line; an array of scalars or of flat objects (citations, figures,
//! aliases) stays on one line when it fits in [`WIDTH`] characters, else takes one line per
//! element, as people write them by hand; anything nested deeper opens up. A whole number is
//! written without a fractional part (a figure of `2`, not `2.0`).
//! Strings are written as serde_json writes them (non-ASCII as is). A field that holds its
//! documented default is left out ([`DEFAULTS`]), as hand-written files leave it out.

use crate::error::{Error, Result};
use jsonc_parser::ast::{ObjectPropName, Value};
use jsonc_parser::common::Ranged;
use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};
use serde::Serialize;

/// The canonical text of a whole file (its typed form: `ActorsFile`, `DatasetMeta`…), ending
/// with a line break.
///
/// # Errors
/// [`Error::Internal`] only if the value cannot be serialised as JSON, which the model's types
/// always can.
pub fn file<T: Serialize>(value: &T) -> Result<String> {
    let mut out = layout(value, 0)?;
    out.push('\n');
    Ok(out)
}

/// The canonical text of one record as it stands in its file's array (indented by 4 spaces
/// after the first line, which the caller places), for inserting it among others.
///
/// # Errors
/// As [`file`].
pub fn record<T: Serialize>(value: &T) -> Result<String> {
    layout(value, 4)
}

fn layout<T: Serialize>(value: &T, indent: usize) -> Result<String> {
    let compact = serde_json::to_string(value).map_err(|e| Error::Internal(e.to_string()))?;
    let root = parse_to_ast(&compact, &CollectOptions::default(), &ParseOptions::default())
        .ok()
        .and_then(|parsed| parsed.value)
        .ok_or_else(|| Error::Internal("serde_json wrote what it cannot read back".into()))?;
    let mut out = String::with_capacity(compact.len() * 2);
    write(&compact, &root, indent, indent, &mut out);
    Ok(out)
}

/// Fields left out when they hold this value, which the format documents as their default:
/// a link is `stated` unless it says otherwise.
pub const DEFAULTS: &[(&str, &str)] = &[("\"confidence\"", "\"stated\"")];

/// The longest line a list is kept on.
pub const WIDTH: usize = 120;

/// The indentation of a record's fields: the root object's arrays stand at 2, their records at 4.
const RECORD_FIELDS: usize = 6;

/// A scalar, or an object of scalars: written on one line inside an array.
fn flat(value: &Value<'_>) -> bool {
    match value {
        Value::Array(_) => false,
        Value::Object(o) => {
            o.properties.iter().all(|p| !matches!(p.value, Value::Array(_) | Value::Object(_)))
        }
        _ => true,
    }
}

fn key(name: &ObjectPropName<'_>, text: &str) -> String {
    match name {
        ObjectPropName::String(s) => text[s.range.start..s.range.end].to_string(),
        ObjectPropName::Word(w) => format!("\"{}\"", w.value),
    }
}

/// Writes `value`, whose first character stands at `column` of a line indented by `indent`.
fn write(text: &str, value: &Value<'_>, indent: usize, column: usize, out: &mut String) {
    let pad = |n: usize, out: &mut String| out.extend(std::iter::repeat_n(' ', n));
    match value {
        Value::Array(a) if a.elements.is_empty() => out.push_str("[]"),
        // Only inside a record (whose fields stand at RECORD_FIELDS): a file's array of records
        // opens up even when its records are flat.
        Value::Array(a) if indent >= RECORD_FIELDS && a.elements.iter().all(flat) => {
            let elements: Vec<String> = a
                .elements
                .iter()
                .map(|e| {
                    let mut s = String::new();
                    write_inline(text, e, &mut s);
                    s
                })
                .collect();
            let one_line = format!("[{}]", elements.join(", "));
            if column + one_line.chars().count() < WIDTH {
                out.push_str(&one_line);
            } else {
                out.push_str("[\n");
                for (i, e) in elements.iter().enumerate() {
                    pad(indent + 2, out);
                    out.push_str(e);
                    out.push_str(if i + 1 < elements.len() { ",\n" } else { "\n" });
                }
                pad(indent, out);
                out.push(']');
            }
        }
        Value::Array(a) => {
            out.push_str("[\n");
            for (i, e) in a.elements.iter().enumerate() {
                pad(indent + 2, out);
                write(text, e, indent + 2, indent + 2, out);
                out.push_str(if i + 1 < a.elements.len() { ",\n" } else { "\n" });
            }
            pad(indent, out);
            out.push(']');
        }
        Value::Object(o) if o.properties.is_empty() => out.push_str("{}"),
        Value::Object(o) => {
            let shown: Vec<_> = o
                .properties
                .iter()
                .map(|p| (key(&p.name, text), p))
                .filter(|(k, p)| {
                    let v = &text[p.value.start()..p.value.end()];
                    !DEFAULTS.contains(&(k.as_str(), v))
                })
                .collect();
            if shown.is_empty() {
                out.push_str("{}");
                return;
            }
            out.push_str("{\n");
            for (i, (k, p)) in shown.iter().enumerate() {
                pad(indent + 2, out);
                out.push_str(k);
                out.push_str(": ");
                let column = indent + 2 + k.chars().count() + 2;
                write(text, &p.value, indent + 2, column, out);
                out.push_str(if i + 1 < shown.len() { ",\n" } else { "\n" });
            }
            pad(indent, out);
            out.push('}');
        }
        scalar => out.push_str(number(&text[scalar.start()..scalar.end()])),
    }
}

/// A number as short as it reads: serde_json writes a whole `f64` as `2.0`, people write `2`.
fn number(literal: &str) -> &str {
    match literal.strip_suffix(".0") {
        Some(whole)
            if !whole.is_empty()
                && whole.trim_start_matches('-').bytes().all(|b| b.is_ascii_digit()) =>
        {
            whole
        }
        _ => literal,
    }
}

/// A flat value on one line: `{"source": "deck", "locator": "2010"}`.
fn write_inline(text: &str, value: &Value<'_>, out: &mut String) {
    match value {
        Value::Object(o) => {
            out.push('{');
            for (i, p) in o.properties.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&key(&p.name, text));
                out.push_str(": ");
                write_inline(text, &p.value, out);
            }
            out.push('}');
        }
        scalar => out.push_str(number(&text[scalar.start()..scalar.end()])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ActorsFile, LinksFile};

    #[test]
    fn records_open_up_and_flat_arrays_stay_on_one_line() {
        let links: LinksFile = serde_json::from_str(
            r#"{"$schema": "schema/links.schema.json", "links": [{"citations": [{"locator": "2010",
            "source": "deck"}], "kind": "funds", "start": 2010, "to": "b", "from": "a",
            "note": "\"q\" \\ é\n"}]}"#,
        )
        .unwrap();
        assert_eq!(
            file(&links).unwrap(),
            r#"{
  "$schema": "schema/links.schema.json",
  "links": [
    {
      "from": "a",
      "to": "b",
      "kind": "funds",
      "start": 2010,
      "citations": [{"source": "deck", "locator": "2010"}],
      "note": "\"q\" \\ é\n"
    }
  ]
}
"#
        );
        // A list too long for one line takes one line per element; whole numbers stay whole.
        let milestones: crate::model::MilestonesFile = serde_json::from_str(
            r#"{"milestones": [{"actor": "a", "year": 2010, "title": "T",
            "figures": [{"name": "n", "value": 2}, {"name": "m", "value": 2.5e0}],
            "citations": [{"source": "a-rather-long-source-id", "locator": "first page"},
            {"source": "another-rather-long-source-id", "locator": "second page"}]}]}"#,
        )
        .unwrap();
        let text = file(&milestones).unwrap();
        assert!(
            text.contains(
                r#""figures": [{"name": "n", "value": 2}, {"name": "m", "value": 2.5}],"#
            ),
            "{text}"
        );
        assert!(
            text.contains("\"citations\": [\n        {\"source\": \"a-rather-long-source-id\", \"locator\": \"first page\"},\n        {"),
            "{text}"
        );
        assert_eq!(
            serde_json::from_str::<crate::model::MilestonesFile>(&text).unwrap(),
            milestones
        );
        assert_eq!(
            (number("-20.0"), number("2.05"), number("1e20"), number(".0")),
            ("-20", "2.05", "1e20", ".0")
        );
        // A file's records open up even when they are flat.
        let sources: crate::model::SourcesFile = serde_json::from_str(
            r#"{"sources": [{"id": "s", "kind": "web", "title": "T", "url": "https://x.org"}]}"#,
        )
        .unwrap();
        assert!(file(&sources).unwrap().contains("[\n    {\n      \"id\": \"s\",\n"));
        let empty = ActorsFile::default();
        assert_eq!(file(&empty).unwrap(), "{\n  \"actors\": []\n}\n");
    }

    #[test]
    fn nested_arrays_of_objects_with_arrays_open_up() {
        let actors: ActorsFile = serde_json::from_str(
            r#"{"actors": [{"id": "i", "name": "N", "kind": "agency", "start": 2000,
            "aliases": ["A", "B"], "names": [{"name": "Old", "start": 2000, "end": 2001,
            "citations": [{"source": "s", "locator": "l"}]}],
            "citations": [{"source": "s", "locator": "l"}]}]}"#,
        )
        .unwrap();
        let text = file(&actors).unwrap();
        assert!(text.contains("      \"aliases\": [\"A\", \"B\"],\n"), "{text}");
        assert!(
            text.contains("      \"names\": [\n        {\n          \"name\": \"Old\","),
            "{text}"
        );
        // What the layout writes reads back as the same records.
        assert_eq!(serde_json::from_str::<ActorsFile>(&text).unwrap(), actors);
    }
}
