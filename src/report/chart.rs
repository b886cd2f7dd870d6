//! Charts across the years, drawn as SVG by `plotters` (its SVG backend only: text is left to
//! the reader's sans-serif font, so no font file is read or embedded): actors and links per
//! year stacked by kind, and each figure that milestones record in several years as a series.

use super::Years;
use crate::error::{Error, Result};
use crate::graph::{Scope, TemporalGraph};
use crate::model::{ActorKind, LinkKind, Year};
use crate::style::{actor_style, link_colour};
use plotters::prelude::*;
use std::collections::BTreeMap;

/// One chart of the report.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// The file stem in Markdown mode and the HTML id: `actors-per-year`.
    pub id: String,
    /// What it shows, as its caption.
    pub title: String,
    /// The picture.
    pub svg: String,
}

const WIDTH: u32 = 760;
const HEIGHT: u32 = 340;
/// The room at the right of a stacked chart for its legend.
const LEGEND: u32 = 200;
/// The outline of every block, so that white kinds show.
const OUTLINE: RGBColor = RGBColor(0x66, 0x66, 0x66);

/// Text that an SVG `<text>` can hold: control characters (a newline in a name) become spaces.
fn printable(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

fn colour(hex: &str) -> RGBColor {
    let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2).unwrap_or("80"), 16).unwrap_or(128);
    RGBColor(byte(1), byte(3), byte(5))
}

/// The charts of `years`: actors per year by kind, links per year by kind, then one series per
/// figure recorded in at least two years (by actor, figure name and unit).
///
/// # Errors
/// [`Error::Internal`] when plotters cannot draw a chart (no data should cause it).
pub fn charts(graph: &TemporalGraph, years: Years) -> Result<Vec<Chart>> {
    let mut actors: Vec<BTreeMap<ActorKind, usize>> = Vec::new();
    let mut links: Vec<BTreeMap<LinkKind, usize>> = Vec::new();
    for year in years.from..=years.to {
        let slice = graph.slice(Scope::Year(year));
        let mut a = BTreeMap::new();
        for &n in &slice.actors {
            *a.entry(graph.actor(n).kind).or_insert(0) += 1;
        }
        let mut l = BTreeMap::new();
        for &e in &slice.links {
            *l.entry(graph.link(e).kind).or_insert(0) += 1;
        }
        actors.push(a);
        links.push(l);
    }
    let mut out = vec![
        Chart {
            id: "actors-per-year".into(),
            title: "Actors per year, by kind".into(),
            svg: stacked(years, &actors, "actors", |k| (k.label(), colour(actor_style(k).1)))?,
        },
        Chart {
            id: "links-per-year".into(),
            title: "Links per year, by kind".into(),
            svg: stacked(years, &links, "links", |k| (k.label(), colour(link_colour(k))))?,
        },
    ];
    let mut series: BTreeMap<(String, String, String), BTreeMap<Year, f64>> = BTreeMap::new();
    for m in graph.milestones() {
        for f in &m.figures {
            let key = (m.actor.clone(), f.name.clone(), f.unit.clone().unwrap_or_default());
            series.entry(key).or_default().entry(m.year).or_insert(f.value);
        }
    }
    for (number, ((actor, name, unit), points)) in
        series.into_iter().filter(|s| s.1.len() >= 2).enumerate()
    {
        let who = graph.node(&actor).map_or(actor.as_str(), |n| &graph.actor(n).name);
        let unit = if unit.is_empty() { String::new() } else { format!(" ({unit})") };
        let title = format!("{who}: {name}{unit}");
        let svg = series_chart(&title, &points)?;
        out.push(Chart { id: format!("figure-{}", number + 1), title, svg });
    }
    Ok(out)
}

