//! `mesograph report`: the HTML page and the Markdown folder on the built-in dataset, the
//! fixture and the hostile names; their sentences, notes, escaping, determinism, printing to
//! PDF in headless Chromium, and the browser checks of `tests/e2e/report.test.mjs`.

use crate::util::{CHROMIUM, browser_ready, data, have_tool, mesograph, root, run_browser_test};
use mesograph::report::escape_html as escaped;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn neato() -> bool {
    have_tool("neato", &["-V"])
}

/// Writes the HTML report of `dataset` (None: built-in) with `extra` arguments, and reads it.
fn html_report(dataset: Option<&str>, extra: &[&str], path: &Path) -> String {
    let mut cmd = mesograph();
    cmd.arg("report").arg("-o").arg(path).args(extra);
    if let Some(d) = dataset {
        cmd.args(["--data", d]);
    }
    cmd.assert().success();
    std::fs::read_to_string(path).unwrap()
}

/// The part of the page that is section `id`.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("<section class=\"year\" id=\"section-{id}\">"))
        .unwrap_or_else(|| panic!("no section {id}"));
    let end = html[start..].find("</section>").unwrap() + start;
    &html[start..end]
}

/// The dataset's sources: id → URL.
fn sources(dir: &Path) -> BTreeMap<String, Option<String>> {
    let text = std::fs::read_to_string(dir.join("sources.json")).unwrap();
    let value: Value = serde_json::from_str(&text).unwrap();
    value["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["id"].as_str().unwrap().to_string(), s["url"].as_str().map(str::to_string)))
        .collect()
}

/// Every `href="#…-note-N"` of a section points at a note of that section whose source is one
/// of the dataset's, and that note links to the source's URL when it has one. Returns how many
/// citations were checked.
fn check_citations(html: &str, sources: &BTreeMap<String, Option<String>>) -> usize {
    let mut checked = 0;
    for (at, _) in html.match_indices("<section class=\"year\" id=\"section-") {
        let body = &html[at..at + html[at..].find("</section>").unwrap()];
        for (i, _) in body.match_indices("class=\"cite\" href=\"#") {
            let rest = &body[i + "class=\"cite\" href=\"#".len()..];
            let target = &rest[..rest.find('"').unwrap()];
            let note_at = body
                .find(&format!("<li id=\"{target}\" data-source=\""))
                .unwrap_or_else(|| panic!("citation #{target} has no note"));
            let note = &body[note_at..note_at + body[note_at..].find("</li>").unwrap()];
            let source = note.split("data-source=\"").nth(1).unwrap().split('"').next().unwrap();
            let url = sources.get(source).unwrap_or_else(|| panic!("unknown source {source}"));
            if let Some(url) = url {
                assert!(note.contains(&format!("href=\"{}\"", escaped(url))), "{note}");
            }
            checked += 1;
        }
    }
    checked
}

#[test]
fn the_builtin_report_tells_each_year_with_cited_sentences() {
    if !neato() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let html = html_report(None, &[], &dir.path().join("report.html"));
    assert!(html.starts_with("<!DOCTYPE html>"));
    // The title page: title, sources with their URLs, years, how to read.
    assert!(html.contains("<h1>L&#39;aventure mésocentres"), "title");
    assert!(html.contains("href=\"https://en.wikipedia.org/wiki/GENCI\""), "a source's URL");
    assert!(html.contains("each year from 2007 to 2017"));
    for word in ["Stated:", "Inferred:", "Proposed:", "up to 2017"] {
        assert!(html.contains(word), "how to read: {word}");
    }
    // One section per year, after "Before 2007", in order.
    let mut last = 0;
    for id in std::iter::once("before-2007".to_string()).chain((2007..=2017).map(|y| y.to_string()))
    {
        let at = html.find(&format!("id=\"section-{id}\"")).expect("section");
        assert!(at > last, "{id} in order");
        last = at;
        assert!(section(&html, &id).contains("src=\"data:image/svg+xml;base64,"), "{id} picture");
    }
    assert!(!html.contains("id=\"section-2018\"") && !html.contains("id=\"section-2006\""));
    assert!(section(&html, "before-2007").contains("<h2>Before 2007</h2>"));
    // Known facts of the data, told as sentences in their year.
    let y2010 = section(&html, "2010");
    for sentence in
        ["GENCI begins funding TGCC", "CNRS founds COCIN", "DGRI commissions France Grilles"]
    {
        assert!(y2010.contains(&format!("<li class=\"stated\">{sentence}")), "2010: {sentence}");
    }
    assert!(y2010.contains("<span class=\"actor new\" title=\"computing centre\">TGCC</span>"));
    assert!(y2010.contains("<span class=\"actor\" title=\"agency\">GENCI</span>"), "not new");
    assert!(section(&html, "2013").contains("<li class=\"stated\">CSCI ends"));
    assert!(section(&html, "2009").contains("registrations 115 people"), "a figure");
    assert!(html.contains("<li class=\"inferred\">") && html.contains(">inferred</span>"));
    // Every citation resolves to a source of the dataset.
    assert!(check_citations(&html, &sources(&root().join("graph"))) > 100);
    // The charts, inline: actors and links by kind, the journées' registrations as a series.
    assert!(html.contains("<figure class=\"chart\" id=\"chart-actors-per-year\">\n<svg"));
    assert!(html.contains("<figure class=\"chart\" id=\"chart-links-per-year\">"));
    assert!(html.contains("Journées mésocentres: registrations (people)</figcaption>"));
    // Self-contained: a policy that forbids scripts and requests, nothing loaded.
    assert!(html.contains("content=\"default-src 'none'; style-src 'sha256-"));
    for needle in ["<script", "<link", "@import", "url(", " src=\"http", "<iframe"] {
        assert!(!html.contains(needle), "loads or runs: {needle}");
    }
    // The same data gives the same bytes.
    let again = html_report(None, &[], &dir.path().join("again.html"));
    assert!(again == html, "two runs differ");
}

#[test]
fn the_years_follow_from_and_to_and_mark_projections() {
    if !neato() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let html = html_report(None, &["--from", "2015", "--to", "2019"], &dir.path().join("r.html"));
    assert!(html.contains("<h2>Before 2015</h2>"));
    for y in 2015..=2019 {
        section(&html, &y.to_string());
    }
    assert!(!section(&html, "2017").contains("class=\"projection\""));
    assert!(section(&html, "2018").contains("<span class=\"projection\">projection</span>"));
    mesograph()
        .args(["report", "--from", "2015", "--to", "2012"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("before it starts"));
}

#[test]
fn another_dataset_gets_its_own_story() {
    if !neato() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let fixture = data("fixture");
    let html = html_report(Some(&fixture), &[], &dir.path().join("r.html"));
    for y in 2007..=2010 {
        section(&html, &y.to_string());
    }
    assert!(!html.contains("Before 2007"), "nothing comes before the first year");
    let agency = escaped("Agence \"A\" <&> \\ back");
    assert!(
        section(&html, "2008")
            .contains(&format!("<li class=\"stated\">{agency} begins funding node"))
    );
    assert!(section(&html, "2008").contains(&format!(
        "<li class=\"inferred\">{agency} begins coordinating node <span class=\"confidence\">inferred</span>"
    )));
    assert!(section(&html, "2010").contains(&format!(
        "<li class=\"proposed\">Institut et du Cloud begins a partnership with {agency}"
    )));
    assert!(section(&html, "2009").contains("<li class=\"stated\">node ends"));
    // The name in use that year.
    assert!(section(&html, "2007").contains(">Institut</span>"));
    assert!(check_citations(&html, &sources(&root().join(&fixture))) > 5);
}

/// The text of a Markdown document as a CommonMark reader shows it (line breaks as `\n`).
fn markdown_text(md: &str) -> String {
    use pulldown_cmark::{Event, Parser};
    let mut text = String::new();
    for event in Parser::new(md) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::HardBreak => text.push('\n'),
            Event::SoftBreak => text.push(' '),
            Event::Html(_) | Event::InlineHtml(_) => text.push('\u{1}'),
            _ => text.push('\u{1}'),
        }
    }
    text
}

