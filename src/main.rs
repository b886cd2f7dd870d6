//! The `mesograph` command: a thin clap layer over the library.

mod cli;

/// The system's allocator for a small input, mimalloc for a large one: loading a large dataset
/// makes millions of small strings, which mimalloc allocates and frees faster than glibc, while
/// its set-up slows a command on the built-in dataset (see `mesograph::memory` and
/// docs/performance.md, "Memory").
#[global_allocator]
static GLOBAL: mesograph::memory::Allocator = mesograph::memory::Allocator;

/// Huge pages off before the first allocation (`.preinit_array` runs before anything else in
/// the process, the allocator's set-up included); a large input turns them back on (see
/// `mesograph::memory`).
#[cfg(target_os = "linux")]
#[used]
#[allow(unsafe_code)] // runs memory::huge_pages_off before anything else (see src/platform/memory.rs)
#[unsafe(link_section = ".preinit_array")]
static HUGE_PAGES_OFF: extern "C" fn() = mesograph::memory::huge_pages_off;

fn main() -> std::process::ExitCode {
    cli::main()
}
