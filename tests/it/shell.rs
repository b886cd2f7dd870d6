//! `mesograph completions` and `mesograph man`: generated from the clap definitions, so they
//! list every command and flag there is.

use crate::util::mesograph;
use predicates::prelude::*;

fn stdout(args: &[&str]) -> String {
    let out = mesograph().args(args).assert().success().get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

#[test]
fn completion_scripts_know_every_command_and_bash_reads_its_own() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = stdout(&["completions", shell]);
        for word in ["export", "render", "neighbours", "hide-isolated"] {
            assert!(script.contains(word), "{shell} completions lack {word}");
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mesograph.bash");
    std::fs::write(&path, stdout(&["completions", "bash"])).unwrap();
    let check = std::process::Command::new("bash").arg("-n").arg(&path).output().unwrap();
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
    mesograph().args(["completions", "tcsh"]).assert().code(2);
}

#[test]
fn man_pages_of_mesograph_and_of_each_command() {
    let page = stdout(&["man"]);
    assert!(page.contains(".TH mesograph 1"), "{page}");
    for command in ["check", "export", "render", "atlas", "stats", "completions"] {
        assert!(page.contains(command), "the page lists {command}");
        let own = stdout(&["man", command]);
        assert!(own.contains(&format!(".TH mesograph-{command} 1")), "{own}");
    }
    assert!(stdout(&["man", "export"]).contains("without\\-actor\\-kind"));
    mesograph()
        .args(["man", "exprot"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown command \"exprot\""));
}
