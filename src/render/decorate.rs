//! What stands around the drawing: the legend, the title and subtitle, the year's stamp.

use super::picture::{self, CELL, Decor, STAMP_FONT, SUBTITLE_FONT, Scene, TITLE_FONT, legend_len};
use super::*;

/// Where the legend goes, with the rows of unlinked actors placed for it: as asked, or for
/// [`LegendPlace::Auto`] right of the drawing unless below it draws the picture larger on the
/// target size.
pub(super) fn legend_place(
    scene: &Scene,
    arranged: &Arranged,
    kinds: &picture::Kinds,
    options: &Options,
    head: &Head,
) -> (LegendPlace, Arranged) {
    if options.legend != LegendPlace::Auto {
        return (options.legend, arranged.clone());
    }
    let (tw, th) = target(options);
    let try_place = |legend| {
        let options = Options { legend, ..options.clone() };
        let mut placed = arranged.clone();
        let rest = (0..scene.actors.len()).filter(|&i| !scene.actors[i].linked).collect();
        let side = beside(kinds, &options);
        placed.bounds =
            union(placed.linked, place_rows(scene, &mut placed.actors, rest, placed.linked, side));
        let (_, b) = decorate(&placed, kinds, &options, head);
        ((tw / (b.2 - b.0)).min(th / (b.3 - b.1)), placed)
    };
    let (right, at_right) = try_place(LegendPlace::Right);
    let (bottom, below) = try_place(LegendPlace::Bottom);
    if bottom > right * 1.02 {
        (LegendPlace::Bottom, below)
    } else {
        (LegendPlace::Right, at_right)
    }
}

/// The legend, title, subtitle and frame around `arranged`, and the bounds of the whole.
pub(super) fn decorate(
    arranged: &Arranged,
    kinds: &picture::Kinds,
    options: &Options,
    head: &Head,
) -> (Decor, (f64, f64, f64, f64)) {
    let mut decor = Decor::default();
    let mut b = arranged.bounds;
    if !b.0.is_finite() {
        b = (0.0, 0.0, 200.0, 100.0);
    }
    let n = legend_len(kinds);
    let (cw, ch) = CELL;
    let gap = 36.0;
    // Beside the linked actors (the rows of the others pass under the legend), or above or
    // below everything.
    let content = if arranged.linked.0.is_finite() { arranged.linked } else { b };
    if n > 0 {
        match options.legend {
            LegendPlace::Right | LegendPlace::Left | LegendPlace::Auto => {
                // As many columns as the drawing's height needs, filled evenly.
                let most = (((content.3 - content.1) / ch).floor() as usize).max(8);
                let cols = n.div_ceil(most);
                let rows = n.div_ceil(cols);
                let x0 = if options.legend != LegendPlace::Left {
                    content.2 + gap
                } else {
                    content.0 - gap - cols as f64 * cw
                };
                let top = content.3;
                decor
                    .legend(kinds, |i| (x0 + (i / rows) as f64 * cw, top - (i % rows) as f64 * ch));
                b = union(b, (x0, top - rows as f64 * ch, x0 + cols as f64 * cw, top));
            }
            LegendPlace::Top | LegendPlace::Bottom => {
                let content = b;
                let most = (((content.2 - content.0) / cw).floor() as usize).max(4);
                let rows = n.div_ceil(most);
                let cols = n.div_ceil(rows);
                let x0 = (content.0 + content.2) / 2.0 - cols as f64 * cw / 2.0;
                let top = if options.legend == LegendPlace::Bottom {
                    content.1 - gap / 2.0
                } else {
                    content.3 + gap / 2.0 + rows as f64 * ch
                };
                decor
                    .legend(kinds, |i| (x0 + (i % cols) as f64 * cw, top - (i / cols) as f64 * ch));
                b = union(b, (x0, top - rows as f64 * ch, x0 + cols as f64 * cw, top));
            }
            LegendPlace::None => {}
        }
    }
    let centre = (b.0 + b.2) / 2.0;
    let mut top = b.3 + 8.0;
    if let Some(sub) = options.subtitle.as_deref().filter(|s| !s.is_empty()) {
        decor.text("subtitle", sub, centre, top + SUBTITLE_FONT * 0.7, SUBTITLE_FONT, false);
        top += SUBTITLE_FONT * 1.5;
    }
    // The title is centred and may be wider than the drawing (0.6 em a character, bold).
    let half = head.widest.max(head.title.chars().count()) as f64 * TITLE_FONT * 0.3;
    b = union(b, (centre - half, b.1, centre + half, b.3));
    let stamp = head.stamp.as_ref().map(|s| (s, stamp_width(&s.0)));
    // The stamp in the top-left corner, on the title's line when both fit side by side.
    let beside_title = stamp.is_some_and(|(_, w)| b.0 + w + 24.0 <= centre - half);
    let row = if beside_title { STAMP_FONT * 1.3 } else { TITLE_FONT * 1.5 };
    if !head.title.is_empty() {
        decor.text("title", head.title, centre, top + row / 2.0, TITLE_FONT, true);
        top += row;
    }
    if let Some(((scope, actors, links), width)) = stamp {
        if !beside_title || head.title.is_empty() {
            top += STAMP_FONT * 1.3;
        }
        b = union(b, (b.0, b.1, b.0 + width, top));
        let y = top - STAMP_FONT * 0.65;
        let year_width = width - STAMP_COUNTS_WIDTH;
        decor.text_left("stamp", scope, (b.0, y), year_width, STAMP_FONT, true);
        let counts = [
            format!("{actors} actor{}", if *actors == 1 { "" } else { "s" }),
            format!("{links} link{}", if *links == 1 { "" } else { "s" }),
        ];
        let x = b.0 + year_width;
        let size = STAMP_FONT * 0.4;
        for (i, line) in counts.iter().enumerate() {
            let line_y = y + (0.5 - i as f64) * size * 1.2;
            let id = format!("stamp:count:{i}");
            decor.text_left(&id, line, (x, line_y), STAMP_COUNTS_WIDTH, size, false);
        }
    }
    b.3 = top;
    // A margin, then the proportions of the asked size.
    let m = 12.0;
    b = (b.0 - m, b.1 - m, b.2 + m, b.3 + m);
    if let Some((pw, ph)) = options.size {
        let want = f64::from(pw) / f64::from(ph);
        let (w, h) = (b.2 - b.0, b.3 - b.1);
        if w / h < want {
            let extra = (h * want - w) / 2.0;
            b = (b.0 - extra, b.1, b.2 + extra, b.3);
        } else {
            let extra = (w / want - h) / 2.0;
            b = (b.0, b.1 - extra, b.2, b.3 + extra);
        }
    }
    decor.corner("sw", b.0, b.1);
    decor.corner("ne", b.2, b.3);
    (decor, b)
}

/// The room the counts take right of the stamp's year, in points.
pub(super) const STAMP_COUNTS_WIDTH: f64 = 160.0;

/// The width of a stamp: its year or window (bold, 0.72 em a character: digits are wider
/// than the average letter, and a gap) and its
/// counts.
pub(super) fn stamp_width(scope: &str) -> f64 {
    scope.chars().count() as f64 * STAMP_FONT * 0.72 + 20.0 + STAMP_COUNTS_WIDTH
}
