//! The report as Markdown (CommonMark): `report.md`, and beside it one SVG per section picture
//! and per chart, which it shows as images.
//!
//! Text from the data is escaped so that it stays text ([`escape`]: a backslash before each
//! character that could start markup, a line break in a name as a hard line break), and
//! addresses go into links with the characters that would end them percent-encoded.

use super::{Line, Report, Section};
use crate::model::Confidence;
use std::fmt::Write;

/// The name of the Markdown file.
pub const FILE: &str = "report.md";

/// Characters that start inline markup wherever they stand.
const INLINE: &[char] = &['\\', '`', '*', '_', '[', ']', '<', '>', '&', '!', '|', '~'];
/// Characters that start a block at the beginning of a line (a heading, a list, a quote, a
/// setext underline).
const LINE_START: &[char] = &['#', '-', '+', '=', '>'];

/// `text` as literal Markdown text: the characters that could start markup get CommonMark's
/// backslash escape (inline ones anywhere, block ones at the start of a line, the `.` or `)`
/// after leading digits that would make a numbered list), and a line break becomes a hard line
/// break, so the text reads back as it was.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    let mut line_start = true;
    // The digits at the start of the current line, while nothing else came.
    let mut leading_digits = true;
    while let Some(c) = chars.next() {
        match c {
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\\n");
                line_start = true;
                leading_digits = true;
                continue;
            }
            '\0' => out.push('\u{FFFD}'),
            c if INLINE.contains(&c) || (line_start && LINE_START.contains(&c)) => {
                out.push('\\');
                out.push(c);
            }
            '.' | ')' if leading_digits && !line_start => {
                out.push('\\');
                out.push(c);
            }
            // Spaces stay: within a paragraph, leading spaces cannot start a code block.
            c => out.push(c),
        }
        leading_digits = leading_digits && c.is_ascii_digit();
        line_start = false;
    }
    out
}

/// `url` as a link destination: the characters that would end or break it percent-encoded.
fn destination(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            ' ' | '<' | '>' | '(' | ')' | '"' | '\\' | '`' => {
                let _ = write!(out, "%{:02X}", c as u32);
            }
            c if c.is_control() => {
                let mut buf = [0; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    let _ = write!(out, "%{b:02X}");
                }
            }
            c => out.push(c),
        }
    }
    out
}

fn link(text: &str, url: &str) -> String {
    format!("[{}]({})", escape(text), destination(url))
}

/// `report.md`, then each picture and chart it shows.
pub fn files(report: &Report) -> Vec<(String, Vec<u8>)> {
    let mut md = String::new();
    let _ = writeln!(md, "# {}\n", escape(&report.title));
    if let Some(description) = &report.description {
        let _ = writeln!(md, "{}\n", escape(description));
    }
    let _ = writeln!(md, "{}\n", escape(&super::years_covered(report)));
    md.push_str("## How to read this report\n\n");
    for (_, text) in super::reading(report) {
        let _ = writeln!(md, "- {}", escape(&text));
    }
    md.push_str("\n## Sources\n\n");
    for (i, (id, title, url)) in report.sources.iter().enumerate() {
        let _ = write!(md, "{}. <a id=\"source-{}\"></a>{}", i + 1, id_safe(id), escape(title));
        if let Some(url) = url {
            let _ = write!(md, " — {}", link(url, url));
        }
        md.push('\n');
    }
    let mut files = Vec::new();
    for section in &report.sections {
        let picture = format!("{}.svg", section.id);
        section_md(section, &picture, &mut md);
        files.push((picture, section.picture.clone()));
    }
    md.push_str("\n## Across the years\n");
    for chart in &report.charts {
        let file = format!("{}.svg", chart.id);
        let _ = writeln!(md, "\n![{}]({file})", escape(&chart.title));
        files.push((file, chart.svg.clone().into_bytes()));
    }
    files.insert(0, (FILE.to_string(), md.into_bytes()));
    files
}

/// An id as it can sit in an HTML anchor without quoting trouble.
fn id_safe(id: &str) -> String {
    id.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' }).collect()
}

fn section_md(section: &Section, picture: &str, md: &mut String) {
    let anchor = id_safe(&section.id);
    let _ = write!(md, "\n## {}", escape(&section.heading));
    if section.projection {
        md.push_str(" (projection)");
    }
    let _ = writeln!(md, "\n\n![The graph, {}]({picture})\n", escape(&section.heading));
    let _ = write!(md, "### {}\n\n", section.actors_heading());
    let names: Vec<String> = section
        .actors
        .iter()
        .map(|a| if a.new { format!("**{}** (new)", escape(&a.name)) } else { escape(&a.name) })
        .collect();
    let _ = writeln!(md, "{}\n", names.join(", "));
    if !section.changes.is_empty() {
        md.push_str("### What began and what ended\n");
    }
    for (group, lines) in &section.changes {
        let _ = writeln!(md, "\n#### {}\n", escape(group));
        lines_md(&anchor, lines, md);
    }
    if !section.milestones.is_empty() {
        md.push_str("\n### Milestones\n\n");
        lines_md(&anchor, &section.milestones, md);
    }
    if !section.notes.is_empty() {
        md.push_str("\n### Notes\n\n");
        for (i, note) in section.notes.iter().enumerate() {
            let _ = write!(
                md,
                "{}. <a id=\"{anchor}-note-{}\"></a>{}, {}",
                i + 1,
                i + 1,
                escape(&note.title),
                escape(&note.locator)
            );
            if let Some(url) = &note.url {
                let _ = write!(md, " — {}", link(url, url));
            }
            md.push('\n');
        }
    }
}

fn lines_md(anchor: &str, lines: &[Line], md: &mut String) {
    for line in lines {
        let _ = write!(md, "- {}", escape(&line.text));
        if let Some(detail) = &line.detail {
            let _ = write!(md, " \\({}\\)", escape(detail));
        }
        if line.confidence != Confidence::Stated {
            let _ = write!(md, " *{}*", line.confidence.as_str());
        }
        if let Some(note) = &line.note {
            let _ = write!(md, " — {}", escape(note));
        }
        for n in &line.cites {
            let _ = write!(md, " [\\[{n}\\]](#{anchor}-note-{n})");
        }
        md.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_stays_text() {
        assert_eq!(escape("*a* <b> & [c](d)"), "\\*a\\* \\<b\\> \\& \\[c\\](d)");
        assert_eq!(escape("one\ntwo\r\nthree"), "one\\\ntwo\\\nthree");
        assert_eq!(escape("é # 1. Grid'5000 HPC-PME"), "é # 1. Grid'5000 HPC-PME");
        assert_eq!(escape("# a\n- b\n12. c\n3) d"), "\\# a\\\n\\- b\\\n12\\. c\\\n3\\) d");
        assert_eq!(destination("https://x.org/a b?(c)<d>"), "https://x.org/a%20b?%28c%29%3Cd%3E");
    }
}
