//! `mesograph render --animate`: every key frame is the still picture of its year (APNG
//! exactly, GIF within its palette), the frames and delays are those asked for, the same data
//! gives the same bytes, on the built-in dataset and on another; bad requests are usage errors
//! and write nothing.

use crate::util::{data, have_tool, mesograph};
use mesograph::render::animate::{Bitmap, decode_png, read};
use mesograph::{Scope, TemporalGraph};
use std::path::Path;

fn neato() -> bool {
    have_tool("neato", &["-V"])
}

/// Runs `mesograph render ARGS` and returns its standard error.
fn render(args: &[&str]) -> String {
    let out = mesograph().arg("render").args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "render {args:?}: {stderr}");
    stderr
}

/// The still of `year` with the key frames' options (`--frame history --stamp`) and `extra`.
fn still(dir: &Path, year: i32, extra: &[&str]) -> Bitmap {
    let path = dir.join(format!("{year}.png"));
    let year = year.to_string();
    let mut args = vec!["--year", &year, "--frame", "history", "--stamp", "-o"];
    let path_text = path.to_string_lossy().into_owned();
    args.push(&path_text);
    args.extend_from_slice(extra);
    render(&args);
    decode_png(&std::fs::read(&path).unwrap()).unwrap()
}

/// Channel differences between two pictures of the same size: the mean, and the share of
/// pixels off by more than 24 levels in some channel.
fn difference(a: &Bitmap, b: &Bitmap) -> (f64, f64) {
    assert_eq!((a.width, a.height), (b.width, b.height));
    let sum: u64 = a.rgb.iter().zip(&b.rgb).map(|(x, y)| u64::from(x.abs_diff(*y))).sum();
    let far = a
        .rgb
        .chunks_exact(3)
        .zip(b.rgb.chunks_exact(3))
        .filter(|(p, q)| p.iter().zip(q.iter()).any(|(x, y)| x.abs_diff(*y) > 24))
        .count();
    let pixels = f64::from(a.width) * f64::from(a.height);
    (sum as f64 / (pixels * 3.0), far as f64 / pixels)
}

/// GIF's 256 colours keep the fills, the white and the text exactly; anti-aliased edges may
/// take a nearby colour.
const GIF_MEAN: f64 = 1.0;
const GIF_FAR: f64 = 0.01;

/// Animates `years` of `dataset` with `extra` options at 2 frames a second (a one-second fade:
/// 2 frames), as APNG and GIF, and compares each key frame with the still of its year.
fn key_frames_are_stills(dataset: Option<&str>, years: (i32, i32), extra: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let mut common: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
    if let Some(d) = dataset {
        common.extend(["--data".into(), data(d)]);
    }
    let common: Vec<&str> = common.iter().map(String::as_str).collect();
    let stills: Vec<Bitmap> = (years.0..=years.1).map(|y| still(dir.path(), y, &common)).collect();
    let (from, to) = (years.0.to_string(), years.1.to_string());
    for ext in ["apng", "gif"] {
        let path = dir.path().join(format!("timeline.{ext}"));
        let path_text = path.to_string_lossy().into_owned();
        let mut args = vec!["--animate", "--from", &from, "--to", &to, "--fps", "2", "-o"];
        args.push(&path_text);
        args.extend_from_slice(&common);
        let report = render(&args);
        let n = stills.len();
        assert!(report.contains(&format!("{n} years, {} frames", n + (n - 1) * 2)), "{report}");
        let frames = read(&std::fs::read(&path).unwrap()).unwrap();
        assert_eq!(frames.len(), n + (n - 1) * 2, "{ext}");
        for (k, still) in stills.iter().enumerate() {
            let (key, seconds) = &frames[3 * k];
            assert!((seconds - 1.5).abs() < 1e-9, "{ext}: year {k} held {seconds}");
            if ext == "apng" {
                assert!(key == still, "{ext}: key frame {k} differs from the still");
            } else {
                let (mean, far) = difference(key, still);
                assert!(mean <= GIF_MEAN && far <= GIF_FAR, "{ext} key {k}: {mean} {far}");
            }
        }
        // The fades go between the two years: neither is the frame half-way.
        for k in 0..n - 1 {
            let middle = &frames[3 * k + 1].0;
            let (to_last, _) = difference(middle, &stills[k]);
            let (to_next, _) = difference(middle, &stills[k + 1]);
            let (apart, _) = difference(&stills[k], &stills[k + 1]);
            assert!(to_last > 0.0 && to_next > 0.0 && to_last < apart && to_next < apart, "{ext}");
        }
    }
}

