//! `mesograph render`: pictures of a year, a window, the whole history, or every year, drawn by
//! Graphviz from the layout of the whole history.

use super::export::{file_stem, slice_of};
use super::filter::{FilterArgs, FocusArgs};
use super::{Data, Request, YearArgs, Years, report};
use clap::{Args, ValueEnum};
use mesograph::output::{known_extension, write_atomic, write_files, write_stdout};
use mesograph::render::animate::{AnimationFormat, Timing, timeline};
use mesograph::render::{
    Frame, ImageFormat, LegendPlace, Options, history_frame, layout, render_all,
};
use mesograph::{Error, Scope, TemporalGraph, Year};
use std::path::PathBuf;

pub const AFTER_HELP: &str = "\
Examples:
  mesograph render --year 2012 -o 2012.png
  mesograph render --year 2012 --size 1080p -o slide.png     a 1920x1080 slide
  mesograph render --year 2012 --size 720p --without-actor-kind person -o 2012.pdf
  mesograph render --year 2014 --focus GENCI --depth 2 --title \"GENCI in 2014\" -o genci.svg
  mesograph render --year 2012 --format svg > 2012.svg
  mesograph render --all-years --format png --out pictures/
  mesograph render --all-years --from 2007 --to 2017 --size 1080p -f png --out pictures/
  mesograph render -o history.svg                    the whole history, with years
  mesograph render --animate -o timeline.gif         the years as an animation
  mesograph render --animate --from 2007 --to 2017 --size 720p --fps 6 -o timeline.apng

Needs Graphviz (Debian package graphviz). The whole history is laid out once; a picture of one
year keeps its actors where that layout put them relative to each other, moves them apart just
enough that no actor or link label overlaps another, and is cropped to what it draws, with the
actors no link of the year reaches in rows below (or left out with --hide-isolated).
--frame history instead keeps every actor in the same place and the same canvas every year
(those a year shows unlinked in rows below, each in its own place), so that a set of pictures
can be flipped through; it is the default with --all-years. --stamp writes the year large in
the top-left corner with the counts of actors and links drawn.

--size WxH (or 1080p = 1920x1080, 720p = 1280x720) draws at that size in pixels: PNG at 96 dpi,
SVG and PDF in the same proportions. Of a few arrangements of the year, the one drawn largest
is kept: at 1920x1080 every year of the built-in dataset keeps every text at least 14 pixels
high (--frame history does not; a denser dataset may need filters or --no-link-labels). The
default title is the dataset's title and the year, marked \"projection\" after the last year
its sources observe.

Files are written whole or not at all; with --all-years, nothing is written unless every year
could be drawn. Without --format, -o FILE picks the format from its extension (svg, png, pdf),
otherwise SVG; any other extension is a usage error.

