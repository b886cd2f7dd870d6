//! Integration tests: they run the real `mesograph` binary, one module per area.

mod atlas;
mod check;
mod clients;
mod dataset;
mod export;
mod formats;
mod listing;
mod queries;
mod render;
mod synth;
mod util;
