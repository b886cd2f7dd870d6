//! The documentation a newcomer reads: every relative link of the README and of `docs/` leads to a
//! file that exists (and to a heading of it, when the link names one), each page of `docs/` says
//! what it is for in its first paragraph and lists its contents when it is long, and the README's
//! set-up commands are the ones `scripts/test` runs.

use crate::util::root;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use std::collections::HashSet;
use std::path::PathBuf;

/// The Markdown pages whose links are checked: the README, `docs/*.md` and the other pages they
/// send readers to.
fn pages() -> Vec<PathBuf> {
    let root = root();
    let mut pages: Vec<PathBuf> =
        ["README.md", "BENCHMARKS.md", "graph/README.md", "graph/READING.md"]
            .iter()
            .map(|p| root.join(p))
            .collect();
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root.join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    assert!(docs.len() >= 7, "docs/ holds {} pages", docs.len());
    pages.extend(docs);
    pages
}

/// The targets of a page's links, with the line each starts on, and the text of its headings,
/// as a CommonMark parser reads them (so that code blocks and code spans hold no link).
fn read(text: &str) -> (Vec<(usize, String)>, Vec<String>) {
    let (mut links, mut headings) = (Vec::new(), Vec::new());
    let mut heading: Option<String> = None;
    for (event, range) in Parser::new(text).into_offset_iter() {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                let line = text[..range.start].matches('\n').count() + 1;
                links.push((line, dest_url.to_string()));
            }
            Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
            Event::End(TagEnd::Heading(_)) => headings.extend(heading.take()),
            Event::Text(s) | Event::Code(s) => {
                if let Some(h) = heading.as_mut() {
                    h.push_str(&s);
                }
            }
            _ => {}
        }
    }
    (links, headings)
}

/// GitHub's anchors of a page's headings: lower case, punctuation dropped, spaces as hyphens,
/// a repeated heading numbered (`-1`, `-2`).
fn anchors(text: &str) -> HashSet<String> {
    let mut seen = HashSet::new();
    for title in read(text).1 {
        let slug: String = title
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ' '))
            .map(|c| if c == ' ' { '-' } else { c })
            .collect();
        let mut anchor = slug.clone();
        let mut n = 0;
        while seen.contains(&anchor) {
            n += 1;
            anchor = format!("{slug}-{n}");
        }
        seen.insert(anchor);
    }
    seen
}

#[test]
fn every_relative_link_of_the_docs_resolves() {
    let mut broken = Vec::new();
    let mut checked = 0;
    for page in pages() {
        let text = std::fs::read_to_string(&page).unwrap();
        let name = page.strip_prefix(root()).unwrap().display().to_string();
        for (line, target) in read(&text).0 {
            if target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            checked += 1;
            let (file, anchor) = match target.split_once('#') {
                Some((file, anchor)) => (file, Some(anchor)),
                None => (target.as_str(), None),
            };
            let path: PathBuf =
                if file.is_empty() { page.clone() } else { page.parent().unwrap().join(file) };
            if !path.exists() {
                broken.push(format!("{name}:{line}: {target}: no such file"));
                continue;
            }
            if let Some(anchor) = anchor {
                let target_text = std::fs::read_to_string(&path).unwrap_or_default();
                if !anchors(&target_text).contains(anchor) {
                    broken.push(format!("{name}:{line}: {target}: no such heading"));
                }
            }
        }
    }
    assert!(checked > 40, "only {checked} relative links found: is the link reader broken?");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn the_link_checker_tells_a_broken_link() {
    let text = "# A page\n\n## Two words\n\n[ok](#two-words) [bad](#three-words) `[code](nowhere)`\n\n```\n[x](y)\n```\n";
    let links = read(text).0;
    assert_eq!(links, [(5, "#two-words".to_string()), (5, "#three-words".to_string())]);
    let found = anchors(text);
    assert!(
        found.contains("two-words") && !found.contains("three-words") && found.contains("a-page")
    );
    assert!(
        anchors("## The built-in dataset's commands\n").contains("the-built-in-datasets-commands")
    );
    assert!(anchors("## Twice\n## Twice\n").contains("twice-1"));
}

#[test]
fn each_docs_page_says_what_it_is_for_and_lists_its_contents_when_long() {
    for page in pages().into_iter().filter(|p| p.parent().unwrap().ends_with("docs")) {
        let text = std::fs::read_to_string(&page).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let name = page.display();
        assert!(lines[0].starts_with("# "), "{name}: starts with its title");
        assert!(
            lines[1].is_empty() && !lines[2].is_empty() && !lines[2].starts_with('#'),
            "{name}: the title is followed by a paragraph saying what the page is for"
        );
        if lines.len() > 150 {
            assert!(
                text.contains("\nContents:\n"),
                "{name}: {} lines and no contents",
                lines.len()
            );
        }
    }
}

#[test]
fn the_readme_is_short_and_its_set_up_commands_are_those_scripts_test_runs() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    assert!(readme.lines().count() <= 220, "README.md has {} lines", readme.lines().count());
    let set_up = "```sh\ncargo run --release -- export --all-years --format dot --format json --out out\nscripts/test\n```";
    assert!(readme.contains(&format!("## Set-up\n\nOn a fresh machine with a Rust toolchain, from a clone of this repository:\n\n{set_up}")));
    let script = std::fs::read_to_string(root().join("scripts/test")).unwrap();
    assert!(script.contains(
        "cargo run --quiet --locked -- export --all-years --format dot --format json --out"
    ));
    let ci = std::fs::read_to_string(root().join(".ci/run")).unwrap();
    assert!(ci.contains("exec scripts/test"));
}
