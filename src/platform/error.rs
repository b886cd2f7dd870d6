//! The library's typed errors, and the located problems that validation reports.
//!
//! ```
//! use mesograph::Error;
//! use std::path::Path;
//!
//! // A broken dataset: every problem, each at its file, line and column.
//! let Err(Error::Invalid(problems)) = mesograph::load(Some(Path::new("tests/data/broken"))) else {
//!     panic!("the broken fixture loads");
//! };
//! let first = problems.iter().next().expect("a problem");
//! assert!(first.to_string().starts_with("tests/data/broken/"), "{first}");
//! assert!(first.line > 0 && first.column > 0);
//! ```

use std::fmt;
use std::path::PathBuf;

/// One problem found in a dataset, located in its file.
///
/// Displayed as `file:line:column: message`, the form editors and terminals turn into links.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// The file, as the user named it (`graph/links.json`).
    pub file: String,
    /// 1-based line; 0 when the problem concerns the file as a whole.
    pub line: usize,
    /// 1-based column, counted in characters; 0 when the problem concerns the file as a whole.
    pub column: usize,
    /// What is wrong, naming the offending value.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = printable(&self.message);
        if self.line == 0 {
            write!(f, "{}: {message}", self.file)
        } else {
            write!(f, "{}:{}:{}: {message}", self.file, self.line, self.column)
        }
    }
}

/// `s` safe to print on a terminal, on one line: control characters (line breaks, escape
/// sequences that could rewrite the screen) and the bidirectional overrides that reorder what
/// a terminal shows are written as escapes (`\n`, `\u{1b}`, `\u{202e}`). Messages quote values
/// from the data, which may hold anything.
pub fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char =
        |c: char| c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    if !s.contains(unsafe_char) {
        return s.into();
    }
    s.chars()
        .map(|c| match c {
            '\n' => "\\n".to_string(),
            '\r' => "\\r".to_string(),
            '\t' => "\\t".to_string(),
            c if unsafe_char(c) => format!("\\u{{{:x}}}", c as u32),
            c => c.to_string(),
        })
        .collect::<String>()
        .into()
}

/// Whether XML 1.0 can hold `c` at all, escaped or not (the `Char` production): the one rule of
/// every XML output (GEXF, GraphML, the SVG of `render`), which refuses any other character with
/// [`Error::unrepresentable`].
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// How much of a refused value an error shows, in characters.
const SHOWN_CHARS: usize = 40;

impl Error {
    /// The error for a value of `format` that holds `c`, which the format cannot hold: it names
    /// the record (`actor "x"`, `link "a/funds/b/2010"`), the field, the character and the
    /// value, cut to its first 40 characters (a 5 MB note is not echoed whole).
    pub fn unrepresentable(
        format: &'static str,
        record: &str,
        field: &str,
        value: &str,
        c: char,
    ) -> Error {
        let mut shown: String = value.chars().take(SHOWN_CHARS).collect();
        if shown.len() < value.len() {
            shown.push('…');
        }
        Error::Unrepresentable {
            format,
            what: format!(
                "the character U+{:04X} in {shown:?} ({record}, field \"{field}\")",
                u32::from(c)
            ),
        }
    }
}

