//! The XML writing shared by GEXF and GraphML.
//!
//! quick-xml writes the markup and escapes every attribute value and text: `<>&'"`, and the
//! `\t`, `\n`, `\r` that a parser would otherwise turn into spaces (attribute-value and
//! end-of-line normalisation), so names come back exactly. What no escaping can save is a
//! character XML 1.0 forbids outright (most control characters, U+FFFE, U+FFFF): this layer
//! refuses those with [`Error::Unrepresentable`] rather than writing a file no parser accepts.
//!
//! One rule for every XML output, GEXF, GraphML and the SVG that `render` has Graphviz write
//! (`render`'s picture check, run before Graphviz is): a value holding a character XML cannot
//! hold ([`crate::error::is_xml_char`]) is refused, with an error naming the record (actor or link id), the
//! field, the character, and the value cut short ([`Error::unrepresentable`]; a 5 MB note is not
//! echoed whole).

use super::Sink;
use crate::error::{Error, Result};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use std::path::PathBuf;

/// An indented XML document being written into a sink.
pub(super) struct XmlOut<'o, 's> {
    writer: Writer<&'o mut Sink<'s>>,
    format: &'static str,
    /// The record being written, for errors: `actor "x"`, `link "a/funds/b/2010"`, or empty
    /// for the document's own parts.
    record: String,
    /// The field whose value is being written, when it is not the attribute's own name.
    field: Option<&'static str>,
    /// The start tag being written (name and escaped attributes), reused from tag to tag.
    tag: String,
    /// The escaped text of a leaf, reused likewise.
    text: String,
}

/// Writing into a [`Sink`] cannot fail; should it ever, say so rather than panic.
fn memory(source: std::io::Error) -> Error {
    Error::Io { path: PathBuf::from("(memory buffer)"), source }
}

/// The bytes of a value that are not copied as they are, for text (`[0]`) and for attribute
/// values (`[1]`): quick-xml's escapes (`<>&'"` and `\r`; `\n` and `\t` too in an attribute
/// value, where a parser would turn them into spaces), the control characters XML 1.0 forbids,
/// and 0xEF, the first byte of U+FFFE and U+FFFF. One lookup per byte rather than decoding each
/// character and escaping it through a formatter (see docs/performance.md, "Exporting and
/// writing").
const SPECIAL: [[bool; 256]; 2] = {
    let mut table = [[false; 256]; 2];
    let mut b = 0;
    while b < 256 {
        let (text, attribute) = match b as u8 {
            b'\n' | b'\t' => (false, true),
            b'<' | b'>' | b'&' | b'\'' | b'"' | 0..=0x1F | 0xEF => (true, true),
            _ => (false, false),
        };
        table[0][b] = text;
        table[1][b] = attribute;
        b += 1;
    }
    table
};

/// Appends `value` to `out` escaped as quick-xml escapes an attribute value (`attribute`) or a
/// text, or returns the first character that XML cannot hold, escaped or not.
fn escape_into(out: &mut String, value: &str, attribute: bool) -> std::result::Result<(), char> {
    let special = &SPECIAL[usize::from(attribute)];
    let bytes = value.as_bytes();
    let (mut copied, mut i) = (0, 0);
    while i < bytes.len() {
        if !special[usize::from(bytes[i])] {
            i += 1;
            continue;
        }
        let entity = match bytes[i] {
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'&' => "&amp;",
            b'\'' => "&apos;",
            b'"' => "&quot;",
            b'\r' => "&#13;",
            b'\n' => "&#10;",
            b'\t' => "&#9;",
            // Of the characters starting with EF, only U+FFFE and U+FFFF are refused.
            0xEF if !matches!(bytes.get(i + 1..i + 3), Some([0xBF, 0xBE | 0xBF])) => {
                i += 1;
                continue;
            }
            // A control character is ASCII and EF starts a character: `i` is on a boundary.
            _ => return Err(value[i..].chars().next().unwrap_or_default()),
        };
        out.push_str(&value[copied..i]);
        out.push_str(entity);
        i += 1;
        copied = i;
    }
    out.push_str(&value[copied..]);
    Ok(())
}