#[test]
fn the_key_frames_of_the_builtin_dataset_are_its_stills() {
    if !neato() {
        return;
    }
    key_frames_are_stills(None, (2010, 2012), &["--size", "480x270"]);
}

#[test]
fn the_key_frames_of_another_dataset_with_a_filter_are_its_stills() {
    if !neato() {
        return;
    }
    // A filter changes which actors stand unlinked; the key frames still match the stills.
    key_frames_are_stills(
        Some("fixture"),
        (2007, 2009),
        &["--size", "400x300", "--without-link-kind", "prompted"],
    );
}

#[test]
fn by_default_the_animation_runs_from_the_first_link_to_the_horizon_and_is_deterministic() {
    if !neato() {
        return;
    }
    let graph = TemporalGraph::new(mesograph::load(None).unwrap());
    let (first, last) = graph.span().unwrap();
    let start = (first..=last).find(|&y| !graph.slice(Scope::Year(y)).links.is_empty()).unwrap();
    let end = graph.horizon().unwrap();
    let years = (end - start + 1) as usize;
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<_> = ["a.gif", "b.gif"].iter().map(|f| dir.path().join(f)).collect();
    for file in &files {
        let report = render(&[
            "--animate",
            "--size",
            "320x200",
            "--fps",
            "1",
            "--hold",
            "0.5",
            "-o",
            &file.to_string_lossy(),
        ]);
        assert!(report.contains(&format!("{years} years, {} frames", 2 * years - 1)), "{report}");
    }
    let bytes = std::fs::read(&files[0]).unwrap();
    assert!(bytes == std::fs::read(&files[1]).unwrap(), "two runs differ");
    let frames = read(&bytes).unwrap();
    assert_eq!(frames.len(), 2 * years - 1);
    assert!(frames.iter().all(|(f, _)| (f.width, f.height) == (320, 200)));
    let delays: Vec<f64> = frames.iter().map(|(_, s)| *s).collect();
    assert!(delays.iter().step_by(2).all(|&d| (d - 0.5).abs() < 1e-9), "{delays:?}");
    assert!(delays.iter().skip(1).step_by(2).all(|&d| (d - 1.0).abs() < 1e-9), "{delays:?}");
}

#[test]
fn bad_animation_requests_are_usage_errors_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("timeline.mp4");
    let out = mesograph().args(["render", "--animate", "-o"]).arg(&target).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(".gif") && stderr.contains(".apng"), "{stderr}");
    let gif = dir.path().join("t.gif");
    for args in [
        vec!["--fps", "0"],
        vec!["--fps", "60"],
        vec!["--hold", "0"],
        vec!["--fade", "-1"],
        vec!["--year", "2012"],
        vec!["--all-years"],
        vec!["--format", "png"],
    ] {
        let out = mesograph()
            .args(["render", "--animate"])
            .args(&args)
            .arg("-o")
            .arg(&gif)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // Without --animate, the animation's settings mean nothing.
    let out = mesograph().args(["render", "--fps", "5", "-o"]).arg(&gif).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    // Without a file name, or one without an extension.
    let out = mesograph().args(["render", "--animate"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = mesograph().args(["render", "--animate", "-o", "-"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    // A focus on an actor absent from every year asked for.
    let out = mesograph()
        .args(["render", "--animate", "--focus", "GENCI", "--from", "2000", "--to", "2005", "-o"])
        .arg(&gif)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("not active in 2000–2005"), "{stderr}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "nothing is written");
}

#[test]
fn an_animation_into_a_missing_folder_fails_whole() {
    if !neato() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("missing/t.apng");
    let out = mesograph()
        .args(["render", "--animate", "--from", "2012", "--to", "2013", "--size", "300x200"])
        .arg("-o")
        .arg(&target)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing"));
    assert!(!dir.path().join("missing").exists());
}

#[test]
fn the_key_frames_of_a_dataset_with_its_own_vocabulary_are_its_stills() {
    if !neato() {
        return;
    }
    // Ruritania's kinds, shapes and colours are its own.
    key_frames_are_stills(Some("ruritania"), (2007, 2009), &["--size", "480x270"]);
}
