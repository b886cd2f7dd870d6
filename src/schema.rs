//! The JSON Schemas of the dataset files, generated from the Rust types of [`crate::model`] so
//! that they can never drift from what the loader accepts.

use crate::load::DataFile;
use crate::model::{ActorsFile, DatasetMeta, LinksFile, MilestonesFile, SourcesFile};
use schemars::schema_for;

/// The JSON Schema of one dataset file, pretty-printed.
pub fn schema(file: DataFile) -> String {
    pretty(match file {
        DataFile::Sources => schema_for!(SourcesFile),
        DataFile::Actors => schema_for!(ActorsFile),
        DataFile::Links => schema_for!(LinksFile),
        DataFile::Milestones => schema_for!(MilestonesFile),
    })
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
}