/// Bars per year, one block per kind, the legend at the right.
fn stacked<K: Ord + Copy>(
    years: Years,
    counts: &[BTreeMap<K, usize>],
    what: &str,
    style: impl Fn(K) -> (String, RGBColor),
) -> Result<String> {
    let kinds: std::collections::BTreeSet<K> =
        counts.iter().flat_map(|c| c.keys().copied()).collect();
    let top = counts.iter().map(|c| c.values().sum::<usize>()).max().unwrap_or(0).max(1);
    draw(|root| {
        root.fill(&WHITE)?;
        let (plot, legend) = root.split_horizontally(WIDTH - LEGEND);
        let x = (years.from as f64 - 0.6)..(years.to as f64 + 0.6);
        let chart = ChartBuilder::on(&plot)
            .margin(10)
            .x_label_area_size(28)
            .y_label_area_size(48)
            .build_cartesian_2d(x, 0.0..(top as f64 * 1.05));
        let mut chart = chart?;
        let span = (years.to - years.from + 1) as usize;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .max_light_lines(0)
            .y_desc(what)
            .x_labels(span.min(12))
            .x_label_formatter(&|x| format!("{}", x.round() as i64))
            .y_label_formatter(&|y| format!("{}", y.round() as i64))
            .label_style(("sans-serif", 12))
            .draw()?;
        let mut base = vec![0usize; counts.len()];
        for (row, &kind) in kinds.iter().enumerate() {
            let (label, fill) = style(kind);
            let bars: Vec<_> = counts
                .iter()
                .enumerate()
                .filter_map(|(i, c)| {
                    let n = *c.get(&kind)?;
                    let x = (years.from + i as Year) as f64;
                    let corners = [(x - 0.35, base[i] as f64), (x + 0.35, (base[i] + n) as f64)];
                    base[i] += n;
                    Some(corners)
                })
                .collect();
            // Filled, then outlined: the palest kinds (white) still show as blocks.
            chart.draw_series(bars.iter().map(|&c| Rectangle::new(c, fill.filled())))?;
            chart.draw_series(bars.iter().map(|&c| Rectangle::new(c, OUTLINE.stroke_width(1))))?;
            let y = 14 + 16 * row as i32;
            legend.draw(&Rectangle::new([(4, y - 5), (14, y + 5)], fill.filled()))?;
            legend.draw(&Rectangle::new([(4, y - 5), (14, y + 5)], OUTLINE.stroke_width(1)))?;
            legend.draw(&Text::new(printable(&label), (20, y - 6), ("sans-serif", 12)))?;
        }
        Ok(())
    })
}

/// A line with a point at each year that records the figure.
fn series_chart(title: &str, points: &BTreeMap<Year, f64>) -> Result<String> {
    draw(|root| {
        root.fill(&WHITE)?;
        let first = points.keys().next().copied().unwrap_or(0);
        let last = points.keys().last().copied().unwrap_or(first);
        let top = points.values().copied().fold(0.0_f64, f64::max);
        let bottom = points.values().copied().fold(0.0_f64, f64::min);
        let chart = ChartBuilder::on(root)
            .margin(12)
            .caption(printable(title), ("sans-serif", 15))
            .x_label_area_size(28)
            .y_label_area_size(48)
            .build_cartesian_2d(
                (first as f64 - 0.5)..(last as f64 + 0.5),
                bottom..(top * 1.1).max(bottom + 1.0),
            );
        let mut chart = chart?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .max_light_lines(0)
            .x_labels(((last - first + 1) as usize).min(12))
            .x_label_formatter(&|x| format!("{}", x.round() as i64))
            .y_label_formatter(&|y| format_value(*y))
            .label_style(("sans-serif", 12))
            .draw()?;
        let line: Vec<(f64, f64)> = points.iter().map(|(&y, &v)| (y as f64, v)).collect();
        let blue = RGBColor(0x11, 0x55, 0xcc);
        chart.draw_series(LineSeries::new(line.clone(), blue.stroke_width(2)))?;
        chart.draw_series(line.iter().map(|&p| {
            EmptyElement::at(p)
                + Circle::new((0, 0), 4, blue.filled())
                + Text::new(format_value(p.1), (6, -16), ("sans-serif", 12).into_font())
        }))?;
        Ok(())
    })
}

/// A figure as people write it: no `.0` on whole numbers.
fn format_value(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 { format!("{}", v as i64) } else { format!("{v}") }
}

type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;
type Drawn = std::result::Result<(), DrawingAreaErrorKind<std::io::Error>>;

/// Runs `paint` on a fresh SVG drawing area and returns the SVG.
///
/// # Errors
/// [`Error::Internal`] when plotters fails (a range it cannot draw).
fn draw(paint: impl FnOnce(&Area<'_>) -> Drawn) -> Result<String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        paint(&root)
            .and_then(|()| root.present())
            .map_err(|e| Error::Internal(format!("plotters: {e}")))?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_charts_hold_the_journees_registrations() {
        let graph = TemporalGraph::new(crate::load(None).unwrap());
        let charts = charts(&graph, Years { from: 2007, to: 2017 }).unwrap();
        assert_eq!(charts[0].id, "actors-per-year");
        assert!(charts[0].svg.starts_with("<svg") && charts[0].svg.contains("computing centre"));
        let journees = charts
            .iter()
            .find(|c| c.title.contains("registrations"))
            .expect("a registrations series");
        assert!(journees.svg.contains("\n115\n"), "the 2009 figure is written on its point");
        assert_eq!(charts, super::charts(&graph, Years { from: 2007, to: 2017 }).unwrap());
    }

    #[test]
    fn labels_cannot_break_the_svg() {
        let points = BTreeMap::from([(2000, 1.0), (2001, 2.5)]);
        let svg = series_chart("<b>\"x\" & y\nz</b>", &points).unwrap();
        assert!(svg.contains("&lt;b&gt;&quot;x&quot; &amp; y z&lt;/b&gt;"), "{svg}");
        assert_eq!(format_value(2.5), "2.5");
        assert_eq!(format_value(115.0), "115");
    }
}
