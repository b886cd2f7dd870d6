//! A hand-written reader of a link record in the layout mesograph and `serde_json` write it:
//! compact, keys in the order of [`Link`]'s fields, strings without escapes.
//!
//! serde's typed parsing (matching each key by name, each string through its escape scanner,
//! each kind through a visitor) is a large share of loading a large dataset (see
//! docs/performance.md, "Parsing"). This reader takes only that one layout and gives `None` for
//! anything else (whitespace, another key order, an escape, a number that is not a plain integer),
//! and the record is then parsed by serde, which accepts and refuses exactly what it always did. So
//! a record it reads is one serde reads to the same [`Link`] (tested on every kind and on random
//! mutations), and nothing it does not read is refused for it.

use crate::interned::Interned;
use crate::model::{Citation, Confidence, Link, LinkKind, Year};

/// The record at `text[p..]` and the offset just after it, if it is in the plain layout.
pub(super) fn link(text: &str, p: usize) -> Option<(Link, usize)> {
    let mut r = Reader { text, at: p };
    r.expect("{\"from\":")?;
    let from = r.string()?;
    r.expect(",\"to\":")?;
    let to = r.string()?;
    r.expect(",\"kind\":")?;
    let kind = LinkKind::named(r.string()?);
    r.expect(",\"start\":")?;
    let start = r.integer()?;
    let end = if r.eat(",\"end\":") { Some(r.integer()?) } else { None };
    r.expect(",\"citations\":[")?;
    let mut cited: Vec<(&str, &str)> = Vec::new();
    if !r.eat("]") {
        loop {
            r.expect("{\"source\":")?;
            let source = r.string()?;
            r.expect(",\"locator\":")?;
            let locator = r.string()?;
            r.expect("}")?;
            cited.push((source, locator));
            if r.eat("]") {
                break;
            }
            r.expect(",")?;
        }
    }
    let confidence = if r.eat(",\"confidence\":") {
        let value = r.string()?;
        [Confidence::Stated, Confidence::Inferred, Confidence::Proposed]
            .into_iter()
            .find(|c| c.as_str() == value)?
    } else {
        Confidence::default()
    };
    let note = if r.eat(",\"note\":") { Some(r.string()?.to_string()) } else { None };
    r.expect("}")?;
    // Interned only once the whole record is read: a record given up halfway leaves no trace
    // in the interning for serde to find.
    // Room for exactly the citations, as serde's reading gives (see `model::exact_vec`): a
    // vector grown by pushing holds four (see docs/performance.md, "Parsing").
    let mut citations = Vec::with_capacity(cited.len());
    citations.extend(cited.into_iter().map(|(source, locator)| Citation {
        source: Interned::new(source),
        locator: Interned::new(locator),
    }));
    let (from, to) = (Interned::new_seeded(from), Interned::new_seeded(to));
    Some((Link { from, to, kind, start, end, citations, confidence, note }, r.at))
}

/// Asks for the seeded actor ids of the link records after this one (see
/// [`crate::interned::ask_ahead`]): those of the record at `text[p..]`, the next, and of the one
/// on the following line. Only their `"from"`/`"to"` values are looked for, as this reader
/// would find them; a record in any other layout is simply not asked for.
pub(super) fn ahead(text: &str, p: usize) {
    let after = text
        .as_bytes()
        .get(p..)
        .and_then(|rest| memchr::memchr(b'\n', rest))
        .and_then(|line| ends_at(text, super::split::skip_ws(text.as_bytes(), p + line)));
    crate::interned::ask_ahead(ends_at(text, p), after);
}

