//! The `mesograph` command: a thin clap layer over the library.

mod cli;

/// mimalloc instead of the system allocator: loading a large dataset makes millions of small
/// strings, and glibc's malloc/free were a fifth of the time at 10⁶ links (see BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::main()
}
