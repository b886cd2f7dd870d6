//! Reading one field of a record: text, years, lists, citations and kinds, each problem
//! reported where the field was read.

use super::Builder;
use super::ids::{kind_id, slug, unique};
use super::meta::Family;
use crate::import::{At, Record, Value};
use crate::model::{Citation, Figure, Source, SourceKind, Year};
use crate::vocabulary::is_kind_slug;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::collections::HashSet;

/// A citation as the exports write it: the source's id and the locator, with the source's
/// title and address.
#[derive(Debug, Deserialize)]
#[serde(rename = "citation")]
pub(super) struct CiteIn {
    pub(super) source: String,
    pub(super) locator: String,
    #[serde(default)]
    pub(super) title: Option<String>,
    #[serde(default)]
    pub(super) url: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename = "name")]
pub(super) struct NameIn {
    pub(super) name: String,
    pub(super) start: Year,
    #[serde(default)]
    pub(super) end: Option<Year>,
    #[serde(default)]
    pub(super) citations: Vec<CiteIn>,
}

#[derive(Debug, Deserialize)]
#[serde(rename = "milestone")]
pub(super) struct MilestoneIn {
    pub(super) year: Year,
    pub(super) title: String,
    #[serde(default)]
    pub(super) place: Option<String>,
    #[serde(default)]
    pub(super) related: Vec<String>,
    #[serde(default)]
    pub(super) figures: Vec<Figure>,
    #[serde(default)]
    pub(super) citations: Vec<CiteIn>,
    #[serde(default)]
    pub(super) note: Option<String>,
}

