//! The `mesograph` command: a thin clap layer over the library.

mod cli;

/// mimalloc instead of the system allocator: loading a large dataset makes millions of small
/// strings, and glibc's malloc/free were a fifth of the time at 10⁶ links (see BENCHMARKS.md).
/// Built with `no_thp`: mimalloc otherwise asks for transparent huge pages, and the first touch
/// of its arena then zeroes 2 MiB at once, which doubled the ~3 ms of a command on the built-in
/// dataset and changed nothing measurable at 10⁶ links.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::main()
}