impl<'o, 's> XmlOut<'o, 's> {
    /// Starts a UTF-8 document in `out`, for `format` (named in errors).
    pub(super) fn new(out: &'o mut Sink<'s>, format: &'static str) -> Result<XmlOut<'o, 's>> {
        let mut writer = Writer::new_with_indent(out, b' ', 2);
        writer
            .write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
            .map_err(memory)?;
        Ok(XmlOut {
            writer,
            format,
            record: String::new(),
            field: None,
            tag: String::new(),
            text: String::new(),
        })
    }

    /// Names the record written next (`kind` "actor" or "link", and its id), for errors.
    pub(super) fn record(&mut self, kind: &str, id: &str) {
        self.record.clear();
        self.record.push_str(kind);
        self.record.push_str(" \"");
        self.record.push_str(&crate::error::printable(id));
        self.record.push('"');
    }

    /// Names the field whose value the next elements write (`None`: each attribute's name).
    pub(super) fn field(&mut self, field: Option<&'static str>) {
        self.field = field;
    }

    /// `value` of `field` escaped onto `out`, or the error naming the character XML cannot hold.
    fn escape(&self, field: &str, out: &mut String, value: &str, attribute: bool) -> Result<()> {
        escape_into(out, value, attribute).map_err(|c| {
            let record = if self.record.is_empty() { "the graph" } else { &self.record };
            Error::unrepresentable(self.format, record, self.field.unwrap_or(field), value, c)
        })
    }

    /// Fills `self.tag` with `name` and its attributes, values escaped, as quick-xml's
    /// `BytesStart::push_attribute` writes them.
    fn element(&mut self, name: &str, attrs: &[(&str, &str)]) -> Result<()> {
        self.tag.clear();
        self.tag.push_str(name);
        for &(key, value) in attrs {
            self.tag.push(' ');
            self.tag.push_str(key);
            self.tag.push_str("=\"");
            let mut tag = std::mem::take(&mut self.tag);
            // An error names the dataset's field: GEXF's `label` is the actor's name.
            let field = if key == "label" { "name" } else { key };
            let escaped = self.escape(field, &mut tag, value, true);
            self.tag = tag;
            escaped?;
            self.tag.push('"');
        }
        Ok(())
    }

    /// Opens element `name` with `attrs` (values escaped here).
    pub(super) fn open(&mut self, name: &str, attrs: &[(&str, &str)]) -> Result<()> {
        self.element(name, attrs)?;
        let start = BytesStart::from_content(self.tag.as_str(), name.len());
        self.writer.write_event(Event::Start(start)).map_err(memory)
    }

    /// Closes element `name`.
    pub(super) fn close(&mut self, name: &str) -> Result<()> {
        self.writer.write_event(Event::End(BytesEnd::new(name))).map_err(memory)
    }

