//! The `mesograph` command: a thin clap layer over the library.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
