//! The whole pipeline on any bytes: load, slice every year, the whole history and a window,
//! export every slice in every format, and check the results (`mesograph::fuzzing::pipeline`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    mesograph::fuzzing::pipeline(data);
});
