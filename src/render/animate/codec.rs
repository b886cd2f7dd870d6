//! The two animation formats written and read back: GIF (a palette of 255 colours and a
//! transparent one, each frame only the rectangle that changed) and APNG (every frame exact).

use super::*;
use rustc_hash::FxHashMap;

/// Runs `draw` for every frame of `frames` after the first, by number, with the canvas as it is
/// then (RGB) and the pixels that may have changed since the previous frame, within their
/// rectangle (`None` when none did).
pub(super) fn each_change(
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

pub(super) fn internal(e: impl fmt::Display) -> Error {
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
pub(super) fn centiseconds(frames: &[Shown]) -> Vec<u16> {
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

pub(super) fn gif(keys: &[Bitmap], frames: &[Shown]) -> Result<Vec<u8>> {
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

pub(super) fn apng(keys: &[Bitmap], frames: &[Shown]) -> Result<Vec<u8>> {
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
