//! The command line's argument handling on any argv: the input is the arguments separated by NUL
//! bytes (any bytes, not only UTF-8), parsed by clap as `mesograph` parses them, then run on the
//! built-in dataset with standard output and standard error going into a sink
//! (`cli::run_in_sink`). It must never panic. A command given `--data`, writing a file or running
//! Graphviz is parsed only.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::os::unix::ffi::OsStrExt;

// The binary's own command-line layer, as `mesograph` compiles it.
#[allow(dead_code)]
#[path = "../../src/cli/mod.rs"]
mod cli;

fuzz_target!(|data: &[u8]| {
    if data.is_empty() {
        return;
    }
    let args = data.split(|&b| b == 0).map(|a| std::ffi::OsStr::from_bytes(a).to_os_string());
    let _ = cli::run_in_sink(args);
});
