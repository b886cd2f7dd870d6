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

use super::{HistoryFrame, ImageFormat, Options, Pins, render_all};
use crate::error::{Error, Result};
use crate::graph::{Slice, TemporalGraph};
use rustc_hash::FxHashMap;
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

/// A rectangle of pixels: left, top, width, height.
type Rect = (u32, u32, u32, u32);

/// Runs `draw` for every frame of `frames` after the first, by number, with the canvas as it is
/// then (RGB) and the pixels that may have changed since the previous frame, within their
/// rectangle (`None` when none did).
fn each_change(
    keys: &[Bitmap],
    frames: &[Shown],
    mut draw: impl FnMut(usize, &[u8], &[usize], Option<Rect>) -> Result<()>,
) -> Result<()> {
    let mut canvas = keys[0].rgb.clone();
    let mut pair: Option<(usize, Change)> = None;
    for (n, shown) in frames.iter().enumerate().skip(1) {
        // The pair being faded: from the key of the previous frame to this one's.
        let from = frames[n - 1].key;
        if pair.as_ref().is_none_or(|(k, _)| *k != from) {
            pair = Some((from, change(&keys[from], &keys[from + 1])));
        }
        let Some((_, diff)) = &pair else { continue };
        let (a, b) = (&keys[from], &keys[from + 1]);
        // A fade frame of `from`, or the next key frame itself (the whole way).
        let (step, steps) = if shown.step == 0 { (1, 1) } else { (shown.step, shown.steps) };
        for &i in &diff.pixels {
            let (from, to) = (&a.rgb[3 * i..3 * i + 3], &b.rgb[3 * i..3 * i + 3]);
            for (c, (x, y)) in canvas[3 * i..3 * i + 3].iter_mut().zip(from.iter().zip(to)) {
                *c = blend(*x, *y, step, steps);
            }
        }
        draw(n, &canvas, &diff.pixels, diff.rect)?;
    }
    Ok(())
}

fn internal(e: impl fmt::Display) -> Error {
    Error::Internal(format!("encoding an animation: {e}"))
}

/// The colours of the GIF palette (at most 255; the 256th is transparent) and a cache of the
/// nearest palette colour of each colour met.
struct Palette {
    colours: Vec<[u8; 3]>,
    nearest: FxHashMap<[u8; 3], u8>,
}

/// The index of the transparent colour: what a frame leaves as the previous one drew it.
const TRANSPARENT: u8 = 255;

/// The most of the key frames' most used colours the palette keeps exactly.
const EXACT_COLOURS: usize = 128;

impl Palette {
    /// Every colour of the animation exactly when there are at most 255 (the key frames' and
    /// those of the `steps - 1` frames of each fade); else the key frames' most used (at most
    /// [`EXACT_COLOURS`]), and NeuQuant's choice for the rest, trained on the key frames'
    /// other pixels and on the half-way point of every fade.
    fn of(keys: &[Bitmap], steps: u32) -> Palette {
        let mut counts: FxHashMap<[u8; 3], u64> = FxHashMap::default();
        for key in keys {
            for px in key.rgb.chunks_exact(3) {
                *counts.entry([px[0], px[1], px[2]]).or_default() += 1;
            }
        }
        let limit = usize::from(TRANSPARENT);
        'fades: for pair in keys.windows(2) {
            for i in change(&pair[0], &pair[1]).pixels {
                let (a, b) = (pair[0].pixel(i), pair[1].pixel(i));
                for step in 1..steps {
                    counts.entry([0, 1, 2].map(|c| blend(a[c], b[c], step, steps))).or_default();
                }
                if counts.len() > limit {
                    break 'fades;
                }
            }
        }
        let mut ranked: Vec<([u8; 3], u64)> = counts.into_iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut colours: Vec<[u8; 3]>;
        if ranked.len() <= limit {
            colours = ranked.iter().map(|(c, _)| *c).collect();
        } else {
            // Colours that cover at least one pixel in 2000 (white, fills, text; not the
            // anti-aliased edges, each of which is rare).
            let total: u64 = ranked.iter().map(|(_, n)| n).sum();
            let frequent = ranked.iter().take_while(|(_, n)| n * 2000 >= total);
            colours = frequent.take(EXACT_COLOURS).map(|(c, _)| *c).collect();
            let exact: rustc_hash::FxHashSet<[u8; 3]> = colours.iter().copied().collect();
            let mut training: Vec<u8> = Vec::new();
            let mut add = |c: [u8; 3]| {
                if !exact.contains(&c) {
                    training.extend_from_slice(&[c[0], c[1], c[2], 255]);
                }
            };
            for (k, key) in keys.iter().enumerate() {
                for i in 0..key.pixels() {
                    add(key.pixel(i));
                }
                if let Some(next) = keys.get(k + 1) {
                    for i in change(key, next).pixels {
                        let (a, b) = (key.pixel(i), next.pixel(i));
                        add([0, 1, 2].map(|c| blend(a[c], b[c], 1, 2)));
                    }
                }
            }
            if training.len() >= 4 * 256 {
                let rest = usize::from(TRANSPARENT) - colours.len();
                // Samples one pixel in 10 of a picture; all of a small one.
                let sampling = (training.len() / 4 / 100_000).clamp(1, 10) as i32;
                let quant = color_quant::NeuQuant::new(sampling, rest, &training);
                colours.extend(quant.color_map_rgb().chunks_exact(3).map(|c| [c[0], c[1], c[2]]));
            }
        }
        let nearest = colours.iter().enumerate().map(|(i, &c)| (c, i as u8)).collect();
        Palette { colours, nearest }
    }

    /// The index of the palette colour nearest `c` (the first of equals).
    fn index(&mut self, c: [u8; 3]) -> u8 {
        if let Some(&i) = self.nearest.get(&c) {
            return i;
        }
        let distance = |p: &[u8; 3]| -> i32 {
            (0..3).map(|k| (i32::from(p[k]) - i32::from(c[k])).pow(2)).sum()
        };
        let best = (0..self.colours.len()).min_by_key(|&i| distance(&self.colours[i])).unwrap_or(0);
        self.nearest.insert(c, best as u8);
        best as u8
    }

    /// The palette as GIF writes it: 256 colours, the last for transparency.
    fn bytes(&self) -> Vec<u8> {
        let mut bytes: Vec<u8> = self.colours.iter().flatten().copied().collect();
        bytes.resize(256 * 3, 255);
        bytes
    }
}

