//! The ids of imported records: a valid id is kept, any other made a unique slug of the name.

use super::Builder;
use crate::import::Record;
use crate::validate::is_slug;
use std::collections::HashSet;

/// A lowercase slug of `text` (accents dropped, every run of other characters one `-`), or
/// `fallback` when nothing is left.
pub fn slug(text: &str, fallback: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(text.len());
    for c in text.nfd().filter(|c| !unicode_normalization::char::is_combining_mark(*c)) {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() { fallback.to_string() } else { out.to_string() }
}

/// `base`, or `base-2`, `base-3`… whichever `taken` does not hold.
pub(super) fn unique(base: &str, taken: &HashSet<String>) -> String {
    if !taken.contains(base) {
        return base.to_string();
    }
    (2..).map(|n| format!("{base}-{n}")).find(|id| !taken.contains(id.as_str())).unwrap_or_default()
}

/// The id of a kind as a vocabulary spells it: snake_case (`ESFRI project` is `esfri_project`).
pub fn kind_id(text: &str) -> String {
    slug(text, "").replace('-', "_")
}

/// One text field of every node, in order.
pub(super) type Cells = Vec<Option<String>>;

impl Builder<'_> {
    /// Each node's id as given, its name, and the id it gets: a valid slug is kept as it is
    /// (a duplicate is then reported as `check` reports it); any other id, or a record without
    /// one, gets a slug of its name (or its id), made unique with `-2`, `-3`… in the order the
    /// records come.
    pub(super) fn ids(&mut self, nodes: &[Record]) -> (Cells, Cells, Vec<String>) {
        let given: Vec<Option<String>> = nodes.iter().map(|r| self.text(r, "id")).collect();
        let names: Vec<Option<String>> = nodes.iter().map(|r| self.text(r, "name")).collect();
        let mut taken: HashSet<String> =
            given.iter().flatten().filter(|id| is_slug(id)).cloned().collect();
        let mut ids = Vec::with_capacity(nodes.len());
        for (id, name) in given.iter().zip(&names) {
            match id {
                Some(id) if is_slug(id) => ids.push(id.clone()),
                _ => {
                    let base = slug(name.as_deref().or(id.as_deref()).unwrap_or_default(), "actor");
                    let id = unique(&base, &taken);
                    taken.insert(id.clone());
                    ids.push(id);
                }
            }
        }
        (given, names, ids)
    }
}
