//! Whether the process's memory comes in huge pages (2 MiB) or in ordinary pages (4 KiB).
//!
//! mimalloc asks the kernel for transparent huge pages for its arenas. For a large dataset they
//! pay: tens of megabytes of small records and strings are touched at random while parsing,
//! checking and building, and with 4 KiB pages nearly every such access on this kind of virtual
//! machine also missed the address cache (the TLB). For a small one they cost: touching one
//! byte of a fresh arena zeroes 2 MiB, and a command on the built-in dataset took twice as long.
//! So the binaries turn them off before anything is allocated ([`huge_pages_off`], placed in
//! `.preinit_array`) and back on with [`for_input`] once the input is known to be large. The
//! setting is the whole process's: it is for programs, not for a library inside another one.

use std::path::Path;

/// From this many bytes of input files on, huge pages are used: the synthetic dataset of 10⁴
/// actors and 10⁵ links (17 MiB) loads in two thirds of the time with them; the built-in one
/// (under 1 MiB) is slower with them.
const LARGE_INPUT: u64 = 8 << 20;

/// Turns huge pages on or off for this process and the programs it starts (`prctl`
/// `PR_SET_THP_DISABLE`); a hint to the kernel, ignored where it is not supported.
pub fn huge_pages(on: bool) {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: PR_SET_THP_DISABLE takes an integer flag and touches no memory of ours.
        let _ = unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, libc::c_ulong::from(!on), 0, 0, 0) };
    }
    #[cfg(not(target_os = "linux"))]
    let _ = on;
}

/// Turns huge pages off: for a program's `.preinit_array`, so that it runs before the first
/// allocation.
pub extern "C" fn huge_pages_off() {
    huge_pages(false);
}

/// Turns huge pages on when the data files in `dir` are large.
pub fn for_input(dir: Option<&Path>) {
    let Some(dir) = dir else { return };
    let bytes: u64 = crate::load::DataFile::ALL
        .iter()
        .filter_map(|f| std::fs::metadata(dir.join(f.file_name())).ok())
        .map(|m| m.len())
        .sum();
    if bytes >= LARGE_INPUT {
        huge_pages(true);
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    /// Whether the kernel lets this process have huge pages (`THP_enabled` in its status, since
    /// Linux 5.0), `None` when it does not say.
    fn thp_enabled() -> Option<bool> {
        let status = std::fs::read_to_string("/proc/self/status").ok()?;
        let line = status.lines().find(|l| l.starts_with("THP_enabled:"))?;
        Some(line.split_whitespace().nth(1) == Some("1"))
    }

    fn enabled() -> bool {
        thp_enabled().unwrap()
    }

    // One test: the setting belongs to the whole process, which the tests share.
    #[test]
    fn huge_pages_are_turned_on_for_a_large_input_only() {
        if thp_enabled().is_none() {
            eprintln!("skipped: this kernel does not show THP_enabled in /proc/self/status");
            return;
        }
        huge_pages(false);
        assert!(!enabled());
        let dir = tempfile::tempdir().unwrap();
        let links = dir.path().join("links.json");
        std::fs::write(&links, vec![b' '; 1 << 20]).unwrap();
        for_input(Some(dir.path()));
        for_input(None);
        assert!(!enabled(), "1 MiB is not large");
        std::fs::write(dir.path().join("actors.json"), vec![b' '; 7 << 20]).unwrap();
        for_input(Some(dir.path()));
        assert!(enabled(), "8 MiB over two files is");
        huge_pages(false);
        assert!(!enabled());
    }
}
