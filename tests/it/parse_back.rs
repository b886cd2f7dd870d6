//! Reading an export back into actors and links, one reader per format, so that tests can check
//! that what was written is what the slice holds. JSON is read with serde_json; DOT with the
//! small reader below, which follows the Graphviz scanner (checked against `dot -Tjson` in
//! `tests/it/properties.rs`).
//!
//! A format added to `Format::ALL` without a reader here makes every test that reads exports
//! back fail with a message saying so: add its reader to [`read`].

use mesograph::Format;

/// The formats this reader and the hostile-name checks cover: DOT and JSON. The other formats
/// (GEXF, GraphML, Cytoscape.js, CSV, Mermaid) are read back by their real clients, names and
/// counts compared, on the built-in data and on hostile names, in `tests/it/formats.rs`; XML
/// cannot hold the control characters of `tests/data/hostile-names/` at all (a clear error there).
pub const READ_BACK: &[mesograph::Format] = &[mesograph::Format::Dot, mesograph::Format::Json];

/// What an export says: each actor's id and shown name, each link's ends and id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    /// `(id, name as shown)`, in file order.
    pub actors: Vec<(String, String)>,
    /// `(from, to, link id)`, in file order.
    pub links: Vec<(String, String, String)>,
}

/// Reads `bytes`, written in `format`.
pub fn read(format: Format, bytes: &[u8]) -> Parsed {
    let text = std::str::from_utf8(bytes).expect("every export is UTF-8");
    match format {
        Format::Dot => dot(text),
        Format::Json => json(text),
        other => panic!(
            "no parse-back for the {other} format: add a reader to tests/it/parse_back.rs::read"
        ),
    }
}

/// Node-link JSON: `nodes[].id`, `nodes[].name`; `edges[].source`, `target`, `id`.
pub fn json(text: &str) -> Parsed {
    let doc: serde_json::Value = serde_json::from_str(text).expect("the JSON export parses");
    let s = |v: &serde_json::Value| v.as_str().expect("a string").to_string();
    Parsed {
        actors: doc["nodes"]
            .as_array()
            .expect("nodes")
            .iter()
            .map(|n| (s(&n["id"]), s(&n["name"])))
            .collect(),
        links: doc["edges"]
            .as_array()
            .expect("edges")
            .iter()
            .map(|e| (s(&e["source"]), s(&e["target"]), s(&e["id"])))
            .collect(),
    }
}

/// A statement of a DOT graph, as far as the tests need: nodes and edges with their attributes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stmt {
    /// `id [attrs]`
    Node(String, Vec<(String, String)>),
    /// `from -> to [attrs]`
    Edge(String, String, Vec<(String, String)>),
}

/// The DOT reader: actors are the nodes (without the legend), shown by their label; links are
/// the edges, named by their tooltip (the link id).
pub fn dot(text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    for stmt in dot_statements(text) {
        match stmt {
            Stmt::Node(id, attrs) if id != "mesograph:legend" => {
                let label = attr(&attrs, "label").map(|l| label_text(&l)).unwrap_or_default();
                parsed.actors.push((id, label));
            }
            Stmt::Node(..) => {}
            Stmt::Edge(from, to, attrs) => {
                let tooltip = attr(&attrs, "tooltip").map(|l| label_text(&l)).unwrap_or_default();
                parsed.links.push((from, to, tooltip));
            }
        }
    }
    parsed
}

fn attr(attrs: &[(String, String)], key: &str) -> Option<String> {
    attrs.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.clone())
}