impl Builder<'_> {
    /// A text field: `None` when absent, empty or null.
    pub(super) fn text(&mut self, record: &Record, name: &str) -> Option<String> {
        let (value, at) = record.get(name)?;
        match value {
            Value::Text(s) if s.is_empty() => None,
            Value::Text(s) => Some(s.clone()),
            Value::Json(serde_json::Value::Null) => None,
            Value::Json(serde_json::Value::String(s)) => Some(s.clone()),
            Value::Json(v @ (serde_json::Value::Number(_) | serde_json::Value::Bool(_))) => {
                Some(v.to_string())
            }
            Value::Json(other) => {
                let (input, at) = (record.input, at.clone());
                let name = record.shown(name);
                self.report(input, &at, format!("expected a text in \"{name}\", found {other}"));
                None
            }
        }
    }

    /// A year field: a whole number, or a date that starts with its year (`2014-05-01`).
    pub(super) fn year(&mut self, record: &Record, name: &str) -> Option<Year> {
        let (value, at) = record.get(name)?;
        let (input, at) = (record.input, at.clone());
        let text = match value {
            Value::Json(serde_json::Value::Null) => return None,
            Value::Json(serde_json::Value::Number(n)) => n.to_string(),
            Value::Json(serde_json::Value::String(s)) | Value::Text(s) => s.trim().to_string(),
            Value::Json(other) => other.to_string(),
        };
        if text.is_empty() {
            return None;
        }
        match parse_year(&text) {
            Some(y) => match Year::try_from(y) {
                Ok(y) => Some(y),
                Err(_) => {
                    let message = format!(
                        "impossible year {text} in \"{}\" (expected {}–{})",
                        record.shown(name),
                        crate::model::MIN_YEAR,
                        crate::model::MAX_YEAR
                    );
                    self.report(input, &at, message);
                    None
                }
            },
            None => {
                let message = format!("\"{text}\" in \"{}\" is not a year", record.shown(name));
                self.report(input, &at, message);
                None
            }
        }
    }

    /// A list field: a JSON array, or its compact JSON text in a cell.
    pub(super) fn list<T: DeserializeOwned>(&mut self, record: &Record, name: &str) -> Vec<T> {
        let Some((value, at)) = record.get(name) else { return Vec::new() };
        let (input, at) = (record.input, at.clone());
        let parsed = match value {
            Value::Text(s) if s.trim().is_empty() => return Vec::new(),
            Value::Json(serde_json::Value::Null) => return Vec::new(),
            Value::Text(s) => serde_json::from_str::<Vec<T>>(s).map_err(|e| e.to_string()),
            Value::Json(v) => {
                serde_path_to_error::deserialize::<_, Vec<T>>(v).map_err(|e| e.to_string())
            }
        };
        parsed.unwrap_or_else(|e| {
            // A position inside a cell is not one in the file, which the problem has.
            let e = e.rfind(" at line ").map_or(e.as_str(), |i| &e[..i]).to_string();
            self.report(input, &at, format!("cannot read \"{}\": {e}", record.shown(name)));
            Vec::new()
        })
    }

    /// The citations `list` names, their sources registered; where none is given and `--cite`
    /// was, one citation of that source whose locator names the file and line of `record`.
    pub(super) fn citations(
        &mut self,
        list: Vec<CiteIn>,
        record: &Record,
        at: &At,
    ) -> Vec<Citation> {
        let mut out = Vec::with_capacity(list.len().max(1));
        for c in list {
            if !self.sources.contains_key(&c.source) {
                let url = c.url.filter(|u| !u.is_empty());
                let kind = if url.is_some() { SourceKind::Web } else { SourceKind::Deck };
                let title = c.title.unwrap_or_else(|| c.source.clone());
                self.sources.insert(c.source.clone(), source(&c.source, kind, title, url));
                self.origins.sources.insert(c.source.clone(), (record.input, at.clone()));
            }
            out.push(Citation { source: c.source.into(), locator: c.locator.into() });
        }
        if out.is_empty() {
            out.extend(self.cited(record));
        }
        out
    }

    /// The citation a record without one gets: the spreadsheet's own citation cell, else the
    /// source of `--cite`; its locator names where the record was read.
    pub(super) fn cited(&mut self, record: &Record) -> Option<Citation> {
        let own = self.text(record, "cite");
        let named = own.or_else(|| self.options.cite.clone())?;
        let at = record.at("cite");
        let id = match self
            .sources
            .values()
            .find(|s| s.url.as_deref() == Some(&named) || s.title == named)
        {
            Some(s) => s.id.clone(),
            None => {
                let taken: HashSet<String> = self.sources.keys().cloned().collect();
                let bare = named.trim_start_matches("https://").trim_start_matches("http://");
                let id = unique(&slug(bare.trim_start_matches("www."), "source"), &taken);
                let web = named.starts_with("http://") || named.starts_with("https://");
                let (kind, url) = if web {
                    (SourceKind::Web, Some(named.clone()))
                } else {
                    (SourceKind::Deck, None)
                };
                let s = source(&id, kind, named.clone(), url);
                self.sources.insert(id.clone(), s);
                self.origins.sources.insert(id.clone(), (record.input, at));
                id
            }
        };
        let line = self.places.line(record.input, &record.at);
        let file = std::path::Path::new(&self.places.inputs[record.input].name)
            .file_name()
            .map_or_else(|| "input".to_string(), |n| n.to_string_lossy().into_owned());
        Some(Citation { source: id.into(), locator: format!("{file} line {line}").into() })
    }

    /// The kind of a record, checked against the kinds the dataset knows.
    pub(super) fn kind<K>(
        &mut self,
        record: &Record,
        family: Family,
        make: fn(&str) -> K,
    ) -> Option<K> {
        let Some(text) = self.text(record, "kind") else {
            self.report(
                record.input,
                &record.at("kind"),
                "no kind: every actor and link has one (a \"Type\" column in a sheet, a \"kind\" attribute in a graph file)".into(),
            );
            return None;
        };
        let id = kind_id(&text);
        if !is_kind_slug(&id) {
            let message = format!(
                "kind \"{text}\" has no id: a kind's id is a snake_case word that starts with a letter"
            );
            self.report(record.input, &record.at("kind"), message);
            return None;
        }
        // The label a reader sees: GEXF writes it beside the id; a sheet writes only it.
        let label = self.text(record, "kind_label").unwrap_or(text);
        let met = match family {
            Family::Actors => &mut self.actor_kinds,
            Family::Links => &mut self.link_kinds,
        };
        if !met.iter().any(|(known, _)| *known == id) {
            met.push((id.clone(), label));
        }
        Some(make(&id))
    }
}

fn source(id: &str, kind: SourceKind, title: String, url: Option<String>) -> Source {
    Source {
        id: id.to_string(),
        kind,
        title,
        url,
        authors: vec![],
        date: None,
        sections: vec![],
        note: None,
    }
}

/// A year written as a whole number (`2014`, or `2014.0` as Gephi writes a double), or as a
/// date that starts with it (`2014-05-01`, `2014-05`): what spreadsheets and Gephi's timelines
/// write.
pub(crate) fn parse_year(text: &str) -> Option<i64> {
    if let Ok(y) = text.parse::<i64>() {
        return Some(y);
    }
    // Gephi's `timeformat="double"` writes 2014.0.
    if let Some(whole) = text.strip_suffix(".0")
        && let Ok(y) = whole.parse::<i64>()
    {
        return Some(y);
    }
    let (year, rest) = text.split_at_checked(4)?;
    let date = rest.starts_with('-')
        && rest[1..].bytes().all(|b| b.is_ascii_digit() || b == b'-' || b == b'T' || b == b':');
    if date && year.bytes().all(|b| b.is_ascii_digit()) { year.parse().ok() } else { None }
}

pub(super) fn is_empty(value: &Value) -> bool {
    match value {
        Value::Text(s) => s.trim().is_empty(),
        Value::Json(serde_json::Value::Null) => true,
        Value::Json(serde_json::Value::String(s)) => s.trim().is_empty(),
        Value::Json(_) => false,
    }
}
