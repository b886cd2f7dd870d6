//! What the query commands (`neighbours`, `path`, `history`, `diff`, `stats`) share: the
//! confidences an analysis counts, and the words and columns of their headings and tables.

use super::table::scope_context;
use mesograph::filter::{Filter, LeftOut};
use mesograph::model::{Confidence, Lifetime};
use mesograph::query::{Cite, LinkRef};
use mesograph::{Scope, TemporalGraph, Year};

/// What analyses (neighbours, path, stats) count without `--confidence`: what the sources state
/// and what is read from them, not what was only proposed.
pub const ANALYSED: &[Confidence] = &[Confidence::Stated, Confidence::Inferred];

/// "left out: 9 proposed links (…)" when a filter left links out for their confidence.
pub fn left_out_line(left: &mesograph::filter::LeftOut) -> String {
    if left.total() == 0 {
        return String::new();
    }
    let all = [Confidence::Stated, Confidence::Inferred, Confidence::Proposed];
    let counts: Vec<String> = all
        .into_iter()
        .filter(|&c| left.of(c) > 0)
        .map(|c| format!("{} {}", left.of(c), c.as_str()))
        .collect();
    format!(
        "left out: {} {} (--confidence stated,inferred,proposed counts every link)\n",
        counts.join(", "),
        if left.total() == 1 { "link" } else { "links" }
    )
}

pub fn years(start: Year, end: Option<Year>) -> String {
    Lifetime { start, end }.to_string()
}

pub fn sources(citations: &[Cite]) -> String {
    citations.iter().map(Cite::to_string).collect::<Vec<_>>().join("; ")
}

/// "in 2012", "in 2008–2012", "over the whole history".
pub fn in_scope(scope: Scope) -> String {
    match scope {
        Scope::All => "over the whole history".into(),
        other => format!("in {other}"),
    }
}

pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A link seen from actor `from`: `funds →` when it starts there, `← member of` otherwise.
pub fn arrow(link: &LinkRef, from: &str) -> String {
    if link.from == from {
        format!("{} →", link.kind.label())
    } else {
        format!("← {}", link.kind.label())
    }
}

/// The confidences `filter` keeps, joined by `, `.
pub fn counted(filter: &Filter) -> String {
    let all = [Confidence::Stated, Confidence::Inferred, Confidence::Proposed];
    let kept: Vec<&str> =
        all.into_iter().filter(|&c| filter.keeps_confidence(c)).map(Confidence::as_str).collect();
    kept.join(", ")
}

/// The data columns of an analysis of `scope` (see [`scope_context`]): then `counted`, the
/// confidences it counted, and `left_out`, how many links it left out for theirs.
pub fn analysis_context(
    graph: &TemporalGraph,
    scope: Scope,
    filter: &Filter,
    left: &LeftOut,
) -> Vec<(&'static str, String)> {
    let mut context = scope_context(graph, scope);
    context.push(("counted", counted(filter)));
    context.push(("left_out", left.total().to_string()));
    context
}
