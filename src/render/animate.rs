//! Animated timelines: one key frame per year, each exactly the still picture of that year in
//! the history's frame (so that no actor moves between years), and cross-fades between them
//! computed here, written as GIF or APNG.
//!
//! Graphviz draws each key frame once (PNG, decoded with the `png` crate); a fade blends two
//! key frames pixel by pixel. Since every actor keeps its place, the pixels two years share are
//! equal, and only what changes (actors and links appearing or leaving, the year, the counts)
//! fades: each frame after the first stores only the rectangle that changed.
//!
//! GIF holds 256 colours: the palette keeps the key frames' most used colours exactly (white,
//! the fills, the text) and fills the rest with NeuQuant's choice for the anti-aliased edges
//! and the fades; pixels are mapped to the nearest colour, without dithering, so text stays
//! clean. APNG stores every frame exactly.

mod codec;

pub use codec::read;

use super::{HistoryFrame, ImageFormat, Options, Pins, render_all};
use crate::error::{Error, Result};
use crate::graph::{Slice, TemporalGraph};
use codec::{apng, gif};
use std::fmt;
use std::str::FromStr;

/// The animation formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum AnimationFormat {
    /// GIF: read everywhere; 256 colours a frame, delays in hundredths of a second.
    Gif,
    /// Animated PNG: exact colours and delays; read by browsers and Pillow.
    Apng,
}

impl AnimationFormat {
    /// Every format.
    pub const ALL: &'static [AnimationFormat] = &[AnimationFormat::Gif, AnimationFormat::Apng];

    /// The name on the command line, which is also the file extension.
    pub fn as_str(self) -> &'static str {
        match self {
            AnimationFormat::Gif => "gif",
            AnimationFormat::Apng => "apng",
        }
    }
}

impl fmt::Display for AnimationFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for AnimationFormat {
    type Err = Error;
    fn from_str(s: &str) -> Result<AnimationFormat> {
        AnimationFormat::ALL
            .iter()
            .copied()
            .find(|f| f.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                Error::Request(format!("unknown animation format \"{s}\" (expected gif or apng)"))
            })
    }
}

/// How long things are shown.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Timing {
    /// Frames a second during a fade.
    pub fps: u32,
    /// Seconds each year is shown still.
    pub hold: f64,
    /// Seconds a fade from one year to the next lasts.
    pub fade: f64,
}

impl Default for Timing {
    fn default() -> Timing {
        Timing { fps: 12, hold: 1.5, fade: 1.0 }
    }
}

/// The most frames a second: GIF counts in hundredths of a second, and browsers slow down
/// anything faster than 50.
pub const MAX_FPS: u32 = 50;
/// The longest hold, in seconds (APNG counts a delay in a 16-bit number of milliseconds).
pub const MAX_HOLD: f64 = 60.0;
/// The longest fade, in seconds.
pub const MAX_FADE: f64 = 10.0;

impl Timing {
    /// Refuses frame rates and durations an animation cannot hold.
    ///
    /// # Errors
    /// [`Error::Request`] naming the value and its range.
    pub fn check(&self) -> Result<()> {
        if !(1..=MAX_FPS).contains(&self.fps) {
            return Err(Error::Request(format!(
                "--fps {} is out of range (1 to {MAX_FPS} frames a second)",
                self.fps
            )));
        }
        if !(self.hold.is_finite() && self.hold >= 0.01 && self.hold <= MAX_HOLD) {
            return Err(Error::Request(format!(
                "--hold {} is out of range (0.01 to {MAX_HOLD} seconds)",
                self.hold
            )));
        }
        if !(self.fade.is_finite() && (0.0..=MAX_FADE).contains(&self.fade)) {
            return Err(Error::Request(format!(
                "--fade {} is out of range (0 to {MAX_FADE} seconds)",
                self.fade
            )));
        }
        Ok(())
    }

    /// The frames of a fade between two years (0 when `fade` is 0).
    pub fn fade_frames(&self) -> u32 {
        (self.fade * f64::from(self.fps)).round() as u32
    }

    /// The hold in milliseconds.
    fn hold_ms(&self) -> u16 {
        (self.hold * 1000.0).round() as u16
    }
}

/// One frame of an animation: key frame `key` blended toward the next by `step` / `steps`
/// (0: the key frame itself), shown for `delay` seconds as a fraction (numerator, denominator).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shown {
    /// The key frame (one per year), counted from 0.
    pub key: usize,
    /// How far toward the next key frame: 0 is the key frame itself.
    pub step: u32,
    /// The steps of a fade: `step / steps` of the next key frame is blended in.
    pub steps: u32,
    /// How long the frame shows, in seconds: numerator, denominator.
    pub delay: (u16, u16),
}

