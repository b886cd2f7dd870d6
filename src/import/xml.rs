//! The XML reading GraphML and GEXF share: the document as a small tree of elements, each with
//! its attributes and text as the XML means them (entities and character references resolved,
//! line ends and attribute values normalised as XML 1.0 says) and the byte offset it starts at.

use super::Input;
use crate::error::Problem;
use quick_xml::XmlVersion;
use quick_xml::events::Event;

/// An element: its local name (without a namespace prefix), attributes, children and text.
#[derive(Debug, Default)]
pub(super) struct Element {
    pub name: String,
    pub attributes: Vec<(String, String)>,
    pub children: Vec<Element>,
    /// The text directly inside it.
    pub text: String,
    /// The byte offset of its start tag.
    pub at: usize,
}

impl Element {
    /// The value of attribute `name` (its local name).
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// The children called `name`.
    pub fn all<'e>(&'e self, name: &'e str) -> impl Iterator<Item = &'e Element> + 'e {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The first child called `name`.
    pub fn first<'e>(&'e self, name: &'e str) -> Option<&'e Element> {
        self.all(name).next()
    }

    /// Every element below this one, depth first.
    pub fn descendants(&self) -> Vec<&Element> {
        let mut out = Vec::new();
        let mut stack: Vec<&Element> = self.children.iter().rev().collect();
        while let Some(e) = stack.pop() {
            out.push(e);
            stack.extend(e.children.iter().rev());
        }
        out
    }
}

fn problem(input: &Input, text: &str, offset: usize, message: String) -> Problem {
    let prefix = text.get(..offset).unwrap_or_default();
    let (line, column) = crate::locate::line_column(prefix, prefix.len());
    Problem { file: input.name.clone(), line, column, message }
}

/// How deep elements may nest: GraphML and GEXF need five or six levels (yEd a dozen), and a
/// deeper tree is refused rather than read (and dropped) by recursion.
const MAX_DEPTH: usize = 256;

/// The element a start tag opens, its attributes normalised.
fn element(
    input: &Input,
    text: &str,
    at: usize,
    tag: &quick_xml::events::BytesStart<'_>,
) -> Result<Element, Problem> {
    let mut element =
        Element { name: tag.local_name().as_ref().to_string(), at, ..Element::default() };
    let fail = |err: String| problem(input, text, at, format!("not well-formed XML: {err}"));
    for attribute in tag.attributes() {
        let attribute = attribute.map_err(|e| fail(e.to_string()))?;
        let value =
            attribute.normalized_value(XmlVersion::Implicit1_0).map_err(|e| fail(e.to_string()))?;
        element
            .attributes
            .push((attribute.key.local_name().as_ref().to_string(), value.into_owned()));
    }
    Ok(element)
}

/// Parses an XML document into its root element.
pub(super) fn parse(input: &Input, text: &str) -> Result<Element, Problem> {
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().trim_text(false);
    // The root's parent, to collect it.
    let mut stack = vec![Element::default()];
    loop {
        let at = usize::try_from(reader.buffer_position()).unwrap_or(0);
        let event = reader.read_event().map_err(|e| {
            let offset = usize::try_from(reader.error_position()).unwrap_or(0);
            problem(input, text, offset, format!("not well-formed XML: {e}"))
        })?;
        match event {
            Event::Start(_) if stack.len() > MAX_DEPTH => {
                let message = format!("elements nested more than {MAX_DEPTH} deep");
                return Err(problem(input, text, at, message));
            }
            Event::Start(e) => stack.push(element(input, text, at, &e)?),
            Event::Empty(e) => {
                let element = element(input, text, at, &e)?;
                if let Some(parent) = stack.last_mut() {
                    parent.children.push(element);
                }
            }
            Event::End(_) => {
                let element = stack.pop().unwrap_or_default();
                match stack.last_mut() {
                    Some(parent) => parent.children.push(element),
                    None => return Err(problem(input, text, at, "unbalanced end tag".into())),
                }
            }
            Event::Text(t) => {
                if let Some(e) = stack.last_mut() {
                    e.text.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let Some(e) = stack.last_mut() {
                    e.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    Ok(None) => {
                        quick_xml::escape::resolve_predefined_entity(&r).map(str::to_string)
                    }
                    Err(_) => None,
                };
                let Some(resolved) = resolved else {
                    let name: &str = &r;
                    return Err(problem(input, text, at, format!("unknown entity &{name};")));
                };
                if let Some(e) = stack.last_mut() {
                    e.text.push_str(&resolved);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let mut top = stack.pop().unwrap_or_default();
    if !stack.is_empty() {
        return Err(problem(input, text, text.len(), "the document ends inside an element".into()));
    }
    top.children.pop().ok_or_else(|| problem(input, text, 0, "no XML element in the file".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(text: &str) -> Input {
        Input { name: "t.xml".into(), bytes: text.as_bytes().to_vec() }
    }

    #[test]
    fn values_come_back_as_written() {
        let text = "<?xml version=\"1.0\"?>\n<a x=\"1&#10;2&#9;&quot;&lt;\" y=\"p\nq\">\
                    <b>t &amp; &#x1F1EB;<![CDATA[<c>]]>\r\nu</b><c/></a>";
        let root = parse(&input(text), text).unwrap();
        assert_eq!(root.name, "a");
        // Character references are kept; a literal line break in an attribute is a space.
        assert_eq!(root.attribute("x"), Some("1\n2\t\"<"));
        assert_eq!(root.attribute("y"), Some("p q"));
        let b = root.first("b").unwrap();
        assert_eq!(b.text, "t & \u{1F1EB}<c>\nu");
        assert_eq!(&text[b.at..b.at + 3], "<b>");
        assert_eq!(root.children.len(), 2);
    }

    #[test]
    fn broken_and_hostile_documents_are_located_problems() {
        let unclosed = "<a>\n  <b></a>";
        let p = parse(&input(unclosed), unclosed).unwrap_err();
        assert_eq!((p.line, p.file.as_str()), (2, "t.xml"), "{p}");
        let entity = "<a>&bogus;</a>";
        assert!(parse(&input(entity), entity).unwrap_err().message.contains("&bogus;"));
        let deep = "<a>".repeat(10_000);
        let p = parse(&input(&deep), &deep).unwrap_err();
        assert!(p.message.contains("nested more than 256 deep"), "{p}");
        assert!(parse(&input(""), "").is_err());
    }
}
