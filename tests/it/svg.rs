//! Reading the SVG that Graphviz draws: its nodes and edges with their texts and shapes, and the
//! size at which text appears once the picture is shown at its own size in pixels.

/// XML text as a reader sees it: the entities Graphviz writes decoded.
pub fn unescape(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    let mut rest = t;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';') else { break };
        let entity = &rest[1..end];
        let decoded = match entity {
            "quot" => Some('"'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "apos" => Some('\''),
            _ => match entity.strip_prefix("#x").or_else(|| entity.strip_prefix("#X")) {
                Some(hex) => u32::from_str_radix(hex, 16).ok().and_then(char::from_u32),
                None => entity
                    .strip_prefix('#')
                    .and_then(|d| d.parse::<u32>().ok())
                    .and_then(char::from_u32),
            },
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The value of attribute `name` in the start tag `tag`.
pub fn attr(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    Some(tag[start..start + tag[start..].find('"')?].to_string())
}

fn numbers(s: &str) -> Vec<f64> {
    s.split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
        .filter_map(|n| n.parse().ok())
        .collect()
}

/// Left, top, right, bottom, in the picture's own units.
pub type BBox = (f64, f64, f64, f64);

/// One line of text: its content, anchor point, font size (picture units) and alignment.
#[derive(Debug, Clone)]
pub struct Text {
    pub text: String,
    pub x: f64,
    pub y: f64,
    pub size: f64,
    pub anchor: String,
}

impl Text {
    /// The box the text covers, from its anchor and an average Helvetica advance of 0.55 em
    /// per character (Graphviz's own estimate for Helvetica is close to it).
    pub fn bbox(&self) -> BBox {
        let width = self.text.chars().count() as f64 * self.size * 0.55;
        let left = match self.anchor.as_str() {
            "middle" => self.x - width / 2.0,
            "end" => self.x - width,
            _ => self.x,
        };
        (left, self.y - self.size * 0.75, left + width, self.y + self.size * 0.2)
    }
}

/// One drawn node, edge or graph of a Graphviz SVG: its title, texts, and the box around its
/// shapes (not its texts).
#[derive(Debug, Default, Clone)]
pub struct Item {
    pub title: String,
    pub texts: Vec<Text>,
    pub bbox: Option<BBox>,
}

/// Whether two boxes overlap by more than `slack` in both directions.
pub fn overlap(p: BBox, q: BBox, slack: f64) -> bool {
    p.0 < q.2 - slack && q.0 < p.2 - slack && p.1 < q.3 - slack && q.1 < p.3 - slack
}

/// The groups of class `class` ("node", "edge" or "graph") of a Graphviz SVG.
pub fn items(svg: &str, class: &str) -> Vec<Item> {
    let marker = format!("class=\"{class}\"");
    // Tooltips wrap a node's shapes in an inner `<g id="a_…">`: keep it with its node.
    let mut groups: Vec<String> = Vec::new();
    for g in svg.split("<g id=\"") {
        match groups.last_mut() {
            Some(last) if g.starts_with("a_") => last.push_str(g),
            _ => groups.push(g.to_string()),
        }
    }
    groups
        .iter()
        .filter(|g| g.split('>').next().is_some_and(|tag| tag.contains(&marker)))
        .map(|g| {
            let mut item = Item::default();
            if let Some(t) = g.split("<title>").nth(1).and_then(|t| t.split("</title>").next()) {
                item.title = unescape(t);
            }
            for tag in g.split('<').skip(1) {
                let tag = tag.split('>').next().unwrap_or("");
                let mut points = Vec::new();
                if tag.starts_with("polygon") || tag.starts_with("polyline") {
                    points = numbers(&attr(tag, "points").unwrap_or_default());
                } else if tag.starts_with("path") {
                    points = numbers(&attr(tag, "d").unwrap_or_default());
                } else if tag.starts_with("ellipse") {
                    let n = |k| attr(tag, k).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
                    let (cx, cy, rx, ry) = (n("cx"), n("cy"), n("rx"), n("ry"));
                    points = vec![cx - rx, cy - ry, cx + rx, cy + ry];
                }
                for p in points.chunks(2).filter(|p| p.len() == 2) {
                    let b = item.bbox.get_or_insert((p[0], p[1], p[0], p[1]));
                    *b = (b.0.min(p[0]), b.1.min(p[1]), b.2.max(p[0]), b.3.max(p[1]));
                }
            }
            for t in g.split("<text").skip(1) {
                let (tag, rest) = t.split_once('>').unwrap_or((t, ""));
                let text = unescape(rest.split("</text>").next().unwrap_or(""));
                let n = |k| attr(tag, k).and_then(|v| v.parse::<f64>().ok()).unwrap_or(f64::NAN);
                item.texts.push(Text {
                    text,
                    x: n("x"),
                    y: n("y"),
                    size: n("font-size"),
                    anchor: attr(tag, "text-anchor").unwrap_or_default(),
                });
            }
            item
        })
        .collect()
}

/// A length of the `<svg>` element in CSS pixels (`pt` is 4/3 px, `in` 96 px).
fn css_pixels(length: &str) -> f64 {
    let (number, factor) = if let Some(n) = length.strip_suffix("pt") {
        (n, 4.0 / 3.0)
    } else if let Some(n) = length.strip_suffix("in") {
        (n, 96.0)
    } else {
        (length.strip_suffix("px").unwrap_or(length), 1.0)
    };
    number.trim().parse::<f64>().expect("an SVG length") * factor
}

/// The picture's width and height in CSS pixels, as a browser shows it.
pub fn pixel_size(svg: &str) -> (f64, f64) {
    let tag = svg.split("<svg").nth(1).unwrap().split('>').next().unwrap();
    (css_pixels(&attr(tag, "width").unwrap()), css_pixels(&attr(tag, "height").unwrap()))
}

/// How many CSS pixels one unit of the drawing's coordinates (those of its texts and shapes)
/// takes when the picture is shown at its own size: the viewBox's scale times the scale of the
/// graph's transform.
pub fn pixels_per_unit(svg: &str) -> f64 {
    let tag = svg.split("<svg").nth(1).unwrap().split('>').next().unwrap();
    let view_box = numbers(&attr(tag, "viewBox").expect("a viewBox"));
    let (width, _) = pixel_size(svg);
    let graph = svg.split("class=\"graph\"").nth(1).unwrap().split('>').next().unwrap();
    let transform = attr(graph, "transform").unwrap_or_default();
    let scale = transform
        .split("scale(")
        .nth(1)
        .and_then(|s| numbers(s.split(')').next().unwrap_or("")).first().copied())
        .unwrap_or(1.0);
    width / view_box[2] * scale
}

#[test]
fn entities_are_decoded() {
    assert_eq!(unescape("a &amp;lt; &#45;&#x41; &quot;&bogus; &"), "a &lt; -A \"&bogus; &");
}
