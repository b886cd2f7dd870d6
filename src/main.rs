//! The `mesograph` command: a thin clap layer over the library.

mod cli;

/// mimalloc instead of the system allocator: loading a large dataset makes millions of small
/// strings, and glibc's malloc/free were a fifth of the time at 10⁶ links (see BENCHMARKS.md).
/// Its arenas are backed by huge pages only for a large input (see `mesograph::memory`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Huge pages off before the first allocation (`.preinit_array` runs before anything else in
/// the process, the allocator's set-up included); a large input turns them back on (see
/// `mesograph::memory`).
#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".preinit_array")]
static HUGE_PAGES_OFF: extern "C" fn() = mesograph::memory::huge_pages_off;

fn main() -> std::process::ExitCode {
    cli::main()
}
