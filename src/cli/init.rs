//! `mesograph init`: a new dataset folder, one example record of each kind.

use super::report;
use mesograph::Error;

/// `mesograph init`: the starter files into `dir`, through the staged set, never over a dataset.
pub fn run(dir: &std::path::Path, title: Option<String>) -> Result<(), Error> {
    if let Some(existing) = mesograph::init::existing_file(dir) {
        return Err(Error::Io {
            path: existing,
            source: std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                "already there (mesograph init never replaces a dataset file)",
            ),
        });
    }
    let title = title.unwrap_or_else(|| {
        std::path::absolute(dir)
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "My dataset".into())
    });
    let files = mesograph::init::starter(&title).into_iter().map(Ok);
    let written = mesograph::output::write_files(dir, files)?;
    report(&format!(
        "wrote {written} files into {0}; check them with: mesograph check --data {0}",
        dir.display()
    ));
    Ok(())
}