/// The frames of an animation of `keys` key frames: each key frame held, then (but after the
/// last) the fade to the next, one frame every `1/fps` second.
pub fn plan(keys: usize, timing: &Timing) -> Vec<Shown> {
    let fades = timing.fade_frames();
    let steps = fades + 1;
    let mut frames = Vec::new();
    for key in 0..keys {
        frames.push(Shown { key, step: 0, steps, delay: (timing.hold_ms(), 1000) });
        if key + 1 < keys {
            for step in 1..=fades {
                frames.push(Shown { key, step, steps, delay: (1, timing.fps as u16) });
            }
        }
    }
    frames
}

/// A rectangle of pixels: left, top, width, height.
pub(super) type Rect = (u32, u32, u32, u32);

/// A decoded picture: 8-bit RGB, row by row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bitmap {
    /// Pixels per row.
    pub width: u32,
    /// Rows.
    pub height: u32,
    /// Three bytes (red, green, blue) per pixel, rows top to bottom.
    pub rgb: Vec<u8>,
}

impl Bitmap {
    fn pixels(&self) -> usize {
        self.width as usize * self.height as usize
    }

    fn pixel(&self, i: usize) -> [u8; 3] {
        [self.rgb[3 * i], self.rgb[3 * i + 1], self.rgb[3 * i + 2]]
    }
}

fn unreadable(e: impl fmt::Display) -> Error {
    Error::Tool { program: super::graphviz::NEATO.into(), message: format!("unreadable PNG: {e}") }
}

/// Decodes a PNG (as Graphviz writes it) into RGB, transparency laid over white.
///
/// # Errors
/// [`Error::Tool`] when the bytes are not a PNG.
pub fn decode_png(bytes: &[u8]) -> Result<Bitmap> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(unreadable)?;
    let size = reader.output_buffer_size().ok_or_else(|| unreadable("too large"))?;
    let mut buf = vec![0; size];
    let info = reader.next_frame(&mut buf).map_err(unreadable)?;
    let samples = info.color_type.samples();
    let (width, height) = (info.width, info.height);
    let mut rgb = Vec::with_capacity(width as usize * height as usize * 3);
    for row in buf.chunks(info.line_size).take(height as usize) {
        for px in row[..width as usize * samples].chunks_exact(samples) {
            let (colour, alpha) = match samples {
                1 => ([px[0]; 3], 255),
                2 => ([px[0]; 3], px[1]),
                3 => ([px[0], px[1], px[2]], 255),
                _ => ([px[0], px[1], px[2]], px[3]),
            };
            let a = u32::from(alpha);
            rgb.extend(colour.map(|c| ((u32::from(c) * a + 255 * (255 - a) + 127) / 255) as u8));
        }
    }
    Ok(Bitmap { width, height, rgb })
}

/// The colour `step` / `steps` of the way from `a` to `b`, rounded: `a` at 0, `b` at `steps`.
fn blend(a: u8, b: u8, step: u32, steps: u32) -> u8 {
    ((u32::from(a) * (steps - step) + u32::from(b) * step + steps / 2) / steps) as u8
}

/// The pixels that differ between two key frames, and the rectangle around them
/// (left, top, width, height); `None` when they are equal.
struct Change {
    pixels: Vec<usize>,
    rect: Option<Rect>,
}