--animate draws one key frame per year of --from/--to (by default from the first year any link
is active to the dataset's horizon, or its last year), each year held --hold seconds, then
faded into the next over --fade seconds at --fps frames a second, looping. Every key frame is
the picture `render --year YEAR --frame history --stamp` draws with the same options (--size,
here 720p unless given; filters, --focus, --title, --legend): actors keep their places, the
canvas its size, and only what changes fades. -o names the file: .gif (256 colours) or .apng
(exact colours and delays).";

#[derive(Debug, Args)]
pub struct RenderArgs {
    #[command(flatten)]
    years: YearArgs,
    /// One picture per year of the data's span (or of --from/--to) into --out.
    #[arg(long, requires = "out", conflicts_with_all = ["year", "output"])]
    all_years: bool,
    /// Picture format: svg, png or pdf.
    #[arg(long, short = 'f', value_parser = format_value)]
    format: Option<ImageFormat>,
    /// Write to this file (.svg, .png or .pdf) instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE", conflicts_with = "out")]
    output: Option<PathBuf>,
    /// Write into this folder (created if missing), one file per scope: 2012.png, all.svg.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// The frame of a year's picture: `year` (cropped to what it draws) or `history` (the same
    /// places and canvas every year) [default: year, history with --all-years].
    #[arg(long, value_enum, value_name = "FRAME")]
    frame: Option<FrameArg>,
    /// The picture's size in pixels: WxH, or 1080p (1920x1080) or 720p (1280x720).
    #[arg(long, value_name = "WxH", value_parser = size_value)]
    size: Option<(u32, u32)>,
    /// The title [default: the dataset's title and the year].
    #[arg(long, value_name = "TEXT")]
    title: Option<String>,
    /// A line under the title.
    #[arg(long, value_name = "TEXT")]
    subtitle: Option<String>,
    /// Draw links without their kind written on them (colour and arrowhead still tell it).
    #[arg(long)]
    no_link_labels: bool,
    /// Where the legend goes: auto (right, or bottom when that draws the picture larger), right,
    /// left, top, bottom or none.
    #[arg(long, value_enum, value_name = "POSITION", default_value = "auto")]
    legend: LegendArg,
    /// Write the year (or window) large in the top-left corner, with the counts of actors and
    /// links drawn, as the frames of --animate do.
    #[arg(long)]
    stamp: bool,
    /// Draw the years as an animation into -o FILE (.gif or .apng), one key frame per year.
    #[arg(long, requires = "output", conflicts_with_all = ["year", "all_years", "format", "frame"])]
    animate: bool,
    /// Frames a second of the fades between years (1 to 50).
    #[arg(long, value_name = "N", requires = "animate", default_value_t = Timing::default().fps)]
    fps: u32,
    /// Seconds each year is shown still.
    #[arg(
        long,
        value_name = "SECONDS",
        requires = "animate",
        default_value_t = Timing::default().hold
    )]
    hold: f64,
    /// Seconds a fade from one year to the next lasts (0: years follow each other at once).
    #[arg(
        long,
        value_name = "SECONDS",
        requires = "animate",
        default_value_t = Timing::default().fade
    )]
    fade: f64,
    #[command(flatten)]
    focus: FocusArgs,
    #[command(flatten)]
    filter: FilterArgs,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FrameArg {
    Year,
    History,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum LegendArg {
    Auto,
    Right,
    Left,
    Top,
    Bottom,
    None,
}

fn format_value(s: &str) -> Result<ImageFormat, String> {
    s.parse::<ImageFormat>().map_err(|e| e.to_string())
}

/// `1920x1080`, `1080p` or `720p`.
fn size_value(s: &str) -> Result<(u32, u32), String> {
    let named = match s.to_ascii_lowercase().as_str() {
        "1080p" => Some((1920, 1080)),
        "720p" => Some((1280, 720)),
        _ => None,
    };
    let parsed = named.or_else(|| {
        let (w, h) = s.split_once(['x', 'X'])?;
        Some((w.trim().parse().ok()?, h.trim().parse().ok()?))
    });
    match parsed {
        Some((w, h)) if (200..=20000).contains(&w) && (200..=20000).contains(&h) => Ok((w, h)),
        _ => Err(format!(
            "\"{s}\" is not a size: expected WxH in pixels (each 200 to 20000), 1080p or 720p"
        )),
    }
}

/// The picture format: --format, else -o's extension (which must be one mesograph writes and
/// agree with --format), else SVG.
fn format(args: &RenderArgs) -> Result<ImageFormat, Error> {
    let known: Vec<&str> = ImageFormat::ALL.iter().map(|f| f.as_str()).collect();
    let named = match &args.output {
        Some(path) => known_extension(path, &known)?.map(|e| (path, e.parse::<ImageFormat>())),
        None => None,
    };
    match (named, args.format) {
        (Some((path, Ok(named))), Some(given)) if named != given => Err(Error::Request(format!(
            "cannot write {} as {given}: its extension says {named}",
            path.display()
        ))),
        (Some((_, Ok(named))), _) => Ok(named),
        (Some((_, Err(e))), _) => Err(e),
        (None, given) => Ok(given.unwrap_or(ImageFormat::Svg)),
    }
}

pub fn run(args: &RenderArgs, data: &Data) -> Result<(), Error> {
    if args.animate {
        return animate(args, data);
    }
    let format = format(args)?;
    let request = Request::new(data, Years::try_from(&args.years)?, format);
    // Every actor has its place in the whole history, whichever years are drawn.
    let graph = request.load_whole()?;
    let scope = graph.scope()?;
    let focus = args.focus.resolve(&graph)?;
    // A picture shows every link unless asked otherwise.
    let filter = args.filter.filter(&graph, &[])?;
    let default_frame = if args.all_years { FrameArg::History } else { FrameArg::Year };
    let options = options(args, args.frame.unwrap_or(default_frame), args.size);
    let pins = layout(&graph)?;

    let scopes: Vec<Scope> = if args.all_years {
        let (from, to) = match scope.bounds() {
            Some(bounds) => bounds,
            None => graph.span().ok_or(Error::NoYears)?,
        };
        let active = |year| focus.is_none_or(|(n, _)| graph.actor(n).lifetime().contains(year));
        (from..=to).filter(|&y| active(y)).map(Scope::Year).collect()
    } else {
        vec![scope]
    };
    let slices = scopes
        .iter()
        .map(|&scope| slice_of(&graph, scope, focus, &filter))
        .collect::<Result<Vec<_>, Error>>()?;
    let history = match options.frame {
        Frame::History => {
            let room = room(&graph, &args.filter, &args.focus)?;
            Some(history_frame(&graph, &pins, &room, &options)?)
        }
        Frame::Year => None,
    };
    // Draw everything before writing anything: a failure half-way leaves no partial set.
    let pictures = render_all(&graph, &pins, &slices, format, &options, history.as_ref())?;

    if let Some(dir) = &args.out {
        let files = scopes
            .iter()
            .zip(pictures)
            .map(|(scope, bytes)| Ok((format!("{}.{format}", file_stem(*scope)), bytes)));
        let written = write_files(dir, files)?;
        if args.all_years {
            report(&format!("wrote {written} pictures into {}", dir.display()));
        }
        return Ok(());
    }
    let bytes = pictures.into_iter().next().unwrap_or_default();
    match &args.output {
        Some(path) => write_atomic(path, &bytes),
        None => write_stdout(&bytes).map(|_| ()),
    }
}

/// The drawing options the arguments ask for.
fn options(args: &RenderArgs, frame: FrameArg, size: Option<(u32, u32)>) -> Options {
    Options {
        frame: match frame {
            FrameArg::Year => Frame::Year,
            FrameArg::History => Frame::History,
        },
        size,
        title: args.title.clone(),
        subtitle: args.subtitle.clone(),
        no_link_labels: args.no_link_labels,
        legend: match args.legend {
            LegendArg::Auto => LegendPlace::Auto,
            LegendArg::Right => LegendPlace::Right,
            LegendArg::Left => LegendPlace::Left,
            LegendArg::Top => LegendPlace::Top,
            LegendArg::Bottom => LegendPlace::Bottom,
            LegendArg::None => LegendPlace::None,
        },
        stamp: args.stamp,
    }
}

/// The slices the history's frame makes room for: every year of the data's span, with the
/// same focus and filters, so that a year's picture in that frame is the same whichever years
/// are drawn with it (a still or an animation's key frame).
fn room(
    graph: &TemporalGraph,
    filter: &FilterArgs,
    focus: &FocusArgs,
) -> Result<Vec<mesograph::Slice>, Error> {
    let focus = focus.resolve(graph)?;
    let filter = filter.filter(graph, &[])?;
    let Some((first, last)) = graph.span() else { return Ok(Vec::new()) };
    let active = |year| focus.is_none_or(|(n, _)| graph.actor(n).lifetime().contains(year));
    (first..=last)
        .filter(|&y| active(y))
        .map(|y| slice_of(graph, Scope::Year(y), focus, &filter))
        .collect()
}

/// The years an animation draws: --from/--to, by default from the first year a link is active
/// (before it the picture is a list of actors) to the horizon, or the data's last year.
fn animation_years(graph: &TemporalGraph, years: Years) -> Result<(Year, Year), Error> {
    let (first, last) = graph.span().ok_or(Error::NoYears)?;
    let linked = (first..=last).find(|&y| !graph.slice(Scope::Year(y)).links.is_empty());
    let end = graph.horizon().map_or(last, |h| h.clamp(first, last));
    let start = linked.unwrap_or(first).min(end);
    let (from, to) = years.window_ends();
    let to = to.unwrap_or(end);
    let from = from.unwrap_or(start.min(to));
    // An open end past the other: the window the user gave is refused as any other.
    Scope::window(from, to)?;
    Ok((from, to))
}

/// `render --animate`: the key frames drawn as stills in the history's frame, stamped, then
/// faded into one another and written as one file.
fn animate(args: &RenderArgs, data: &Data) -> Result<(), Error> {
    let path = args.output.as_deref().ok_or_else(|| {
        Error::Request("--animate writes a file: name it with -o FILE.gif or FILE.apng".into())
    })?;
    let known: Vec<&str> = AnimationFormat::ALL.iter().map(|f| f.as_str()).collect();
    let format: AnimationFormat = known_extension(path, &known)?
        .ok_or_else(|| {
            Error::Request(format!(
                "cannot tell the animation format of {}: name it FILE.gif or FILE.apng",
                path.display()
            ))
        })?
        .parse()?;
    let timing = Timing { fps: args.fps, hold: args.hold, fade: args.fade };
    timing.check()?;
    let request = Request::new(data, Years::try_from(&args.years)?, format);
    let graph = request.load_whole()?;
    // Its years' open ends fall on the years drawn, not on the data's first or last.
    let (from, to) = animation_years(&graph, request.years())?;
    let focus = args.focus.resolve(&graph)?;
    let filter = args.filter.filter(&graph, &[])?;
    let options = Options {
        stamp: true,
        ..options(args, FrameArg::History, Some(args.size.unwrap_or((1280, 720))))
    };
    let active = |year| focus.is_none_or(|(n, _)| graph.actor(n).lifetime().contains(year));
    let slices = (from..=to)
        .filter(|&y| active(y))
        .map(|y| slice_of(&graph, Scope::Year(y), focus, &filter))
        .collect::<Result<Vec<_>, Error>>()?;
    if slices.is_empty() {
        // Only a focus leaves no year: the error names its actor's years.
        slice_of(&graph, Scope::window(from, to)?, focus, &filter)?;
        return Err(Error::Request(format!("no year of {from}–{to} to draw")));
    }
    let pins = layout(&graph)?;
    let history =
        history_frame(&graph, &pins, &room(&graph, &args.filter, &args.focus)?, &options)?;
    let bytes = timeline(&graph, &pins, &slices, &options, &history, &timing, format)?;
    write_atomic(path, &bytes)?;
    let frames = mesograph::render::animate::plan(slices.len(), &timing);
    let seconds: f64 = frames.iter().map(|f| f64::from(f.delay.0) / f64::from(f.delay.1)).sum();
    report(&format!(
        "wrote {}: {} years, {} frames, {seconds:.1} seconds",
        path.display(),
        slices.len(),
        frames.len()
    ));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_pixels_or_named_presets() {
        assert_eq!(size_value("1920x1080"), Ok((1920, 1080)));
        assert_eq!(size_value("1080p"), Ok((1920, 1080)));
        assert_eq!(size_value("720P"), Ok((1280, 720)));
        assert_eq!(size_value("800X600"), Ok((800, 600)));
        for bad in ["", "1920", "x", "0x0", "1920x", "99999x1080", "-1x5"] {
            assert!(size_value(bad).is_err(), "{bad}");
        }
    }
}