/// The text Graphviz shows for an escString label: `\\` is a backslash, `\n`, `\l` and `\r`
/// end lines, `&amp;` is `&`. Any other escape would be a Graphviz substitution (`\N`, `\G`)
/// and any other entity would be decoded by Graphviz: an export must never produce either from
/// data, so they are kept as they are, and a comparison fails.
pub fn label_text(raw: &str) -> String {
    let raw = raw.replace("&amp;", "&");
    let mut out = String::new();
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('\\') => out.push('\\'),
            Some('n' | 'l' | 'r') => out.push('\n'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    /// An identifier, number or quoted string (quotes removed, `\"` unescaped, pieces joined).
    Id(String),
    /// An HTML string, without its outer `<>`.
    Html(String),
    /// Punctuation: `{ } [ ] = ; , ->`.
    Punct(&'static str),
    /// A keyword written unquoted: `graph`, `node`, `edge`, `subgraph`, `digraph`, `strict`.
    Keyword(String),
}

/// Splits DOT text into tokens, following the Graphviz scanner: in a quoted string only `\"`
/// is an escape (and `\\` stays two characters, so that `"a\\"` ends after them); quoted
/// strings joined by `+` are one string.
fn tokens(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            c if c.is_whitespace() => i += 1,
            '"' => {
                let mut s = String::new();
                loop {
                    i += 1; // past the opening quote
                    loop {
                        let c = *chars.get(i).expect("a quoted string ends");
                        match c {
                            '"' => break,
                            '\\' if chars.get(i + 1) == Some(&'"') => {
                                s.push('"');
                                i += 1;
                            }
                            '\\' if chars.get(i + 1) == Some(&'\\') => {
                                s.push_str("\\\\");
                                i += 1;
                            }
                            '\\' if chars.get(i + 1) == Some(&'\n') => i += 1,
                            c => s.push(c),
                        }
                        i += 1;
                    }
                    i += 1; // past the closing quote
                    let mut j = i;
                    while chars.get(j).is_some_and(|c| c.is_whitespace()) {
                        j += 1;
                    }
                    if chars.get(j) != Some(&'+') {
                        break;
                    }
                    j += 1;
                    while chars.get(j).is_some_and(|c| c.is_whitespace()) {
                        j += 1;
                    }
                    assert_eq!(chars.get(j), Some(&'"'), "'+' joins quoted strings only");
                    i = j;
                }
                out.push(Token::Id(s));
            }
            '<' => {
                let mut depth = 0;
                let start = i;
                loop {
                    match chars.get(i).expect("an HTML string ends") {
                        '<' => depth += 1,
                        '>' => depth -= 1,
                        _ => {}
                    }
                    i += 1;
                    if depth == 0 {
                        break;
                    }
                }
                out.push(Token::Html(chars[start + 1..i - 1].iter().collect()));
            }
            '-' if chars.get(i + 1) == Some(&'>') => {
                out.push(Token::Punct("->"));
                i += 2;
            }
            '{' | '}' | '[' | ']' | '=' | ';' | ',' => {
                let p = match c {
                    '{' => "{",
                    '}' => "}",
                    '[' => "[",
                    ']' => "]",
                    '=' => "=",
                    ';' => ";",
                    _ => ",",
                };
                out.push(Token::Punct(p));
                i += 1;
            }
            c if c.is_alphanumeric() || c == '_' || c == '.' || c == '-' => {
                let start = i;
                while chars.get(i).is_some_and(|c| c.is_alphanumeric() || "_.-".contains(*c)) {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                let lower = word.to_lowercase();
                if ["graph", "node", "edge", "subgraph", "digraph", "strict"]
                    .contains(&lower.as_str())
                {
                    out.push(Token::Keyword(lower));
                } else {
                    out.push(Token::Id(word));
                }
            }
            other => panic!("unexpected character {other:?} in DOT"),
        }
    }
    out
}

/// The node and edge statements of a DOT graph, in order, subgraphs included.
pub fn dot_statements(text: &str) -> Vec<Stmt> {
    let toks = tokens(text);
    let mut i = 0;
    while toks.get(i) != Some(&Token::Punct("{")) {
        assert!(i < toks.len(), "a graph body");
        i += 1;
    }
    let mut out = Vec::new();
    block(&toks, &mut i, &mut out);
    assert_eq!(i, toks.len(), "nothing follows the graph");
    out
}

fn value(t: Option<&Token>) -> String {
    match t {
        Some(Token::Id(s) | Token::Html(s) | Token::Keyword(s)) => s.clone(),
        other => panic!("expected a value, found {other:?}"),
    }
}

fn attr_list(toks: &[Token], i: &mut usize) -> Vec<(String, String)> {
    let mut attrs = Vec::new();
    while toks.get(*i) == Some(&Token::Punct("[")) {
        *i += 1;
        while toks.get(*i) != Some(&Token::Punct("]")) {
            let key = value(toks.get(*i));
            assert_eq!(toks.get(*i + 1), Some(&Token::Punct("=")), "key=value");
            let v = value(toks.get(*i + 2));
            attrs.push((key, v));
            *i += 3;
            if matches!(toks.get(*i), Some(Token::Punct("," | ";"))) {
                *i += 1;
            }
        }
        *i += 1;
    }
    attrs
}

/// Reads `{ … }` from `toks[*i]`, leaving `*i` after the closing brace.
fn block(toks: &[Token], i: &mut usize, out: &mut Vec<Stmt>) {
    assert_eq!(toks.get(*i), Some(&Token::Punct("{")));
    *i += 1;
    loop {
        match toks.get(*i) {
            Some(Token::Punct("}")) => {
                *i += 1;
                return;
            }
            Some(Token::Punct(";")) => *i += 1,
            Some(Token::Keyword(k)) if k == "subgraph" => {
                *i += 1;
                if matches!(toks.get(*i), Some(Token::Id(_))) {
                    *i += 1;
                }
                block(toks, i, out);
            }
            Some(Token::Keyword(k)) if k == "graph" || k == "node" || k == "edge" => {
                *i += 1;
                attr_list(toks, i);
            }
            Some(Token::Id(first)) => {
                let first = first.clone();
                *i += 1;
                match toks.get(*i) {
                    Some(Token::Punct("=")) => {
                        value(toks.get(*i + 1));
                        *i += 2;
                    }
                    Some(Token::Punct("->")) => {
                        let mut ends = vec![first];
                        while toks.get(*i) == Some(&Token::Punct("->")) {
                            ends.push(value(toks.get(*i + 1)));
                            *i += 2;
                        }
                        let attrs = attr_list(toks, i);
                        for pair in ends.windows(2) {
                            out.push(Stmt::Edge(pair[0].clone(), pair[1].clone(), attrs.clone()));
                        }
                    }
                    _ => {
                        let attrs = attr_list(toks, i);
                        out.push(Stmt::Node(first, attrs));
                    }
                }
            }
            other => panic!("unexpected {other:?} in a DOT graph body"),
        }
    }
}

#[test]
fn the_dot_reader_follows_the_graphviz_scanner() {
    let text = "digraph {\n  label=\"t\";\n  node [a=\"b\"];\n  \"node\" [label=\"x\\\"y\\\\\" + \"z\\nw\"];\n  \"node\" -> \"b\" [tooltip=\"l\"];\n  subgraph cluster_0 {\n    \"c\" [label=<<b>h</b>>];\n  }\n}\n";
    assert_eq!(
        dot_statements(text),
        [
            Stmt::Node("node".into(), vec![("label".into(), "x\"y\\\\z\\nw".into())]),
            Stmt::Edge("node".into(), "b".into(), vec![("tooltip".into(), "l".into())]),
            Stmt::Node("c".into(), vec![("label".into(), "<b>h</b>".into())]),
        ]
    );
    assert_eq!(label_text("x\"y\\\\z\\nw"), "x\"y\\z\nw");
    assert_eq!(label_text("\\N"), "\\N", "a substitution stays visible");
}
