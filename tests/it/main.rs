//! Integration tests: they run the real `mesograph` binary, one module per area.

mod broken;
mod check;
mod clients;
mod dataset;
mod export;
mod files;
mod hostile;
mod listing;
mod parse_back;
mod properties;
mod regressions;
mod util;