#[test]
fn hostile_names_survive_into_html_and_markdown() {
    if !neato() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let hostile = data("hostile-names");
    let html = html_report(Some(&hostile), &[], &dir.path().join("r.html"));
    let md_dir = dir.path().join("md");
    mesograph()
        .args(["report", "--data", &hostile, "--format", "md", "--out"])
        .arg(&md_dir)
        .assert()
        .success();
    let md = std::fs::read_to_string(md_dir.join("report.md")).unwrap();
    let text = markdown_text(&md);
    let actors: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join(&hostile).join("actors.json")).unwrap(),
    )
    .unwrap();
    for actor in actors["actors"].as_array().unwrap() {
        let name = actor["name"].as_str().unwrap();
        assert!(html.contains(&format!("\">{}</span>", escaped(name))), "HTML: {name:?}");
        // CommonMark reads a line break as one, and has no NUL.
        let read = name.replace("\r\n", "\n").replace('\r', "\n").replace('\0', "\u{FFFD}");
        assert!(text.contains(&read), "Markdown: {read:?} not in the text");
    }
    // Nothing from the data became markup.
    assert!(!html.contains("<script>") && !md.contains("<script>"));
}

#[test]
fn markdown_mode_writes_its_pictures_beside_it() {
    if !neato() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    mesograph().args(["report", "--format", "md", "--out"]).arg(&out).assert().success();
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(md.starts_with("# L'aventure mésocentres"));
    let mut images = 0;
    for (at, _) in md.match_indices("](") {
        let rest = &md[at + 2..];
        let target = &rest[..rest.find(')').unwrap()];
        if target.ends_with(".svg") {
            let bytes = std::fs::read(out.join(target)).unwrap_or_else(|e| panic!("{target}: {e}"));
            let head = String::from_utf8_lossy(&bytes[..bytes.len().min(400)]).to_string();
            assert!(head.contains("<svg"), "{target} is an SVG");
            images += 1;
        }
    }
    // Before 2007, 2007–2017, and at least the two charts and two series.
    assert!(images >= 12 + 4, "{images} pictures");
    for file in ["before-2007.svg", "2007.svg", "2017.svg", "actors-per-year.svg"] {
        assert!(md.contains(&format!("]({file})")), "{file} shown");
    }
    let text = markdown_text(&md);
    assert!(text.contains("GENCI begins funding TGCC"));
    assert!(text.contains("CSCI ends"));
    // Notes link to the sources' addresses.
    assert!(md.contains("](https://en.wikipedia.org/wiki/GENCI)"));
}