/// Delays in hundredths of a second, rounded so that the animation's total is right: each
/// frame ends at its exact time rounded.
fn centiseconds(frames: &[Shown]) -> Vec<u16> {
    let mut exact = 0.0;
    let mut shown = 0u64;
    frames
        .iter()
        .map(|f| {
            exact += f64::from(f.delay.0) / f64::from(f.delay.1) * 100.0;
            let end = exact.round() as u64;
            let delay = end - shown;
            shown = end;
            delay as u16
        })
        .collect()
}

fn gif(keys: &[Bitmap], frames: &[Shown]) -> Result<Vec<u8>> {
    let (width, height) = (keys[0].width as u16, keys[0].height as u16);
    let mut palette = Palette::of(keys, frames.first().map_or(1, |f| f.steps));
    let delays = centiseconds(frames);
    let mut out = Vec::new();
    {
        let mut encoder =
            gif::Encoder::new(&mut out, width, height, &palette.bytes()).map_err(internal)?;
        encoder.set_repeat(gif::Repeat::Infinite).map_err(internal)?;
        let mut indices: Vec<u8> =
            keys[0].rgb.chunks_exact(3).map(|p| palette.index([p[0], p[1], p[2]])).collect();
        let first = gif::Frame {
            width,
            height,
            delay: delays[0],
            buffer: indices.clone().into(),
            ..gif::Frame::default()
        };
        encoder.write_frame(&first).map_err(internal)?;
        let w = usize::from(width);
        each_change(keys, frames, |n, canvas, pixels, rect| {
            let (x, y, rw, rh) = rect.unwrap_or((0, 0, 1, 1));
            let mut buffer = vec![TRANSPARENT; rw as usize * rh as usize];
            for &i in pixels {
                let index = palette.index([canvas[3 * i], canvas[3 * i + 1], canvas[3 * i + 2]]);
                if index != indices[i] {
                    indices[i] = index;
                    let (px, py) = (i % w - x as usize, i / w - y as usize);
                    buffer[py * rw as usize + px] = index;
                }
            }
            let frame = gif::Frame {
                left: x as u16,
                top: y as u16,
                width: rw as u16,
                height: rh as u16,
                transparent: Some(TRANSPARENT),
                dispose: gif::DisposalMethod::Keep,
                delay: delays[n],
                buffer: buffer.into(),
                ..gif::Frame::default()
            };
            encoder.write_frame(&frame).map_err(internal)
        })?;
    }
    Ok(out)
}

