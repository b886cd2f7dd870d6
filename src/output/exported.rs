//! Exports written to a path or into a folder: the one way an [`Exporter`]'s files leave memory,
//! for `-o`, `--out`, standard output and `--all-years` alike. Each file is streamed from its
//! [`Sink`] to a staged temporary as it is made, whatever the format.

use super::{FileSet, Staged};
use crate::error::Result;
use crate::export::{Exporter, Format, write_one};
use crate::graph::{Slice, TemporalGraph};
use std::path::Path;

/// Writes the slice in `format` to the file `path`, whole or not at all, streamed as it is made
/// so that a large year's output never sits whole in memory; `-` is standard output (see
/// [`write_to_path`]).
///
/// # Errors
/// See [`write_to_path`].
pub fn export_to_file(
    graph: &TemporalGraph,
    slice: &Slice,
    format: Format,
    path: &Path,
) -> Result<()> {
    write_to_path(&*format.exporter(), graph, slice, path)
}

/// Writes the one file of `exporter` for the slice to `path` through a [`Staged`] set: a file is
/// streamed to its temporary and renamed into place only once whole; standard output (`-`), a
/// device or a pipe receive the bytes once they are all made, so that a refusal midway prints
/// nothing.
///
/// # Errors
/// See [`write_one`] and [`crate::output::write_atomic`].
pub fn write_to_path(
    exporter: &dyn Exporter,
    graph: &TemporalGraph,
    slice: &Slice,
    path: &Path,
) -> Result<()> {
    let mut staged = Staged::new();
    staged.add_with(path, &mut Vec::new(), |out| write_one(exporter, graph, slice, out))?;
    staged.commit()
}

/// Stages the files of `exporter` for the slice, named `{stem}.{part}`, into `files` (see
/// [`crate::output::write_files_parallel`]), each streamed to its temporary as it is made.
///
/// # Errors
/// See [`Exporter::write`] and [`FileSet::add_with`].
pub fn stage(
    exporter: &dyn Exporter,
    graph: &TemporalGraph,
    slice: &Slice,
    stem: &str,
    files: &mut FileSet<'_>,
) -> Result<()> {
    for part in exporter.parts() {
        files.add_with(&format!("{stem}.{part}"), |out| exporter.write(graph, slice, part, out))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;
    use crate::export::{Sink, export};
    use crate::graph::Scope;
    use crate::output::write_files_parallel;

    #[test]
    fn a_file_written_as_it_is_made_holds_the_bytes_of_the_export() {
        let graph = crate::load_graph(None).unwrap();
        let dir = tempfile::tempdir().unwrap();
        for scope in [Scope::Year(2012), Scope::All] {
            let slice = graph.slice(scope);
            for format in Format::ALL.iter().copied().filter(|&f| f != Format::Csv) {
                let path = dir.path().join(format!("out.{}", format.exporter().extension()));
                export_to_file(&graph, &slice, format, &path).unwrap();
                let expected = export(&graph, &slice, format).unwrap();
                assert!(std::fs::read(&path).unwrap() == expected, "{format} {scope:?}");
            }
        }
        // Into a folder that does not exist: an error naming the path, and no file.
        let missing = dir.path().join("nowhere/out.json");
        let err = export_to_file(&graph, &graph.slice(Scope::All), Format::Json, &missing);
        assert!(matches!(err, Err(Error::Io { path, .. }) if path == missing));
        assert!(!dir.path().join("nowhere").exists());
    }

    /// An exporter of `parts` that writes `size` bytes of each, then fails on the part `fails`.
    struct Failing {
        parts: &'static [&'static str],
        size: usize,
        fails: &'static str,
    }

    const TWO: &[&str] = &["a.txt", "b.txt"];

    impl Exporter for Failing {
        fn extension(&self) -> &'static str {
            "txt"
        }

        fn parts(&self) -> Vec<&'static str> {
            self.parts.to_vec()
        }

        fn write(
            &self,
            _: &TemporalGraph,
            _: &Slice,
            part: &str,
            out: &mut Sink<'_>,
        ) -> Result<()> {
            for _ in 0..self.size / 1000 {
                out.put(&[b'x'; 1000]);
            }
            if part == self.fails {
                return Err(Error::Unrepresentable { format: "TXT", what: part.into() });
            }
            Ok(())
        }
    }

    #[test]
    fn an_export_that_fails_midway_leaves_no_file_behind() {
        let graph = crate::load_graph(None).unwrap();
        let slice = graph.slice(Scope::Year(2010));
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out");
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(dir.join("2010.a.txt"), "previous").unwrap();
        // Past a chunk, so that bytes have reached the temporary before the failure.
        for fails in ["a.txt", "b.txt"] {
            let failing = Failing { parts: TWO, size: 3 * Sink::SIZE, fails };
            let staged = write_files_parallel(&dir, 1, 1, |_, files| {
                stage(&failing, &graph, &slice, "2010", files)
            });
            assert_eq!(staged.unwrap_err().to_string(), format!("TXT cannot hold {fails}"));
            let left: Vec<_> =
                std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
            assert_eq!(left, [dir.join("2010.a.txt")], "no other file, no temporary");
            assert_eq!(std::fs::read(dir.join("2010.a.txt")).unwrap(), b"previous");
        }
        // One file, in place of a previous one.
        let one = Failing { parts: &["txt"], size: 2 * Sink::SIZE, fails: "txt" };
        let path = dir.join("2010.a.txt");
        assert!(write_to_path(&one, &graph, &slice, &path).is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"previous");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1, "no temporary");
        // Several files cannot go to one stream.
        let two = Failing { parts: TWO, size: 0, fails: "" };
        let e = write_to_path(&two, &graph, &slice, &dir.join("x")).unwrap_err().to_string();
        assert!(
            e.starts_with("the txt format writes two files (STEM.a.txt and STEM.b.txt)"),
            "{e}"
        );
        assert!(!dir.join("x").exists());
        // Into a folder this run creates: the folder is removed again.
        let failing = Failing { parts: TWO, size: 2 * Sink::SIZE, fails: "b.txt" };
        let staged = write_files_parallel(&tmp.path().join("new"), 1, 1, |_, files| {
            stage(&failing, &graph, &slice, "all", files)
        });
        assert!(staged.is_err());
        assert!(!tmp.path().join("new").exists(), "the folder made for it is removed");
        // The same exporter through every way out gives the same bytes.
        let fine = Failing { parts: TWO, size: 3 * Sink::SIZE + 5000, fails: "" };
        write_files_parallel(&dir, 1, 1, |_, files| stage(&fine, &graph, &slice, "2010", files))
            .unwrap();
        for part in fine.parts() {
            let mut memory = Sink::in_memory(Vec::new());
            fine.write(&graph, &slice, part, &mut memory).unwrap();
            assert!(std::fs::read(dir.join(format!("2010.{part}"))).unwrap() == memory.buf);
        }
    }
}
