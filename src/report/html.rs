//! The report as one self-contained HTML page: the pictures inline as `data:` URIs, the charts
//! as inline SVG, one style element, no script. The Content Security Policy allows that style
//! (by its hash) and `data:` images, and nothing else: no script, no request.

use super::{Line, Report, Section};
use crate::atlas::csp_hash;
use crate::model::Confidence;
use base64::Engine;
use std::fmt::Write;

const STYLE: &str = include_str!("report.css");

/// `text` safe in HTML text and in a quoted attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // HTML has no NUL; other control characters go as references, kept by parsers.
            '\0' => out.push('\u{FFFD}'),
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => {
                let _ = write!(out, "&#x{:X};", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// The HTML id of a section.
fn section_id(section: &Section) -> String {
    format!("section-{}", section.id)
}

/// The whole page.
pub fn page(report: &Report) -> String {
    let csp = format!(
        "default-src 'none'; style-src {}; img-src data:; base-uri 'none'; form-action 'none'",
        csp_hash(STYLE)
    );
    let title = escape(&report.title);
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"mesograph report\">\n\
         <title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
    );
    title_page(report, &mut out);
    for section in &report.sections {
        year_section(section, &mut out);
    }
    out.push_str("<section class=\"charts\" id=\"charts\">\n<h2>Across the years</h2>\n");
    for chart in &report.charts {
        let _ = write!(
            out,
            "<figure class=\"chart\" id=\"chart-{}\">\n{}\n<figcaption>{}</figcaption>\n</figure>\n",
            chart.id,
            chart.svg.trim(),
            escape(&chart.title)
        );
    }
    out.push_str("</section>\n</body>\n</html>\n");
    out
}

fn title_page(report: &Report, out: &mut String) {
    let _ = write!(
        out,
        "<section class=\"title-page\" id=\"title-page\">\n<h1>{}</h1>\n",
        escape(&report.title)
    );
    if let Some(description) = &report.description {
        let _ = writeln!(out, "<p class=\"description\">{}</p>", escape(description));
    }
    let _ = writeln!(out, "<p class=\"years\">{}</p>", escape(&super::years_covered(report)));
    out.push_str("<h2>How to read this report</h2>\n<ul class=\"reading\">\n");
    for (class, text) in super::reading(report) {
        let _ = writeln!(out, "<li class=\"reading-{class}\">{}</li>", escape(&text));
    }
    out.push_str("</ul>\n<h2>Contents</h2>\n<ol class=\"contents\">\n");
    for section in &report.sections {
        let _ = writeln!(
            out,
            "<li><a href=\"#{}\">{}</a></li>",
            section_id(section),
            escape(&section.heading)
        );
    }
    out.push_str("<li><a href=\"#charts\">Across the years</a></li>\n</ol>\n");
    out.push_str("<h2>Sources</h2>\n<ol class=\"sources\">\n");
    for (id, title, url) in &report.sources {
        let _ = write!(out, "<li id=\"source-{}\" data-source=\"{}\">", escape(id), escape(id));
        let _ = write!(out, "{}", escape(title));
        if let Some(url) = url {
            let _ = write!(out, " — <a href=\"{}\">{}</a>", escape(url), escape(url));
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n</section>\n");
}

fn year_section(section: &Section, out: &mut String) {
    let id = section_id(section);
    let _ = write!(out, "<section class=\"year\" id=\"{id}\">\n<h2>{}", escape(&section.heading));
    if section.projection {
        out.push_str(" <span class=\"projection\">projection</span>");
    }
    out.push_str("</h2>\n");
    let picture = base64::engine::general_purpose::STANDARD.encode(&section.picture);
    let _ = writeln!(
        out,
        "<figure class=\"picture\"><img alt=\"The graph, {}\" src=\"data:image/svg+xml;base64,{picture}\"></figure>",
        escape(&section.heading)
    );
    let _ = write!(out, "<h3>{}</h3>\n<p class=\"actors\">", section.actors_heading());
    for (i, actor) in section.actors.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let class = if actor.new { "actor new" } else { "actor" };
        let _ = write!(
            out,
            "<span class=\"{class}\" title=\"{}\">{}</span>",
            escape(&actor.kind),
            escape(&actor.name)
        );
        if actor.new {
            out.push_str("<sup class=\"new-mark\">new</sup>");
        }
    }
    out.push_str("</p>\n");
    if !section.changes.is_empty() {
        out.push_str("<h3>What began and what ended</h3>\n");
    }
    for (group, lines) in &section.changes {
        let _ = writeln!(out, "<h4>{}</h4>", escape(group));
        lines_html(&id, lines, out);
    }
    if !section.milestones.is_empty() {
        out.push_str("<h3>Milestones</h3>\n");
        lines_html(&id, &section.milestones, out);
    }
    if !section.notes.is_empty() {
        out.push_str("<h3>Notes</h3>\n<ol class=\"notes\">\n");
        for (i, note) in section.notes.iter().enumerate() {
            let _ = write!(
                out,
                "<li id=\"{id}-note-{}\" data-source=\"{}\">{}, {}",
                i + 1,
                escape(&note.source),
                escape(&note.title),
                escape(&note.locator)
            );
            if let Some(url) = &note.url {
                let _ = write!(out, " — <a href=\"{}\">{}</a>", escape(url), escape(url));
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ol>\n");
    }
    out.push_str("</section>\n");
}

fn lines_html(id: &str, lines: &[Line], out: &mut String) {
    out.push_str("<ul class=\"lines\">\n");
    for line in lines {
        let confidence = line.confidence.as_str();
        let _ = write!(out, "<li class=\"{confidence}\">{}", escape(&line.text));
        if let Some(detail) = &line.detail {
            let _ = write!(out, " <span class=\"detail\">({})</span>", escape(detail));
        }
        if line.confidence != Confidence::Stated {
            let _ = write!(out, " <span class=\"confidence\">{confidence}</span>");
        }
        if let Some(note) = &line.note {
            let _ = write!(out, " <span class=\"note\">{}</span>", escape(note));
        }
        if !line.cites.is_empty() {
            out.push_str("<sup class=\"cites\">");
            for (i, n) in line.cites.iter().enumerate() {
                let comma = if i > 0 { "," } else { "" };
                let _ = write!(out, "{comma}<a class=\"cite\" href=\"#{id}-note-{n}\">{n}</a>");
            }
            out.push_str("</sup>");
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ul>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_markup_and_quotes() {
        assert_eq!(
            escape("<a href='x'>\"T&J\"</a>"),
            "&lt;a href=&#39;x&#39;&gt;&quot;T&amp;J&quot;&lt;/a&gt;"
        );
        assert_eq!(escape("é\nü"), "é\nü");
        assert_eq!(escape("a\0b\x07c\x7f"), "a\u{FFFD}b&#x7;c&#x7F;");
    }

    #[test]
    fn the_style_loads_nothing() {
        for needle in ["url(", "@import", "@font-face"] {
            assert!(!STYLE.contains(needle), "report.css must not contain {needle}");
        }
    }
}
