//! Finding where a value sits in a JSON text, so that problems found after parsing can still name
//! their line and column.
//!
//! serde_json keeps no positions once a value is parsed. Rather than carry spans through every
//! record (which would slow the common, valid case), problems are recorded with a path
//! (`links` → 5 → `to`) and located afterwards, only when there is something to report, by
//! re-reading the text with jsonc-parser, whose syntax tree keeps byte ranges.

use jsonc_parser::ast::{ObjectPropName, Value};
use jsonc_parser::common::Ranged;
use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};

/// One step of a path into a JSON document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// A key of an object.
    Key(String),
    /// An index into an array.
    Index(usize),
}

/// A path into a JSON document.
pub type JsonPath = Vec<Step>;

/// What a path should point at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The value at the path.
    Value,
    /// The key that names the last step (for unknown or duplicate fields).
    Key,
}

/// 1-based line and character column of byte `offset` in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// The byte offset at which each line of a text starts, found in one pass, so that any number
/// of offsets are turned into lines and columns without reading the text again from its start
/// for each (which made `check` quadratic in the number of problems).
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes the line starts of `text`.
    pub fn new(text: &'a str) -> Self {
        let starts =
            std::iter::once(0).chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { text, starts: starts.collect() }
    }

    /// 1-based line and character column of byte `offset`, as [`line_column`] gives them.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        let line = self.starts.partition_point(|&start| start <= offset);
        let start = self.starts[line - 1];
        (line, self.text[start..offset].chars().count() + 1)
    }
}

/// Converts serde_json's 1-based line and byte column into a character column.
pub fn char_column(text: &str, line: usize, byte_column: usize) -> usize {
    match text.split('\n').nth(line.saturating_sub(1)) {
        Some(l) => {
            let cut = floor_char_boundary(l, byte_column.saturating_sub(1).min(l.len()));
            l[..cut].chars().count() + 1
        }
        None => byte_column,
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A JSON text parsed once so that many paths can be located in it.
pub struct Locator<'a> {
    lines: LineIndex<'a>,
    root: Option<Value<'a>>,
}

impl<'a> Locator<'a> {
    /// Parses `text` (strict JSON) keeping the byte range of every node.
    pub fn new(text: &'a str) -> Self {
        let options = ParseOptions {
            allow_comments: false,
            allow_loose_object_property_names: false,
            allow_trailing_commas: false,
            allow_missing_commas: false,
            allow_single_quoted_strings: false,
            allow_hexadecimal_numbers: false,
            allow_unary_plus_numbers: false,
            ..ParseOptions::default()
        };
        let root = parse_to_ast(text, &CollectOptions::default(), &options)
            .ok()
            .and_then(|parsed| parsed.value);
        Locator { lines: LineIndex::new(text), root }
    }

    /// The line and column of the deepest node of `path` found in the text.
    ///
    /// When the path leads further than the document goes (a missing field), the position of
    /// the deepest node that exists is returned, which is the record that lacks the field.
    /// Returns `(0, 0)` only when the text cannot be parsed at all.
    pub fn locate(&self, path: &[Step], target: Target) -> (usize, usize) {
        match self.offset(path, target) {
            Some(offset) => self.lines.line_column(offset),
            None => (0, 0),
        }
    }

    /// The byte offset that [`Locator::locate`] turns into a line and column; `None` when the
    /// text cannot be parsed at all.
    pub fn offset(&self, path: &[Step], target: Target) -> Option<usize> {
        self.root.as_ref().map(|root| offset_of(root, path, target))
    }
}

/// Locates one path in `text`; see [`Locator::locate`].
pub fn locate(text: &str, path: &[Step], target: Target) -> (usize, usize) {
    Locator::new(text).locate(path, target)
}

fn offset_of(root: &Value<'_>, path: &[Step], target: Target) -> usize {
    let mut node = root;
    for (i, step) in path.iter().enumerate() {
        let last = i + 1 == path.len();
        match (node, step) {
            (Value::Object(obj), Step::Key(key)) => {
                // The last occurrence wins in serde_json, so a duplicate is reported there.
                let Some(prop) = obj.properties.iter().rev().find(|p| prop_name(&p.name) == *key)
                else {
                    return node.start();
                };
                if last && target == Target::Key {
                    return prop.name.start();
                }
                node = &prop.value;
            }
            (Value::Array(arr), Step::Index(index)) => match arr.elements.get(*index) {
                Some(element) => node = element,
                None => return node.start(),
            },
            _ => return node.start(),
        }
    }
    node.start()
}

fn prop_name(name: &ObjectPropName<'_>) -> String {
    match name {
        ObjectPropName::String(s) => s.value.to_string(),
        ObjectPropName::Word(w) => w.value.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str =
        "{\n  \"links\": [\n    {\"from\": \"a\"},\n    {\"from\": \"é\", \"to\": \"b\"}\n  ]\n}\n";

    #[test]
    fn finds_values_and_keys() {
        let path = vec![Step::Key("links".into()), Step::Index(1), Step::Key("to".into())];
        assert_eq!(locate(TEXT, &path, Target::Value), (4, 25));
        assert_eq!(locate(TEXT, &path, Target::Key), (4, 19));
    }

    #[test]
    fn missing_field_points_at_its_record() {
        let path = vec![Step::Key("links".into()), Step::Index(0), Step::Key("to".into())];
        assert_eq!(locate(TEXT, &path, Target::Value), (3, 5));
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        assert_eq!(line_column("é\"x", 3), (1, 3));
        assert_eq!(char_column("é\"x", 1, 4), 3);
    }

    #[test]
    fn the_line_index_agrees_with_a_scan_from_the_start_at_every_offset() {
        for text in [TEXT, "", "\n", "é\n\nà b\r\n\u{1f600}x\n", "no line break"] {
            let index = LineIndex::new(text);
            for offset in 0..=text.len() + 2 {
                assert_eq!(
                    index.line_column(offset),
                    line_column(text, offset),
                    "{text:?} {offset}"
                );
            }
        }
    }

    #[test]
    fn unparsable_text_gives_no_position() {
        assert_eq!(locate("{", &[Step::Key("a".into())], Target::Value), (0, 0));
    }
}
