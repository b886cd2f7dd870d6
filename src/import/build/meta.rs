//! `dataset.json` of an import: its title and horizon, and the vocabulary of the kinds met.

use super::Builder;
use crate::import::{Record, Value};
use crate::model::{ActorKind, DatasetMeta, LinkKind};
use crate::vocabulary::{ActorKindDef, LinkKindDef};

/// The two families of kinds a vocabulary holds.
#[derive(Debug, Clone, Copy)]
pub(super) enum Family {
    Actors,
    Links,
}

/// A kind's label as written, when it says more than its id does: `ESFRI project` does, but
/// `Company` or `Member of` (a sheet's capital) read as `company` and `member of`.
pub(super) fn written_label(id: &str, written: &str) -> Option<String> {
    let default = id.replace('_', " ");
    let mut chars = written.chars();
    let uncapitalised: String =
        chars.next().map(|c| c.to_lowercase().chain(chars).collect()).unwrap_or_default();
    (written != id && uncapitalised != default).then(|| written.to_string())
}

/// The vocabulary of the kinds met, in the order met: `None` when they are all built-in kinds
/// (the built-in vocabulary then applies, as without `dataset.json`); else every kind met, a
/// built-in one with its look, another with its label as written and the default look.
pub(super) fn vocabulary<K: Copy, D>(
    met: &[(String, String)],
    builtin: &[K],
    id_of: fn(K) -> &'static str,
    def: impl Fn(K, Option<String>) -> D,
    own: impl Fn(&str, Option<String>) -> D,
) -> Option<Vec<D>> {
    let find = |id: &str| builtin.iter().copied().find(|&k| id_of(k) == id);
    if met.iter().all(|(id, _)| find(id).is_some()) {
        return None;
    }
    let defs = met.iter().map(|(id, written)| match find(id) {
        Some(k) => def(k, written_label(id, written)),
        None => own(id, written_label(id, written)),
    });
    Some(defs.collect())
}

impl Builder<'_> {
    /// `dataset.json`'s title and horizon from the input's graph record (a GEXF that mesograph
    /// wrote carries its title in its description), else from the options; a note when the
    /// input was exported with scenarios laid over.
    pub(super) fn meta(&mut self, graph: Option<&Record>, notes: &mut Vec<String>) -> DatasetMeta {
        let mut meta = DatasetMeta { title: self.options.title.clone(), ..DatasetMeta::default() };
        if let Some(graph) = graph {
            meta.horizon = self.year(graph, "horizon");
            if meta.title.is_none() {
                // A GEXF that mesograph wrote carries the title in its description.
                meta.title = self.text(graph, "title");
            }
            let scenarios: Vec<String> = match graph.get("scenarios") {
                Some((Value::Text(s), _)) => s
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect(),
                Some(_) => self.list(graph, "scenarios"),
                None => Vec::new(),
            };
            if !scenarios.is_empty() {
                notes.push(format!(
                "the input was exported with the scenario{} {} laid over: its records are imported as the dataset's own",
                if scenarios.len() == 1 { "" } else { "s" },
                scenarios.join(", ")
            ));
            }
        }

        meta.title = meta.title.or_else(|| self.options.fallback_title.clone());
        meta
    }

    /// The kinds met become the dataset's vocabulary (none when they are all built-in).
    pub(super) fn declare_kinds(&self, meta: &mut DatasetMeta) {
        meta.actor_kinds = vocabulary(
            &self.actor_kinds,
            ActorKind::ALL,
            ActorKind::as_str,
            // A built-in kind keeps its look; its description is the built-in dataset's.
            |k, label| ActorKindDef {
                label: label.or(Some(k.label())),
                description: None,
                ..ActorKindDef::from(k)
            },
            |id, label| ActorKindDef {
                id: id.into(),
                label,
                description: None,
                fill: None,
                shape: None,
            },
        );
        meta.link_kinds = vocabulary(
            &self.link_kinds,
            LinkKind::ALL,
            LinkKind::as_str,
            |k, label| LinkKindDef {
                label: label.or(Some(k.label())),
                description: None,
                ..LinkKindDef::from(k)
            },
            |id, label| LinkKindDef {
                id: id.into(),
                label,
                description: None,
                color: None,
                arrowhead: None,
                style: None,
                event: false,
            },
        );
    }
}
