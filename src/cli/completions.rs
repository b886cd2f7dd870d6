//! `mesograph completions`: a shell's completion script, generated from the clap definitions.

use super::{Cli, write_out};
use clap::CommandFactory;
use mesograph::Error;

pub fn run(shell: clap_complete::Shell) -> Result<(), Error> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "mesograph", &mut out);
    write_out(&out)
}
