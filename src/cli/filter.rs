//! The filter flags shared by every command that draws, exports or measures a slice.

use clap::Args;
use mesograph::{Confidence, Error, Filter, TemporalGraph, Vocabulary};
use petgraph::graph::NodeIndex;

/// `--actor-kind`, `--without-actor-kind`, `--link-kind`, `--without-link-kind`,
/// `--confidence` and `--hide-isolated`; flattened into a command's arguments.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Filters")]
pub struct FilterArgs {
    /// Keep only actors of these kinds of the dataset's vocabulary (repeat, or separate with
    /// commas).
    #[arg(long = "actor-kind", value_name = "KIND", value_delimiter = ',')]
    actor_kinds: Vec<String>,
    /// Leave out actors of these kinds, and their links (`--without-actor-kind person`).
    #[arg(long = "without-actor-kind", value_name = "KIND", value_delimiter = ',')]
    without_actor_kinds: Vec<String>,
    /// Keep only links of these kinds of the dataset's vocabulary (repeat, or separate with
    /// commas).
    #[arg(long = "link-kind", value_name = "KIND", value_delimiter = ',')]
    link_kinds: Vec<String>,
    /// Leave out links of these kinds.
    #[arg(long = "without-link-kind", value_name = "KIND", value_delimiter = ',')]
    without_link_kinds: Vec<String>,
    /// Keep only links of these confidences: any of stated, inferred, proposed.
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    confidence: Vec<Confidence>,
    /// Leave out the actors that no kept link reaches.
    #[arg(long)]
    hide_isolated: bool,
}

/// `--focus ACTOR [--depth N]`: the ego network that `export` and `render` draw.
#[derive(Debug, Clone, Default, Args)]
pub struct FocusArgs {
    /// Only the ego network of this actor (id, name or alias): the actors within --depth links
    /// of it and the links among them. With --all-years, only the years it is active.
    #[arg(long, value_name = "ACTOR")]
    focus: Option<String>,
    /// With --focus, how many links away from the actor to go [default: 1].
    #[arg(long, value_name = "N", requires = "focus")]
    depth: Option<usize>,
}

impl FocusArgs {
    /// The actor asked for and the depth, or `None` without `--focus`.
    pub fn resolve(&self, graph: &TemporalGraph) -> Result<Option<(NodeIndex, usize)>, Error> {
        self.focus
            .as_deref()
            .map(|name| Ok((graph.find(name)?, self.depth.unwrap_or(1))))
            .transpose()
    }
}

impl FilterArgs {
    /// The filter asked for, its kinds those of `graph`'s vocabulary (a kind it does not have
    /// is a usage error naming those it has). Without `--confidence`, links of
    /// `default_confidence` are kept (empty: all): pictures and exports show every link,
    /// analyses pass stated and inferred.
    pub fn filter(
        &self,
        graph: &TemporalGraph,
        default_confidence: &[Confidence],
    ) -> Result<Filter, Error> {
        let mut filter = self.confidence_filter(default_confidence);
        let v = graph.vocabulary();
        let (actor, link) = (Vocabulary::parse_actor_kind, Vocabulary::parse_link_kind);
        filter.actor_kinds = kinds(v, "actor-kind", &self.actor_kinds, actor)?;
        filter.without_actor_kinds =
            kinds(v, "without-actor-kind", &self.without_actor_kinds, actor)?;
        filter.link_kinds = kinds(v, "link-kind", &self.link_kinds, link)?;
        filter.without_link_kinds = kinds(v, "without-link-kind", &self.without_link_kinds, link)?;
        Ok(filter)
    }

    /// The filter of `--confidence` and `--hide-isolated` alone.
    fn confidence_filter(&self, default_confidence: &[Confidence]) -> Filter {
        let mut confidence = if self.confidence.is_empty() {
            default_confidence.to_vec()
        } else {
            self.confidence.clone()
        };
        confidence.sort();
        confidence.dedup();
        if confidence.len() == 3 {
            confidence.clear();
        }
        Filter { confidence, hide_isolated: self.hide_isolated, ..Filter::default() }
    }
}

/// The kinds `given` to `--FLAG`, as `parse` reads them in the vocabulary `v`.
fn kinds<K>(
    v: &Vocabulary,
    flag: &str,
    given: &[String],
    parse: fn(&Vocabulary, &str) -> Result<K, String>,
) -> Result<Vec<K>, Error> {
    given
        .iter()
        .map(|k| parse(v, k).map_err(|e| Error::Request(format!("--{flag}: {e}"))))
        .collect()
}

/// `--confidence` alone, for the commands that list links rather than draw or measure a slice
/// (neighbours, path, history, diff).
#[derive(Debug, Clone, Default, Args)]
pub struct ConfidenceArgs {
    /// Keep only links of these confidences: any of stated, inferred, proposed (repeat, or
    /// separate with commas).
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    confidence: Vec<Confidence>,
}

impl ConfidenceArgs {
    /// The filter asked for; without `--confidence`, links of `default_confidence` (empty: all).
    pub fn filter(&self, default_confidence: &[Confidence]) -> Filter {
        let args = FilterArgs { confidence: self.confidence.clone(), ..FilterArgs::default() };
        args.confidence_filter(default_confidence)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;
    use mesograph::{ActorKind, LinkKind};

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        filter: FilterArgs,
    }

    fn parse(args: &[&str]) -> Result<Filter, String> {
        let cli = Cli::try_parse_from(std::iter::once("t").chain(args.iter().copied()))
            .map_err(|e| e.to_string())?;
        let graph = mesograph::load_graph(None).map_err(|e| e.to_string())?;
        cli.filter
            .filter(&graph, &[Confidence::Stated, Confidence::Inferred])
            .map_err(|e| e.to_string())
    }

    #[test]
    fn flags_become_a_filter_and_confidence_defaults_per_command() {
        let f = parse(&["--without-actor-kind", "person,report", "--link-kind", "funds"]).unwrap();
        assert_eq!(f.without_actor_kinds, [ActorKind::Person, ActorKind::Report]);
        assert_eq!(f.link_kinds, [LinkKind::Funds]);
        assert_eq!(f.confidence, [Confidence::Stated, Confidence::Inferred]);
        // All three confidences is no confidence filter at all.
        let all = parse(&["--confidence", "proposed,stated", "--confidence", "inferred"]).unwrap();
        assert!(all.confidence.is_empty());
        assert!(parse(&["--confidence", "sure"]).is_err());
        let e = parse(&["--actor-kind", "agence"]).unwrap_err();
        assert!(
            e.contains("--actor-kind: unknown kind \"agence\" (did you mean \"agency\"?"),
            "{e}"
        );
        assert!(e.contains("expected one of: ministry, agency,"), "{e}");
    }
}
