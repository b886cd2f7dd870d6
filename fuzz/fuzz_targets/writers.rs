//! The writers on any bytes: files of any names and contents, some of whose jobs fail, staged
//! into a folder and committed; the folder ends with every file staged or as it was, and no
//! temporary left (`mesograph::fuzzing::writers`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = mesograph::fuzzing::writers(data);
});
