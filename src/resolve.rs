//! Turning what a person types (an id, a name, an alias, in any case, with or without accents)
//! into an actor, and suggesting close names when nothing matches.

use crate::model::Actor;
use std::borrow::Borrow;
use unicode_normalization::UnicodeNormalization;

/// The form names are compared in: accents removed, lower case, letters and digits only, so
/// that `Equip@Meso`, `equip meso` and `EQUIP@MÉSO` all read `equipmeso`.
pub fn fold(s: &str) -> String {
    s.nfd().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// Up to five candidates close to `query`, best first. Candidates are compared folded; what is
/// returned is the candidate as given.
pub fn suggestions<'a>(query: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let q = fold(query);
    let mut scored: Vec<(f64, &str)> = candidates
        .into_iter()
        .filter_map(|c| {
            let f = fold(c);
            let mut score = strsim::jaro_winkler(&q, &f);
            if !q.is_empty() && (f.contains(&q) || q.contains(&f)) && f.len() > 1 {
                score = score.max(0.9);
            }
            (score >= 0.8).then_some((score, c))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    let mut out: Vec<String> = Vec::new();
    for (_, c) in scored {
        if !out.iter().any(|o| o == c) {
            out.push(c.to_string());
        }
        if out.len() == 5 {
            break;
        }
    }
    out
}

/// Every name an actor answers to: its id, name, full name, aliases and earlier names.
pub fn names_of(actor: &Actor) -> impl Iterator<Item = &str> {
    [actor.id.as_str(), actor.name.as_str()]
        .into_iter()
        .chain(actor.full_name.as_deref())
        .chain(actor.aliases.iter().map(String::as_str))
        .chain(actor.names.iter().map(|n| n.name.as_str()))
}

/// How a query matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// Exactly one actor: its index in the slice given.
    Found(usize),
    /// Several actors answer to the query: their indices.
    Ambiguous(Vec<usize>),
    /// None does: close names, best first.
    Unknown(Vec<String>),
}

/// Finds the actor `query` names among `actors`.
///
/// An exact id always wins; otherwise a folded match on any name. Runs in O(total names).
pub fn resolve<A: Borrow<Actor>>(query: &str, actors: &[A]) -> Resolution {
    let actors: Vec<&Actor> = actors.iter().map(Borrow::borrow).collect();
    if let Some(i) = actors.iter().position(|a| a.id == query) {
        return Resolution::Found(i);
    }
    let q = fold(query);
    let hits: Vec<usize> = actors
        .iter()
        .enumerate()
        .filter(|(_, a)| !q.is_empty() && names_of(a).any(|n| fold(n) == q))
        .map(|(i, _)| i)
        .collect();
    // No exact name: a name that starts with the query ("Rapport Roucairol" for
    // "Rapport Roucairol (2013)"), when only one actor has such a name.
    let hits = if hits.is_empty() && q.chars().count() >= 3 {
        actors
            .iter()
            .enumerate()
            .filter(|(_, a)| names_of(a).any(|n| fold(n).starts_with(&q)))
            .map(|(i, _)| i)
            .collect()
    } else {
        hits
    };
    match hits.as_slice() {
        [one] => Resolution::Found(*one),
        [] => {
            // Suggest ids (what is quickest to type again), ranked by the closest of each
            // actor's names.
            let close = suggestions(query, actors.iter().flat_map(|a| names_of(a)));
            let mut ids: Vec<String> = Vec::new();
            for name in close {
                for a in actors.iter().filter(|a| names_of(a).any(|n| n == name)) {
                    if !ids.contains(&a.id) {
                        ids.push(a.id.clone());
                    }
                }
            }
            Resolution::Unknown(ids)
        }
        _ => Resolution::Ambiguous(hits),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(id: &str, name: &str, aliases: &[&str]) -> Actor {
        serde_json::from_value(serde_json::json!({
            "id": id, "name": name, "kind": "agency", "start": 2000,
            "aliases": aliases, "citations": [{"source": "deck", "locator": "2010"}]
        }))
        .unwrap()
    }

    #[test]
    fn folding_ignores_case_accents_and_punctuation() {
        assert_eq!(fold("Équip@Méso"), "equipmeso");
        assert_eq!(fold("Grid'5000"), "grid5000");
    }

    #[test]
    fn resolves_by_id_name_alias() {
        let actors = vec![
            actor("genci", "GENCI", &[]),
            actor("france-grilles", "France Grilles", &["France Grille"]),
            actor("mds", "Maison de la Simulation", &["MdS"]),
        ];
        assert_eq!(resolve("genci", &actors), Resolution::Found(0));
        assert_eq!(resolve("france grille", &actors), Resolution::Found(1));
        assert_eq!(resolve("MAISON DE LA SIMULATION", &actors), Resolution::Found(2));
        assert_eq!(resolve("mds", &actors), Resolution::Found(2));
        assert_eq!(resolve("Maison de la", &actors), Resolution::Found(2), "a unique prefix");
        assert!(matches!(resolve("Ma", &actors), Resolution::Unknown(_)), "too short for a prefix");
    }

    #[test]
    fn unknown_names_get_suggestions_and_shared_names_are_ambiguous() {
        let actors = vec![actor("genci", "GENCI", &["X"]), actor("anr", "ANR", &["x"])];
        match resolve("gnci", &actors) {
            Resolution::Unknown(s) => assert_eq!(s.first().map(String::as_str), Some("genci")),
            other => panic!("{other:?}"),
        }
        assert_eq!(resolve("x", &actors), Resolution::Ambiguous(vec![0, 1]));
        assert_eq!(resolve("", &actors), Resolution::Unknown(vec![]));
    }
}