fn change(a: &Bitmap, b: &Bitmap) -> Change {
    let w = a.width as usize;
    let pixels: Vec<usize> =
        (0..a.pixels()).filter(|&i| a.rgb[3 * i..3 * i + 3] != b.rgb[3 * i..3 * i + 3]).collect();
    let rect = (!pixels.is_empty()).then(|| {
        let (mut x0, mut y0, mut x1, mut y1) = (usize::MAX, usize::MAX, 0, 0);
        for &i in &pixels {
            let (x, y) = (i % w, i / w);
            (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
        }
        (x0 as u32, y0 as u32, (x1 - x0 + 1) as u32, (y1 - y0 + 1) as u32)
    });
    Change { pixels, rect }
}

/// Writes the animation of `keys` (every one of the same size) in `format`.
///
/// # Errors
/// [`Error::Request`] for timings out of range ([`Timing::check`]); [`Error::Internal`] when
/// the key frames differ in size or there are none.
pub fn encode(keys: &[Bitmap], timing: &Timing, format: AnimationFormat) -> Result<Vec<u8>> {
    timing.check()?;
    let first =
        keys.first().ok_or_else(|| Error::Internal("an animation without frames".into()))?;
    if keys.iter().any(|k| (k.width, k.height) != (first.width, first.height)) {
        return Err(Error::Internal("the key frames of an animation differ in size".into()));
    }
    if first.width > u32::from(u16::MAX) || first.height > u32::from(u16::MAX) {
        return Err(Error::Request(format!(
            "an animation of {}x{} pixels is too large (at most 65535 a side)",
            first.width, first.height
        )));
    }
    let frames = plan(keys.len(), timing);
    match format {
        AnimationFormat::Gif => gif(keys, &frames),
        AnimationFormat::Apng => apng(keys, &frames),
    }
}

/// Draws the animation of `slices` (one key frame each, in order) in the history's frame: each
/// key frame is the PNG [`super::render`] draws of its slice with `options`.
///
/// # Errors
/// As [`render_all`] and [`encode`].
pub fn timeline(
    graph: &TemporalGraph,
    pins: &Pins,
    slices: &[Slice],
    options: &Options,
    history: &HistoryFrame,
    timing: &Timing,
    format: AnimationFormat,
) -> Result<Vec<u8>> {
    timing.check()?;
    let pictures = render_all(graph, pins, slices, ImageFormat::Png, options, Some(history))?;
    let keys = pictures.iter().map(|p| decode_png(p)).collect::<Result<Vec<_>>>()?;
    encode(&keys, timing, format)
}

#[cfg(test)]
mod tests {
    use super::codec::centiseconds;
    use super::*;

    /// A picture of `w`×`h` pixels of colour `c`, with a square of `square` from (1, 1).
    fn picture(w: u32, h: u32, c: [u8; 3], square: Option<[u8; 3]>) -> Bitmap {
        let mut rgb: Vec<u8> = std::iter::repeat_n(c, (w * h) as usize).flatten().collect();
        if let Some(s) = square {
            for y in 1..3 {
                for x in 1..4 {
                    let i = 3 * (y * w as usize + x);
                    rgb[i..i + 3].copy_from_slice(&s);
                }
            }
        }
        Bitmap { width: w, height: h, rgb }
    }

    #[test]
    fn formats_parse_by_name() {
        assert_eq!("GIF".parse::<AnimationFormat>().unwrap(), AnimationFormat::Gif);
        assert_eq!("apng".parse::<AnimationFormat>().unwrap(), AnimationFormat::Apng);
        assert!(matches!("webm".parse::<AnimationFormat>(), Err(Error::Request(_))));
    }

    #[test]
    fn a_plan_holds_each_year_and_fades_between() {
        let timing = Timing { fps: 4, hold: 1.5, fade: 1.0 };
        let frames = plan(3, &timing);
        // 3 key frames, 2 fades of 4 frames.
        assert_eq!(frames.len(), 3 + 2 * 4);
        let keys: Vec<usize> =
            frames.iter().enumerate().filter(|(_, f)| f.step == 0).map(|(i, _)| i).collect();
        assert_eq!(keys, [0, 5, 10]);
        assert!(frames.iter().filter(|f| f.step == 0).all(|f| f.delay == (1500, 1000)));
        assert!(frames.iter().filter(|f| f.step > 0).all(|f| f.delay == (1, 4) && f.steps == 5));
        let total: f64 = frames.iter().map(|f| f64::from(f.delay.0) / f64::from(f.delay.1)).sum();
        assert!((total - (3.0 * 1.5 + 2.0)).abs() < 1e-9);
        let none = Timing { fade: 0.0, ..timing };
        assert_eq!(plan(3, &none).len(), 3);
        assert_eq!(plan(1, &timing).len(), 1);
    }

    #[test]
    fn gif_delays_add_up_to_the_exact_total() {
        let timing = Timing { fps: 12, hold: 1.5, fade: 1.0 };
        let frames = plan(4, &timing);
        let delays = centiseconds(&frames);
        // 1/12 s is 8.33 hundredths: rounded frame by frame the total would drift.
        assert!(delays.iter().all(|&d| d == 150 || d == 8 || d == 9), "{delays:?}");
        assert_eq!(delays.iter().map(|&d| u32::from(d)).sum::<u32>(), 4 * 150 + 3 * 100);
    }

    #[test]
    fn timings_out_of_range_are_refused() {
        for bad in [
            Timing { fps: 0, ..Timing::default() },
            Timing { fps: 51, ..Timing::default() },
            Timing { hold: 0.0, ..Timing::default() },
            Timing { hold: f64::NAN, ..Timing::default() },
            Timing { hold: 61.0, ..Timing::default() },
            Timing { fade: -1.0, ..Timing::default() },
            Timing { fade: 11.0, ..Timing::default() },
        ] {
            assert!(matches!(bad.check(), Err(Error::Request(_))), "{bad:?}");
        }
        assert!(Timing::default().check().is_ok());
    }

    #[test]
    fn blends_start_and_end_on_the_key_frames() {
        assert_eq!(blend(10, 250, 0, 5), 10);
        assert_eq!(blend(10, 250, 5, 5), 250);
        assert_eq!(blend(0, 255, 1, 2), 128);
        assert_eq!(blend(255, 0, 1, 2), 128);
    }

    #[test]
    fn animations_read_back_with_their_key_frames_and_delays() {
        let keys = [
            picture(6, 5, [255, 255, 255], None),
            picture(6, 5, [255, 255, 255], Some([200, 30, 40])),
            picture(6, 5, [255, 255, 255], Some([20, 60, 200])),
        ];
        let timing = Timing { fps: 2, hold: 0.5, fade: 1.0 };
        for format in AnimationFormat::ALL.iter().copied() {
            let bytes = encode(&keys, &timing, format).unwrap();
            assert_eq!(bytes, encode(&keys, &timing, format).unwrap(), "{format} is deterministic");
            let frames = read(&bytes).unwrap();
            assert_eq!(frames.len(), 3 + 2 * 2, "{format}");
            // Few colours: GIF keeps them exactly too.
            for (k, key) in keys.iter().enumerate() {
                assert_eq!(&frames[3 * k].0, key, "{format}: key frame {k}");
                assert!((frames[3 * k].1 - 0.5).abs() < 1e-9, "{format}");
            }
            // Half-way through the first fade the square is half there.
            let middle = &frames[2].0;
            assert_eq!(
                middle.pixel(6 + 1),
                [blend(255, 200, 2, 3), blend(255, 30, 2, 3), blend(255, 40, 2, 3)]
            );
            assert_eq!(middle.pixel(0), [255, 255, 255]);
            assert!((frames[1].1 - 0.5).abs() < 1e-9, "{format}");
        }
        assert!(read(b"not an animation").is_err());
    }

    #[test]
    fn many_colours_are_quantised_close_to_the_original() {
        // A smooth gradient: more colours than GIF holds.
        let (w, h) = (64u32, 64u32);
        let rgb: Vec<u8> = (0..w * h)
            .flat_map(|i| [(i % w * 4) as u8, (i / w * 4) as u8, ((i % w + i / w) * 2) as u8])
            .collect();
        let key = Bitmap { width: w, height: h, rgb };
        let bytes =
            encode(std::slice::from_ref(&key), &Timing::default(), AnimationFormat::Gif).unwrap();
        let back = &read(&bytes).unwrap()[0].0;
        let errors: Vec<u8> = key.rgb.iter().zip(&back.rgb).map(|(a, b)| a.abs_diff(*b)).collect();
        let worst = errors.iter().max().copied().unwrap_or(0);
        let mean = errors.iter().map(|&e| f64::from(e)).sum::<f64>() / errors.len() as f64;
        assert!(worst <= 32 && mean <= 8.0, "channel error: worst {worst}, mean {mean}");
        let apng =
            encode(std::slice::from_ref(&key), &Timing::default(), AnimationFormat::Apng).unwrap();
        assert_eq!(read(&apng).unwrap()[0].0, key);
    }

    #[test]
    fn key_frames_of_another_size_are_refused() {
        let keys = [picture(4, 4, [0, 0, 0], None), picture(5, 4, [0, 0, 0], None)];
        assert!(matches!(
            encode(&keys, &Timing::default(), AnimationFormat::Gif),
            Err(Error::Internal(_))
        ));
        assert!(encode(&[], &Timing::default(), AnimationFormat::Apng).is_err());
    }

    #[test]
    fn png_pictures_are_decoded_over_white() {
        let mut bytes = Vec::new();
        {
            let mut encoder = png::Encoder::new(&mut bytes, 2, 1);
            encoder.set_color(png::ColorType::Rgba);
            let mut writer = encoder.write_header().unwrap();
            writer.write_image_data(&[10, 20, 30, 255, 0, 0, 0, 0]).unwrap();
        }
        let bitmap = decode_png(&bytes).unwrap();
        assert_eq!(bitmap.rgb, [10, 20, 30, 255, 255, 255]);
        assert!(decode_png(b"nope").is_err());
    }
}
