//! The dataset loader on any bytes: the input is the four files separated by NUL bytes
//! (`mesograph::fuzzing::raw_dataset`). It must never panic, and its problems must be well formed.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = mesograph::fuzzing::load(data);
});
