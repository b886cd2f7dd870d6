//! Integration tests: they run the real `mesograph` binary, one module per area.

mod check;
mod clients;
mod dataset;
mod export;
mod listing;
mod synth;
mod util;
