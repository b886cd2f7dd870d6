//! Rules of the source tree that the compiler alone does not keep.

use crate::architecture::rust_files;
use std::path::Path;

/// `unsafe_code` is denied for the whole crate (`[lints]` in Cargo.toml); only the allocator
/// module and the two binaries' headers that call it before anything else may allow it.
#[test]
fn unsafe_code_is_allowed_only_in_the_allocator_module_and_the_binaries_headers() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    assert!(
        manifest.contains("[lints.rust]\nunsafe_code = \"deny\""),
        "Cargo.toml no longer denies unsafe code"
    );
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let allowed = ["src/platform/memory.rs", "src/main.rs", "src/bin/mesograph-bench.rs"];
    let mut allowing: Vec<String> = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        if text.contains("allow(unsafe_code)") || text.contains("allow(unsafe_op_in_unsafe_fn)") {
            let relative = file.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
            allowing.push(relative);
        }
    }
    allowing.sort();
    let mut expected: Vec<String> = allowed.iter().map(|s| s.to_string()).collect();
    expected.sort();
    assert_eq!(allowing, expected, "files that allow unsafe code");
    // The binaries allow it for one item each: the `.preinit_array` entry.
    for binary in ["src/main.rs", "src/bin/mesograph-bench.rs"] {
        let text = std::fs::read_to_string(root.join(binary)).unwrap();
        assert_eq!(text.matches("allow(unsafe_code)").count(), 1, "{binary}");
        assert!(!text.contains("unsafe {") && !text.contains("unsafe fn"), "{binary}");
    }
}
