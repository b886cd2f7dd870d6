//! The XML writing shared by GEXF and GraphML.
//!
//! quick-xml writes the markup and escapes every attribute value and text: `<>&'"`, and the
//! `\t`, `\n`, `\r` that a parser would otherwise turn into spaces (attribute-value and
//! end-of-line normalisation), so names come back exactly. What no escaping can save is a
//! character XML 1.0 forbids outright (most control characters): this layer refuses those with
//! [`Error::Unrepresentable`] naming the value, rather than writing a file no parser accepts.

use crate::error::{Error, Result};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use std::path::PathBuf;

/// Whether XML 1.0 can hold `c` at all, escaped or not (the `Char` production).
pub(super) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// An indented XML document being written into memory.
pub(super) struct XmlOut<'o> {
    writer: Writer<&'o mut Vec<u8>>,
    format: &'static str,
}

/// Writing into a `Vec` cannot fail; should it ever, say so rather than panic.
fn memory(source: std::io::Error) -> Error {
    Error::Io { path: PathBuf::from("(memory buffer)"), source }
}

impl<'o> XmlOut<'o> {
    /// Starts a UTF-8 document in `out`, for `format` (named in errors).
    pub(super) fn new(out: &'o mut Vec<u8>, format: &'static str) -> Result<XmlOut<'o>> {
        let mut writer = Writer::new_with_indent(out, b' ', 2);
        writer
            .write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
            .map_err(memory)?;
        Ok(XmlOut { writer, format })
    }

    fn check(&self, value: &str) -> Result<()> {
        match value.chars().find(|&c| !is_xml_char(c)) {
            None => Ok(()),
            Some(c) => Err(Error::Unrepresentable {
                format: self.format,
                what: format!("the character U+{:04X} in {value:?}", u32::from(c)),
            }),
        }
    }

    fn element<'a>(&self, name: &'a str, attrs: &[(&'a str, &'a str)]) -> Result<BytesStart<'a>> {
        let mut start = BytesStart::new(name);
        for &(key, value) in attrs {
            self.check(value)?;
            // `(&str, &str)` into an attribute escapes the value.
            start.push_attribute((key, value));
        }
        Ok(start)
    }

    /// Opens element `name` with `attrs` (values escaped here).
    pub(super) fn open(&mut self, name: &str, attrs: &[(&str, &str)]) -> Result<()> {
        let start = self.element(name, attrs)?;
        self.writer.write_event(Event::Start(start)).map_err(memory)
    }

    /// Closes element `name`.
    pub(super) fn close(&mut self, name: &str) -> Result<()> {
        self.writer.write_event(Event::End(BytesEnd::new(name))).map_err(memory)
    }

    /// Writes the empty element `<name attrs/>`.
    pub(super) fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) -> Result<()> {
        let start = self.element(name, attrs)?;
        self.writer.write_event(Event::Empty(start)).map_err(memory)
    }

    /// Writes `<name attrs>text</name>` on one line (text escaped here).
    pub(super) fn leaf(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) -> Result<()> {
        self.check(text)?;
        let start = self.element(name, attrs)?;
        self.writer.write_event(Event::Start(start)).map_err(memory)?;
        self.writer.write_event(Event::Text(BytesText::new(text))).map_err(memory)?;
        self.close(name)
    }

    /// Ends the document with a line break.
    pub(super) fn finish(self) -> Result<()> {
        self.writer.into_inner().push(b'\n');
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(f: impl FnOnce(&mut XmlOut) -> Result<()>) -> Result<String> {
        let mut out = Vec::new();
        let mut xml = XmlOut::new(&mut out, "XML")?;
        f(&mut xml)?;
        xml.finish()?;
        Ok(String::from_utf8(out).unwrap())
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

    #[test]
    fn characters_xml_cannot_hold_are_refused_by_name() {
        let e = doc(|x| x.empty("n", &[("label", "bell\u{7}")])).unwrap_err().to_string();
        assert_eq!(e, "XML cannot hold the character U+0007 in \"bell\\u{7}\"");
        assert!(doc(|x| x.leaf("d", &[], "\u{FFFE}")).is_err());
        assert!(doc(|x| x.leaf("d", &[], "emoji 🖥 rtl مركز")).is_ok());
    }
}