    /// Writes the empty element `<name attrs/>`.
    pub(super) fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) -> Result<()> {
        self.element(name, attrs)?;
        let start = BytesStart::from_content(self.tag.as_str(), name.len());
        self.writer.write_event(Event::Empty(start)).map_err(memory)
    }

    /// Writes `<name attrs>text</name>` on one line (text escaped here).
    pub(super) fn leaf(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) -> Result<()> {
        let mut escaped = std::mem::take(&mut self.text);
        escaped.clear();
        let done = self.escape(name, &mut escaped, text, false);
        self.text = escaped;
        done?;
        self.open(name, attrs)?;
        let text = BytesText::from_escaped(self.text.as_str());
        self.writer.write_event(Event::Text(text)).map_err(memory)?;
        self.close(name)
    }

    /// Ends the document with a line break.
    pub(super) fn finish(self) -> Result<()> {
        self.writer.into_inner().put(b"\n");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::is_xml_char;

    fn doc(f: impl FnOnce(&mut XmlOut) -> Result<()>) -> Result<String> {
        let mut out = Sink::in_memory(Vec::new());
        let mut xml = XmlOut::new(&mut out, "XML")?;
        f(&mut xml)?;
        xml.finish()?;
        Ok(String::from_utf8(out.buf).unwrap())
    }

    #[test]
    fn attributes_keep_quotes_markup_and_line_breaks() {
        let text = doc(|x| x.empty("n", &[("label", "a \"b\" <c> & d'\ne\tf\r\n")])).unwrap();
        assert!(
            text.ends_with(
                "<n label=\"a &quot;b&quot; &lt;c&gt; &amp; d&apos;&#10;e&#9;f&#13;&#10;\"/>\n"
            ),
            "{text}"
        );
    }

    #[test]
    fn text_keeps_carriage_returns_and_stays_on_one_line() {
        let text = doc(|x| {
            x.open("a", &[])?;
            x.leaf("d", &[("key", "k")], "x\r\ny <z> &")?;
            x.close("a")
        })
        .unwrap();
        assert!(text.contains("\n  <d key=\"k\">x&#13;\ny &lt;z&gt; &amp;</d>\n</a>"), "{text}");
    }

    /// Every string of up to three characters from those that matter, as quick-xml itself
    /// escapes it (attribute values and text), or refused at the first character XML 1.0
    /// cannot hold.
    #[test]
    fn escaping_is_quick_xml_s_and_refuses_what_xml_cannot_hold() {
        let alphabet = [
            'a', ' ', '<', '>', '&', '\'', '"', '\r', '\n', '\t', '\u{0}', '\u{8}', '\u{1F}',
            '\u{7F}', 'é', '\u{D7FF}', '\u{E000}', '\u{EFFF}', '\u{F000}', '\u{FFFD}', '\u{FFFE}',
            '\u{FFFF}', '🖥',
        ];
        let mut strings = vec![String::new()];
        for length in 1..=3 {
            let shorter: Vec<String> =
                strings.iter().filter(|s| s.chars().count() == length - 1).cloned().collect();
            for s in shorter {
                strings.extend(alphabet.iter().map(|&c| format!("{s}{c}")));
            }
        }
        assert_eq!(strings.len(), 1 + 23 + 23 * 23 + 23 * 23 * 23);
        for s in &strings {
            let refused = s.chars().find(|&c| !is_xml_char(c));
            for attribute in [false, true] {
                let mut out = String::from("kept");
                let got = escape_into(&mut out, s, attribute);
                match refused {
                    Some(c) => assert_eq!(got, Err(c), "{s:?}"),
                    None if attribute => {
                        let mut start = BytesStart::new("n");
                        start.push_attribute(("k", s.as_str()));
                        assert_eq!(
                            format!(" k=\"{}\"", &out[4..]),
                            start.attributes_raw(),
                            "{s:?}"
                        );
                    }
                    None => {
                        let text = BytesText::new(s);
                        assert_eq!(&out[4..], &*text, "{s:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn characters_xml_cannot_hold_are_refused_by_name() {
        let e = doc(|x| x.empty("n", &[("label", "bell\u{7}")])).unwrap_err().to_string();
        assert_eq!(
            e,
            "XML cannot hold the character U+0007 in \"bell\\u{7}\" (the graph, field \"name\")"
        );
        let e = doc(|x| {
            x.record("actor", "a\u{1b}b");
            x.field(Some("note"));
            x.empty(
                "attvalue",
                &[("for", "note"), ("value", &format!("{}\u{FFFF}", "x".repeat(5 << 20)))],
            )
        })
        .unwrap_err()
        .to_string();
        assert_eq!(
            e,
            format!(
                "XML cannot hold the character U+FFFF in \"{}…\" (actor \"a\\u{{1b}}b\", field \"note\")",
                "x".repeat(40)
            )
        );
        assert!(doc(|x| x.leaf("d", &[], "\u{FFFE}")).is_err());
        assert!(doc(|x| x.leaf("d", &[], "emoji 🖥 rtl مركز")).is_ok());
    }
}