/// The `"from"` and `"to"` values of the record at `text[p..]`, if it starts as this reader reads.
fn ends_at(text: &str, p: usize) -> Option<[&str; 2]> {
    const FROM: &[u8] = b"{\"from\":\"";
    const TO: &[u8] = b"\",\"to\":\"";
    let b = text.as_bytes();
    let from = p + FROM.len();
    if !b.get(p..)?.starts_with(FROM) {
        return None;
    }
    let from_len = memchr::memchr(b'"', &b[from..])?;
    let to = from + from_len + TO.len();
    if !b[from + from_len..].starts_with(TO) {
        return None;
    }
    let to_len = memchr::memchr(b'"', &b[to..])?;
    Some([text.get(from..from + from_len)?, text.get(to..to + to_len)?])
}

struct Reader<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Reader<'a> {
    /// Whether `literal` comes next (then skipped).
    fn eat(&mut self, literal: &str) -> bool {
        let found = self.text.as_bytes()[self.at..].starts_with(literal.as_bytes());
        if found {
            self.at += literal.len();
        }
        found
    }

    fn expect(&mut self, literal: &str) -> Option<()> {
        self.eat(literal).then_some(())
    }

    /// A string without escapes or control characters (which serde refuses unescaped).
    fn string(&mut self) -> Option<&'a str> {
        self.expect("\"")?;
        let rest = &self.text.as_bytes()[self.at..];
        let len = rest.iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
        if rest[len] != b'"' {
            return None;
        }
        let value = self.text.get(self.at..self.at + len)?;
        self.at += len + 1;
        Some(value)
    }

    /// An integer as JSON writes one (`-`, then `0` or digits not starting with `0`), of at most
    /// nine digits so that it is a [`Year`]; what follows must not continue a number.
    fn integer(&mut self) -> Option<Year> {
        let b = self.text.as_bytes();
        let negative = b.get(self.at) == Some(&b'-');
        let first = self.at + usize::from(negative);
        let digits = b[first..].iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 || digits > 9 || (digits > 1 && b[first] == b'0') {
            return None;
        }
        if matches!(b.get(first + digits), Some(b'.' | b'e' | b'E')) {
            return None;
        }
        let value: Year = self.text.get(first..first + digits)?.parse().ok()?;
        self.at = first + digits;
        Some(if negative { -value } else { value })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LinkKind;

    /// serde's reading of the first record at `text[p..]`, and the offset after it.
    fn serde(text: &str, p: usize) -> Option<(Link, usize)> {
        let mut stream = serde_json::Deserializer::from_str(&text[p..]).into_iter::<Link>();
        let link = stream.next()?.ok()?;
        Some((link, p + stream.byte_offset()))
    }

    fn sample(kind: LinkKind) -> Link {
        Link {
            from: "centre-722113".into(),
            to: "prog-494582".into(),
            kind,
            start: 2006,
            end: Some(2017),
            citations: vec![Citation { source: "synth-deck".into(), locator: "2006".into() }],
            confidence: Confidence::Stated,
            note: None,
        }
    }

    #[test]
    fn the_ends_asked_for_ahead_are_the_ones_this_reader_reads() {
        let record = serde_json::to_string(&sample(LinkKind::Funds)).unwrap();
        let text = format!("[{record},\n  {record}]");
        assert_eq!(ends_at(&text, 1), Some(["centre-722113", "prog-494582"]));
        let (link, _) = link(&text, 1).unwrap();
        assert_eq!([link.from.as_str(), link.to.as_str()], ends_at(&text, 1).unwrap());
        // Not at a record, another key order, an unclosed string, past the end.
        for p in [0, 2, text.len(), text.len() + 3] {
            assert_eq!(ends_at(&text, p), None, "at {p}");
        }
        assert_eq!(ends_at(r#"{"to":"a","from":"b"}"#, 0), None);
        assert_eq!(ends_at(r#"{"from":"a","to":"b"#, 0), None);
        assert_eq!(ends_at(r#"{"from":"a" ,"to":"b"}"#, 0), None);
        // An escaped quote ends the value early, as the reader would refuse it: any hint is
        // only a hint.
        assert_eq!(ends_at(r#"{"from":"a\","to":"b"}"#, 0), Some(["a\\", "b"]));
        assert_eq!(ends_at(r#"{"from":"","to":""}"#, 0), Some(["", ""]));
        ahead(&text, 1);
        ahead(&text, text.len());
    }

    #[test]
    fn reads_what_serde_writes_as_serde_reads_it() {
        let mut links: Vec<Link> = LinkKind::ALL.iter().map(|&k| sample(k)).collect();
        let mut more = sample(LinkKind::Funds);
        more.end = None;
        more.start = -3;
        more.citations.push(Citation { source: "web-1".into(), locator: "§2 é".into() });
        more.citations.push(Citation { source: "web-2".into(), locator: "".into() });
        more.confidence = Confidence::Inferred;
        more.note = Some("a reading, <not> a statement & more".into());
        links.push(more.clone());
        more.citations.clear();
        more.confidence = Confidence::Proposed;
        links.push(more);
        for link in links {
            let text = format!("  {},", serde_json::to_string(&link).unwrap());
            let ours = link_at(&text);
            assert_eq!(ours, serde(&text, 2), "{text}");
            let (read, _) = ours.unwrap();
            assert!(
                read.citations.capacity() <= link.citations.len().max(1),
                "{text}: no room to spare"
            );
            assert_eq!(read, link, "{text}: read by this reader");
        }
    }

    fn link_at(text: &str) -> Option<(Link, usize)> {
        link(text, 2)
    }

    #[test]
    fn leaves_to_serde_what_it_does_not_read() {
        let plain = serde_json::to_string(&sample(LinkKind::Funds)).unwrap();
        let others = [
            plain.replace(":", ": "),
            plain.replace(
                "\"from\":\"centre-722113\",\"to\":\"prog-494582\"",
                "\"to\":\"prog-494582\",\"from\":\"centre-722113\"",
            ),
            plain.replace("centre-722113", "centre\\u002d722113"),
            plain.replace("2006", "2006.0"),
            plain.replace("2006", "2e3"),
            plain.replace("2006", "02006"),
            plain.replace("2006", "1234567890"),
            plain.replace("stated", "sure"),
            plain.replace("}],", "},],"),
            plain.replace("\"confidence\"", "\"colour\""),
            plain.replace("}", ",\"extra\":1}"),
            plain.replace("centre-722113", "centre\t722113"),
        ];
        for text in others {
            let text = format!("  {text}");
            assert_eq!(link_at(&text), None, "{text}");
        }
        // A kind is read as written, known or not: the checks judge it, as they do serde's.
        let odd = format!("  {}", plain.replace("funds", "member-of"));
        let expected: Link = serde_json::from_str(&odd).unwrap();
        assert_eq!(link_at(&odd).map(|(l, _)| l), Some(expected));
    }

    #[test]
    fn what_it_reads_from_mangled_records_serde_reads_the_same() {
        // Every record made by deleting, doubling or replacing one byte of a plain one, with
        // bytes that matter to JSON: whenever this reader takes one, serde takes it the same.
        let mut more = sample(LinkKind::PartOf);
        more.citations.push(Citation { source: "web-1".into(), locator: "§2".into() });
        more.note = Some("n".into());
        let mut taken = 0;
        for link in [sample(LinkKind::Funds), more] {
            let plain = serde_json::to_string(&link).unwrap().into_bytes();
            for i in 0..plain.len() {
                for edit in 0..12 {
                    let mut bytes = plain.clone();
                    match edit {
                        0 => {
                            bytes.remove(i);
                        }
                        1 => bytes.insert(i, plain[i]),
                        _ => bytes[i] = b"\"\\,:{}[]0- "[edit - 2],
                    }
                    let Ok(text) = String::from_utf8(bytes) else { continue };
                    let text = format!("  {text}");
                    if let Some(ours) = link_at(&text) {
                        taken += 1;
                        assert_eq!(Some(ours), serde(&text, 2), "{text}");
                    }
                }
            }
        }
        assert!(taken > 0, "some mangled records still read");
    }
}
