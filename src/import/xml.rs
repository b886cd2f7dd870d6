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
