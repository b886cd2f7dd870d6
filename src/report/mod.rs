//! The report: the dataset's story told year by year, as the deck it came from told it, written
//! back from the data as one self-contained HTML page or a Markdown file with its
//! pictures beside it.
//!
//! [`Report::build`] reads the graph once into plain sections (who is there, what began and
//! ended, the milestones, the notes); the writers only escape and lay out what it holds, so that
//! both formats tell the same story and the same data gives the same bytes.
//!
//! ```
//! use mesograph::report::{Report, Years};
//!
//! let graph = mesograph::load_graph(None)?;
//! let years = Years::choose(&graph, Some(2008), Some(2012))?;
//! let report = Report::build(&graph, years)?;
//! let page = report.html();
//! assert!(page.contains("2010") && page.contains("GENCI"));
//! // The Markdown form: `report.md` and the pictures it shows, by file name.
//! assert!(report.markdown().iter().any(|(name, _)| name == "report.md"));
//! # Ok::<(), mesograph::Error>(())
//! ```

mod chart;
pub(crate) mod html;
mod markdown;
mod story;

pub use chart::{Chart, charts};
pub use html::escape as escape_html;
pub use story::{Line, Note, Section, SectionActor};

use crate::error::{Error, Result};
use crate::graph::{Scope, TemporalGraph};
use crate::model::Year;
use crate::render::{ImageFormat, Options, layout, render_all};
use std::fmt;
use std::str::FromStr;

/// How many years the report covers by default, counting back from its last year.
pub const DEFAULT_YEARS: Year = 11;

/// What a report is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    /// One self-contained HTML page, pictures inline.
    Html,
    /// `report.md` with one SVG per picture beside it.
    Markdown,
}

impl ReportFormat {
    /// The name on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            ReportFormat::Html => "html",
            ReportFormat::Markdown => "md",
        }
    }

    /// The format a file name's extension asks for: `.html`/`.htm`, `.md`.
    ///
    /// # Errors
    /// [`Error::Request`] for any other extension.
    pub fn from_path(path: &std::path::Path) -> Result<ReportFormat> {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        match ext.to_ascii_lowercase().as_str() {
            "html" | "htm" => Ok(ReportFormat::Html),
            "md" => Ok(ReportFormat::Markdown),
            _ => Err(Error::Request(format!(
                "cannot tell the report format of \"{}\" (expected a .html file, or \
                 --format md --out DIR)",
                path.display()
            ))),
        }
    }
}

impl fmt::Display for ReportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ReportFormat {
    type Err = Error;
    fn from_str(s: &str) -> Result<ReportFormat> {
        match s.trim().to_ascii_lowercase().as_str() {
            "html" => Ok(ReportFormat::Html),
            "md" | "markdown" => Ok(ReportFormat::Markdown),
            _ => {
                Err(Error::Request(format!("unknown report format \"{s}\" (expected html or md)")))
            }
        }
    }
}

/// The years a report tells, one section each, after a section "Before FROM" when the data
/// mentions earlier years.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Years {
    /// The first year with a section of its own.
    pub from: Year,
    /// The last year with a section of its own.
    pub to: Year,
}

impl Years {
    /// The years asked for, the missing ends chosen from the data: `to` is the dataset's
    /// horizon (the last year its sources observe), else the last year it mentions; `from` is
    /// the first year it mentions, but no earlier than [`DEFAULT_YEARS`] years up to `to` (so
    /// the built-in dataset, 1939–2027 with its horizon in 2017, gives 2007–2017 after
    /// "Before 2007": the decade of its deck).
    ///
    /// # Errors
    /// [`Error::Request`] when the years end before they start, or the dataset mentions no
    /// year and none is given.
    pub fn choose(graph: &TemporalGraph, from: Option<Year>, to: Option<Year>) -> Result<Years> {
        let span = graph.span();
        let to = match to.or(graph.horizon()).or(span.map(|s| s.1)) {
            Some(to) => to,
            None => from.ok_or_else(|| Error::Request("the dataset mentions no year".into()))?,
        };
        let from = from.unwrap_or_else(|| {
            let first = span.map_or(to, |s| s.0);
            first.max(to - (DEFAULT_YEARS - 1)).min(to)
        });
        Scope::window(from, to)?;
        Ok(Years { from, to })
    }
}

/// A whole report, ready to be written in either format.
#[derive(Debug, Clone)]
pub struct Report {
    /// The dataset's title.
    pub title: String,
    /// What the dataset covers, from its `dataset.json`.
    pub description: Option<String>,
    /// The years with a section of their own.
    pub years: Years,
    /// The last year the sources observe, if the dataset says.
    pub horizon: Option<Year>,
    /// Every source of the dataset: id, title, URL.
    pub sources: Vec<(String, String, Option<String>)>,
    /// "Before FROM" (when the data reaches earlier), then one section per year.
    pub sections: Vec<Section>,
    /// The charts across the years, as SVG.
    pub charts: Vec<Chart>,
}

