//! The JSON Schemas of the dataset files, generated from the Rust types of [`crate::model`] so
//! that they can never drift from what the loader accepts.
//!
//! ```
//! use mesograph::load::DataFile;
//!
//! let text = mesograph::schema::schema(DataFile::Links);
//! let schema: serde_json::Value = serde_json::from_str(&text).expect("a JSON document");
//! assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
//! ```

use crate::dataset::DataFile;
use crate::model::{ActorsFile, DatasetMeta, LinksFile, MilestonesFile, SourcesFile};
use crate::vocabulary::{Vocabulary, with_schema_vocabulary};
use schemars::schema_for;

/// The JSON Schema of one dataset file, pretty-printed, for the built-in vocabulary of kinds.
pub fn schema(file: DataFile) -> String {
    schema_for_vocabulary(file, &Vocabulary::builtin())
}

/// The JSON Schema of one dataset file of a dataset whose kinds are `vocabulary`'s: a record's
/// `kind` is one of them.
pub fn schema_for_vocabulary(file: DataFile, vocabulary: &Vocabulary) -> String {
    pretty(with_schema_vocabulary(vocabulary, || match file {
        DataFile::Sources => schema_for!(SourcesFile),
        DataFile::Actors => schema_for!(ActorsFile),
        DataFile::Links => schema_for!(LinksFile),
        DataFile::Milestones => schema_for!(MilestonesFile),
    }))
}

/// The JSON Schema of `dataset.json` (see [`DatasetMeta`]), pretty-printed.
pub fn meta_schema() -> String {
    pretty(schema_for!(DatasetMeta))
}

fn pretty(schema: schemars::Schema) -> String {
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemas_name_the_closed_sets_and_forbid_unknown_fields() {
        let actors = schema(DataFile::Actors);
        assert!(actors.contains("\"computing_centre\""), "{actors}");
        assert!(actors.contains("\"additionalProperties\": false"));
        let links = schema(DataFile::Links);
        assert!(links.contains("\"partners_with\"") && links.contains("\"inferred\""));
    }

    #[test]
    fn a_dataset_s_vocabulary_is_the_enumeration_of_its_kinds() {
        let (v, _) = Vocabulary::declared(
            Some(
                &[serde_json::from_str(r#"{"id": "company", "description": "A firm."}"#).unwrap()],
            ),
            None,
        );
        let actors: serde_json::Value =
            serde_json::from_str(&schema_for_vocabulary(DataFile::Actors, &v)).unwrap();
        let kinds = &actors["$defs"]["ActorKind"]["oneOf"];
        assert_eq!(kinds.as_array().map(Vec::len), Some(1), "{kinds}");
        assert_eq!(kinds[0]["const"], "company");
        assert_eq!(kinds[0]["description"], "A firm.");
        // And the built-in kinds again afterwards.
        assert!(schema(DataFile::Actors).contains("\"computing_centre\""));
    }
}
