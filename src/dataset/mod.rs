//! The dataset layer: the records ([`model`]), their kinds ([`vocabulary`]), shared strings,
//! the files a dataset is written in and the problems found in them, and the ends of links.
//! What every layer above (loading, checking, building) takes and gives, and nothing of how.

pub(crate) mod ends;
mod files;
pub(crate) mod interned;
pub mod model;
pub mod vocabulary;

pub(crate) use files::Unparsed;
pub use files::{DataFile, META_FILE, Pending, RawDataset};
pub use interned::{Interning, interning};