/// Every problem found in a dataset, in file and position order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    /// The number of problems.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The problems, in order.
    pub fn iter(&self) -> impl Iterator<Item = &Problem> {
        self.0.iter()
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

/// Everything that can go wrong in the library.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The dataset has problems; each names its file, line and column.
    #[error("{0}")]
    Invalid(Problems),
    /// A name given on the command line matches no actor.
    #[error("unknown actor \"{name}\"{}", suggest(.suggestions))]
    UnknownActor {
        /// The name as given.
        name: String,
        /// Close names, best first.
        suggestions: Vec<String>,
    },
    /// A name given on the command line matches several actors.
    #[error("\"{name}\" is ambiguous: it names {}", .candidates.join(", "))]
    AmbiguousActor {
        /// The name as given.
        name: String,
        /// The ids of the actors it could be.
        candidates: Vec<String>,
    },
    /// A request that cannot be answered as asked (a window that ends before it starts).
    #[error("{0}")]
    Request(String),
    /// An output path that would escape the output folder or is otherwise unsafe.
    #[error("refusing to write {}: {reason}", .path.display())]
    UnsafePath {
        /// The path.
        path: PathBuf,
        /// Why it is refused.
        reason: String,
    },
    /// Reading or writing a file failed.
    #[error("{}: {source}", .path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A value that an export format cannot hold at all (a control character in XML 1.0).
    #[error("{format} cannot hold {what}")]
    Unrepresentable {
        /// The format.
        format: &'static str,
        /// The offending value and where it is.
        what: String,
    },
    /// An actor a query is centred on is not active in the years asked for.
    #[error("{name} is not active in {scope} (active {lifetime})")]
    Inactive {
        /// The actor's name.
        name: String,
        /// The years asked for, as shown to people (`2005`, `2008–2012`).
        scope: String,
        /// The years the actor is active (`2010–`).
        lifetime: String,
    },
    /// An external program a command needs (Graphviz for `render`) is not installed.
    #[error(
        "{program} not found: install the Debian package {package} (apt-get install {package})"
    )]
    MissingTool {
        /// The program.
        program: String,
        /// The Debian package that provides it.
        package: String,
    },
    /// An external program failed.
    #[error("{program} failed: {message}")]
    Tool {
        /// The program.
        program: String,
        /// The first line of its error output.
        message: String,
    },
    /// `fmt --check` found files that are not in the canonical layout (each named before).
    #[error("{0} file(s) not in the canonical layout: mesograph fmt --data DIR rewrites them")]
    Unformatted(usize),
    /// A failure inside mesograph that no input should cause (a value serde_json cannot write
    /// back): a bug to report, never a usage error.
    #[error("internal error: {0} (please report it)")]
    Internal(String),
    /// Every year of the data was asked for (`--all-years`) and the dataset mentions none: a
    /// condition of the data, not a wrong request.
    #[error(
        "the dataset mentions no year (it has no actor, link or milestone): no year to go through"
    )]
    NoYears,
    /// Writing to standard output failed (other than a closed pipe).
    #[error("cannot write to standard output: {0}")]
    Stdout(#[source] std::io::Error),
}

fn suggest(suggestions: &[String]) -> String {
    match suggestions {
        [] => String::new(),
        [one] => format!(" (did you mean \"{one}\"?)"),
        many => format!(
            " (did you mean one of: {}?)",
            many.iter().map(|s| format!("\"{s}\"")).collect::<Vec<_>>().join(", ")
        ),
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_print_as_file_line_column() {
        let p =
            Problem { file: "graph/links.json".into(), line: 3, column: 9, message: "bad".into() };
        assert_eq!(p.to_string(), "graph/links.json:3:9: bad");
        let whole = Problem { line: 0, column: 0, ..p };
        assert_eq!(whole.to_string(), "graph/links.json: bad");
    }

    #[test]
    fn problems_stay_on_one_line_and_cannot_drive_the_terminal() {
        let p = Problem {
            file: "a.json".into(),
            line: 1,
            column: 2,
            message: "unknown actor \"x\u{1b}[2J\ny\u{202e}z\" é".into(),
        };
        assert_eq!(p.to_string(), r#"a.json:1:2: unknown actor "x\u{1b}[2J\ny\u{202e}z" é"#);
    }

    #[test]
    fn internal_failures_ask_to_be_reported() {
        let e = Error::Internal("x".into());
        assert_eq!(e.to_string(), "internal error: x (please report it)");
    }

    #[test]
    fn unknown_actor_suggests() {
        let e = Error::UnknownActor { name: "genc".into(), suggestions: vec!["genci".into()] };
        assert_eq!(e.to_string(), "unknown actor \"genc\" (did you mean \"genci\"?)");
    }
}
