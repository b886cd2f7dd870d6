//! `mesograph schema`: the JSON Schema of a dataset file, generated from the Rust types.

use super::write_out;
use mesograph::Error;
use mesograph::load::DataFile;
use std::path::Path;

/// The schema of `file` (`dataset` for `dataset.json`'s), with the kinds of the vocabulary of the
/// dataset in `data` (the built-in one's without it).
pub fn run(file: &str, data: Option<&Path>) -> Result<(), Error> {
    if file == "dataset" {
        return write_out(mesograph::schema::meta_schema().as_bytes());
    }
    let file = DataFile::ALL
        .into_iter()
        .find(|f| f.array_key() == file)
        .ok_or_else(|| Error::Request(format!("unknown file \"{file}\"")))?;
    let vocabulary = mesograph::load::read_vocabulary(data)?;
    write_out(mesograph::schema::schema_for_vocabulary(file, &vocabulary).as_bytes())
}