impl Report {
    /// Reads the story of `years` out of `graph` and draws its pictures.
    ///
    /// # Errors
    /// [`Error::MissingTool`] when Graphviz is not installed, [`Error::Tool`] when it fails.
    pub fn build(graph: &TemporalGraph, years: Years) -> Result<Report> {
        let mut sections = story::sections(graph, years);
        let scopes: Vec<Scope> = sections.iter().map(|s| s.scope).collect();
        for (section, picture) in sections.iter_mut().zip(year_pictures(graph, &scopes)?) {
            section.picture = picture;
        }
        Ok(Report {
            title: graph.title().to_string(),
            description: graph.meta().description.clone(),
            years,
            horizon: graph.horizon(),
            sources: graph
                .sources()
                .iter()
                .map(|s| (s.id.clone(), s.title.clone(), s.url.clone()))
                .collect(),
            sections,
            charts: charts(graph, years)?,
        })
    }

    /// The report as one self-contained HTML page.
    pub fn html(&self) -> String {
        html::page(self)
    }

    /// The report as Markdown: `report.md` first, then the pictures it shows, by file name.
    pub fn markdown(&self) -> Vec<(String, Vec<u8>)> {
        markdown::files(self)
    }
}

/// "Before 2007, then each year from 2007 to 2017": which years the report tells.
fn years_covered(report: &Report) -> String {
    let Years { from, to } = report.years;
    let years =
        if from == to { format!("{from}") } else { format!("each year from {from} to {to}") };
    match report.sections.first() {
        Some(s) if s.scope != Scope::Year(from) => {
            format!("Years covered: what came before {from} in one section, then {years}.")
        }
        _ => format!("Years covered: {years}."),
    }
}

/// How to read confidence and projection years, as `(class, sentence)`.
fn reading(report: &Report) -> Vec<(&'static str, String)> {
    let mut out = vec![
        ("stated", "Stated: a source says it. Each sentence carries numbered notes pointing at                     its sources (the notes close each section)."
            .to_string()),
        ("inferred", "Inferred: a reading of the sources rather than a statement; the sentence                       is marked \"inferred\" and its note says why."
            .to_string()),
        ("proposed", "Proposed: a question or a plan a source raises, not a fact; the sentence                       is marked \"proposed\"."
            .to_string()),
        ("new", "In each year's list of actors, \"new\" marks those that begin that year; a                  link that ends with one of its actors is told by \"… ends\"."
            .to_string()),
    ];
    out.push(("projection", match report.horizon {
        Some(h) => format!(
            "Projection years: the sources observe the years up to {h}. A year after {h} is              marked \"projection\": it shows the records still open then, not observations."
        ),
        None => "Projection years: the dataset declares no horizon (the last year its sources                  observe), so no year is marked as a projection."
            .to_string(),
    }));
    out
}

/// The SVG picture of each scope as `render --size 1080p` draws it: framed to its year, actors starting from
/// where the layout of the whole history put them. The one place the report calls the renderer.
fn year_pictures(graph: &TemporalGraph, scopes: &[Scope]) -> Result<Vec<Vec<u8>>> {
    let pins = layout(graph)?;
    let slices: Vec<_> = scopes.iter().map(|&scope| graph.slice(scope)).collect();
    // A slide's proportions and text sizes: the page shows it at its width, and so does print.
    let options = Options { size: Some((1920, 1080)), ..Options::default() };
    render_all(graph, &pins, &slices, ImageFormat::Svg, &options, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtin() -> TemporalGraph {
        TemporalGraph::new(crate::load(None).unwrap())
    }

    #[test]
    fn the_builtin_years_are_the_decks() {
        let graph = builtin();
        assert_eq!(Years::choose(&graph, None, None).unwrap(), Years { from: 2007, to: 2017 });
        assert_eq!(
            Years::choose(&graph, Some(2010), None).unwrap(),
            Years { from: 2010, to: 2017 }
        );
        assert_eq!(
            Years::choose(&graph, None, Some(2027)).unwrap(),
            Years { from: 2017, to: 2027 }
        );
        assert!(matches!(Years::choose(&graph, Some(2012), Some(2010)), Err(Error::Request(_))));
    }

    #[test]
    fn formats_come_from_names_and_extensions() {
        assert_eq!("MD".parse::<ReportFormat>().unwrap(), ReportFormat::Markdown);
        assert!("pdf".parse::<ReportFormat>().is_err());
        let path = std::path::Path::new("out/report.HTML");
        assert_eq!(ReportFormat::from_path(path).unwrap(), ReportFormat::Html);
        let e = ReportFormat::from_path(std::path::Path::new("report.pdf")).unwrap_err();
        assert!(matches!(e, Error::Request(_)) && e.to_string().contains("report.pdf"), "{e}");
    }
}
