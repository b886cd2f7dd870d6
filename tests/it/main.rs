//! Integration tests: they run the real `mesograph` binary, one module per area.

mod atlas;
mod check;
mod clients;
mod dataset;
mod export;
mod listing;
mod render;
mod util;