#[test]
fn usage_errors_and_failures_leave_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("report.pdf");
    mesograph()
        .args(["report", "-o"])
        .arg(&pdf)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("report.pdf"));
    assert!(!pdf.exists());
    mesograph()
        .args(["report", "--format", "md"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--out DIR"));
    // Without Graphviz nothing is drawn, so nothing is written: no file, no folder.
    let empty = tempfile::tempdir().unwrap();
    let html = dir.path().join("report.html");
    let out = dir.path().join("md");
    for args in [
        vec!["report", "-o", html.to_str().unwrap()],
        vec!["report", "--format", "md", "--out", out.to_str().unwrap()],
    ] {
        mesograph()
            .args(&args)
            .env("PATH", empty.path())
            .assert()
            .code(1)
            .stderr(predicates::str::contains("graphviz"));
    }
    assert!(!html.exists() && !out.exists());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "no temporary left");
}

/// Prints `html` to PDF with headless Chromium and returns its page count (pdfinfo).
fn print_pages(html: &Path, pdf: &Path) -> usize {
    let url = format!("file://{}", html.display());
    let out = Command::new(CHROMIUM)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer"])
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(url)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let info = Command::new("pdfinfo").arg(pdf).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout).to_string();
    let pages = info.lines().find_map(|l| l.strip_prefix("Pages:")).expect("pdfinfo pages");
    pages.trim().parse().unwrap()
}

/// The text of each page of `pdf` (pdftotext).
fn page_texts(pdf: &Path, pages: usize) -> Vec<String> {
    (1..=pages)
        .map(|p| {
            let out = Command::new("pdftotext")
                .args(["-f", &p.to_string(), "-l", &p.to_string()])
                .arg(pdf)
                .arg("-")
                .output()
                .unwrap();
            String::from_utf8_lossy(&out.stdout).to_string()
        })
        .collect()
}

#[test]
fn the_report_prints_one_year_per_page() {
    if !neato() || !have_tool(CHROMIUM, &["--version"]) || !have_tool("pdfinfo", &["-v"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("report.html");
    html_report(None, &[], &html);
    let pdf = dir.path().join("report.pdf");
    let pages = print_pages(&html, &pdf);
    // The title page, Before 2007, 2007–2017 and the charts, each on a page of its own at least.
    let parts = 1 + 12 + 1;
    assert!(pages >= parts, "{pages} pages");
    // Each year's section starts a page: its heading is the first line of some page.
    let texts = page_texts(&pdf, pages);
    for heading in
        std::iter::once("Before 2007".to_string()).chain((2007..=2017).map(|y| y.to_string()))
    {
        assert!(
            texts.iter().any(|t| t.lines().next().map(str::trim) == Some(heading.as_str())),
            "no page starts with {heading}"
        );
    }
}

/// What the browser must find in one report: its sections and its dataset's sources.
fn plan_of(html: &Path, dataset: &Path, sections: Vec<String>, names: Vec<String>) -> Value {
    let sources: BTreeMap<String, Option<String>> = sources(dataset);
    json!({ "html": html, "sections": sections, "sources": sources, "names": names })
}

#[test]
fn the_report_works_in_headless_chromium() {
    if !neato() || !browser_ready() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let builtin = dir.path().join("report.html");
    let hostile = dir.path().join("hostile.html");
    html_report(None, &[], &builtin);
    let hostile_dir = data("hostile-names");
    html_report(Some(&hostile_dir), &[], &hostile);
    let hostile_names: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join(&hostile_dir).join("actors.json")).unwrap(),
    )
    .unwrap();
    let names = hostile_names["actors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap().to_string())
        .collect();
    let years = |ids: std::ops::RangeInclusive<i32>| ids.map(|y| y.to_string());
    let screenshots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("e2e");
    std::fs::create_dir_all(&screenshots).unwrap();
    let shot = screenshots.join("report-2010.png");
    let _ = std::fs::remove_file(&shot);
    let plan = json!({
        "screenshot": { "path": shot, "section": "2010" },
        "reports": [
            plan_of(&builtin, &root().join("graph"),
                std::iter::once("before-2007".to_string()).chain(years(2007..=2017)).collect(),
                vec!["GENCI".into(), "TGCC".into()]),
            plan_of(&hostile, &root().join(&hostile_dir), years(2000..=2004).collect(), names),
        ],
    });
    run_browser_test("report.test.mjs", "MESOGRAPH_REPORT_PLAN", &plan);
    let bytes = std::fs::read(&shot).unwrap();
    assert!(bytes.starts_with(b"\x89PNG"), "the screenshot is a PNG");
}