fn apng(keys: &[Bitmap], frames: &[Shown]) -> Result<Vec<u8>> {
    let (width, height) = (keys[0].width, keys[0].height);
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let count = u32::try_from(frames.len()).map_err(internal)?;
        encoder.set_animated(count, 0).map_err(internal)?;
        let mut writer = encoder.write_header().map_err(internal)?;
        writer.set_blend_op(png::BlendOp::Source).map_err(internal)?;
        writer.set_dispose_op(png::DisposeOp::None).map_err(internal)?;
        writer.set_frame_delay(frames[0].delay.0, frames[0].delay.1).map_err(internal)?;
        writer.write_image_data(&keys[0].rgb).map_err(internal)?;
        let w = width as usize;
        each_change(keys, frames, |n, canvas, _, rect| {
            let (x, y, rw, rh) = rect.unwrap_or((0, 0, 1, 1));
            writer.reset_frame_position().map_err(internal)?;
            writer.set_frame_dimension(rw, rh).map_err(internal)?;
            writer.set_frame_position(x, y).map_err(internal)?;
            writer.set_frame_delay(frames[n].delay.0, frames[n].delay.1).map_err(internal)?;
            let (x, rw) = (x as usize, rw as usize);
            let mut data = Vec::with_capacity(rw * rh as usize * 3);
            for row in y as usize..(y + rh) as usize {
                data.extend_from_slice(&canvas[3 * (row * w + x)..3 * (row * w + x + rw)]);
            }
            writer.write_image_data(&data).map_err(internal)
        })?;
        writer.finish().map_err(internal)?;
    }
    Ok(out)
}

/// Reads an animation back as a viewer shows it: every frame composed over the previous ones
/// (RGB), with its duration in seconds. It reads what [`encode`] writes (GIF frames kept under
/// the next, whose transparent pixels show them; APNG frames replacing their rectangle), for
/// checks.
///
/// # Errors
/// [`Error::Request`] when the bytes are neither a GIF nor an APNG, or are damaged.
pub fn read(bytes: &[u8]) -> Result<Vec<(Bitmap, f64)>> {
    let bad = |e: &dyn fmt::Display| Error::Request(format!("not a readable animation: {e}"));
    if bytes.starts_with(b"GIF8") {
        let mut options = gif::DecodeOptions::new();
        options.set_color_output(gif::ColorOutput::RGBA);
        let mut decoder = options.read_info(bytes).map_err(|e| bad(&e))?;
        let (w, h) = (usize::from(decoder.width()), usize::from(decoder.height()));
        let mut canvas = vec![255u8; w * h * 3];
        let mut frames = Vec::new();
        while let Some(frame) = decoder.read_next_frame().map_err(|e| bad(&e))? {
            let (left, top) = (usize::from(frame.left), usize::from(frame.top));
            let fw = usize::from(frame.width);
            for (k, px) in frame.buffer.chunks_exact(4).enumerate() {
                let (x, y) = (left + k % fw, top + k / fw);
                if px[3] != 0 && x < w && y < h {
                    canvas[3 * (y * w + x)..3 * (y * w + x) + 3].copy_from_slice(&px[..3]);
                }
            }
            let bitmap = Bitmap { width: w as u32, height: h as u32, rgb: canvas.clone() };
            frames.push((bitmap, f64::from(frame.delay) / 100.0));
        }
        return Ok(frames);
    }
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(|e| bad(&e))?;
    let (w, h) = (reader.info().width as usize, reader.info().height as usize);
    let count = reader.info().animation_control.map_or(1, |a| a.num_frames);
    let mut canvas = vec![255u8; w * h * 3];
    let mut buf = vec![0; reader.output_buffer_size().ok_or_else(|| bad(&"too large"))?];
    let mut frames = Vec::new();
    for _ in 0..count {
        let out = reader.next_frame(&mut buf).map_err(|e| bad(&e))?;
        let control = reader.info().frame_control.unwrap_or_default();
        let samples = out.color_type.samples();
        if samples != 3 {
            return Err(bad(&"only RGB animations are read"));
        }
        let (x0, y0) = (control.x_offset as usize, control.y_offset as usize);
        if x0 + out.width as usize > w || y0 + out.height as usize > h {
            return Err(bad(&"a frame outside the picture"));
        }
        for (row, line) in buf.chunks(out.line_size).take(out.height as usize).enumerate() {
            let start = 3 * ((y0 + row) * w + x0);
            let len = 3 * out.width as usize;
            canvas[start..start + len].copy_from_slice(&line[..len]);
        }
        let den = if control.delay_den == 0 { 100 } else { control.delay_den };
        let bitmap = Bitmap { width: w as u32, height: h as u32, rgb: canvas.clone() };
        frames.push((bitmap, f64::from(control.delay_num) / f64::from(den)));
    }
    Ok(frames)
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
