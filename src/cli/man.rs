//! `mesograph man`: the manual page of mesograph or of one of its commands.

use super::{Cli, write_out};
use clap::CommandFactory;
use mesograph::Error;

/// Prints the page of `command`, or mesograph's without one.
pub fn run(command: Option<&str>) -> Result<(), Error> {
    write_out(&man_page(command)?)
}

/// The roff manual page of mesograph, or of one of its commands, from the clap definitions.
fn man_page(command: Option<&str>) -> Result<Vec<u8>, Error> {
    let mut cli = Cli::command();
    cli.build();
    let page = match command {
        None => cli,
        Some(name) => {
            let names: Vec<String> =
                cli.get_subcommands().map(|c| c.get_name().to_string()).collect();
            let sub = cli.find_subcommand(name).cloned().ok_or_else(|| {
                Error::Request(format!(
                    "unknown command \"{name}\" (expected one of: {})",
                    names.join(", ")
                ))
            })?;
            // Named as man pages of subcommands are: mesograph-export(1).
            sub.name(format!("mesograph-{name}"))
        }
    };
    let mut out = Vec::new();
    clap_mangen::Man::new(page).render(&mut out).map_err(|e| Error::Internal(e.to_string()))?;
    Ok(out)
}
