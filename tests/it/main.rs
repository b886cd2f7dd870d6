//! Integration tests: they run the real `mesograph` binary, one module per area.

mod atlas;
mod broken;
mod check;
mod clients;
mod dataset;
mod docs;
mod edit;
mod export;
mod files;
mod formats;
mod hostile;
mod import;
mod init;
mod listing;
mod parse_back;
mod properties;
mod queries;
mod regressions;
mod render;
mod report;
mod scenario;
mod shell;
mod svg;
mod synth;
mod truth;
mod util;
