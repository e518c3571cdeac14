//! Minimal hand-written SVG charts (no fonts or system libraries needed): axes with labels
//! and ticks, lines, bands, bars and reference lines.

use std::fmt::Write;

const W: f64 = 640.0;
const H: f64 = 360.0;
const LEFT: f64 = 70.0;
const RIGHT: f64 = 20.0;
const TOP: f64 = 36.0;
const BOTTOM: f64 = 56.0;

/// Colours of series, in order.
pub const PALETTE: [&str; 6] = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf"];

/// A chart being drawn.
pub struct Chart {
    x: (f64, f64),
    y: (f64, f64),
    body: String,
    legend: Vec<(String, String, bool)>,
    title: String,
    x_label: String,
    y_label: String,
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Round tick positions covering `[lo, hi]`.
fn ticks(lo: f64, hi: f64) -> Vec<f64> {
    let span = (hi - lo).abs().max(1e-12);
    let raw = span / 5.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0].iter().map(|m| m * mag).find(|s| *s >= raw).unwrap_or(10.0 * mag);
    let mut t = (lo / step).ceil() * step;
    let mut out = Vec::new();
    while t <= hi + step * 1e-9 && out.len() < 20 {
        out.push(if t.abs() < step * 1e-9 { 0.0 } else { t });
        t += step;
    }
    out
}

fn label(v: f64) -> String {
    let s = format!("{v:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_string() }
}

impl Chart {
    /// A chart over `x` and `y` ranges with a title and axis labels (units in the labels).
    pub fn new(title: &str, x_label: &str, y_label: &str, x: (f64, f64), y: (f64, f64)) -> Chart {
        let widen = |(a, b): (f64, f64)| if (b - a).abs() < 1e-12 { (a - 0.5, b + 0.5) } else { (a, b) };
        Chart {
            x: widen(x),
            y: widen(y),
            body: String::new(),
            legend: Vec::new(),
            title: title.into(),
            x_label: x_label.into(),
            y_label: y_label.into(),
        }
    }

    fn px(&self, x: f64) -> f64 {
        LEFT + (x - self.x.0) / (self.x.1 - self.x.0) * (W - LEFT - RIGHT)
    }

    fn py(&self, y: f64) -> f64 {
        H - BOTTOM - (y - self.y.0) / (self.y.1 - self.y.0) * (H - TOP - BOTTOM)
    }

    /// A polyline through `points`; `dashed` for reference series. Named series go in the legend.
    pub fn line(&mut self, points: &[(f64, f64)], color: &str, dashed: bool, name: Option<&str>) {
        let pts: Vec<String> = points
            .iter()
            .filter(|(x, y)| x.is_finite() && y.is_finite())
            .map(|&(x, y)| format!("{:.1},{:.1}", self.px(x), self.py(y)))
            .collect();
        if pts.is_empty() {
            return;
        }
        let dash = if dashed { " stroke-dasharray=\"6 4\"" } else { "" };
        let _ = writeln!(
            self.body,
            "<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"1.8\"{dash} points=\"{}\"/>",
            pts.join(" ")
        );
        if let Some(n) = name {
            self.legend.push((n.to_string(), color.to_string(), dashed));
        }
    }

    /// A shaded band between `lower` and `upper` at the same x positions.
    pub fn band(&mut self, xs: &[f64], lower: &[f64], upper: &[f64], color: &str) {
        let mut pts: Vec<String> =
            xs.iter().zip(upper).map(|(&x, &y)| format!("{:.1},{:.1}", self.px(x), self.py(y))).collect();
        pts.extend(xs.iter().zip(lower).rev().map(|(&x, &y)| format!("{:.1},{:.1}", self.px(x), self.py(y))));
        let _ = writeln!(
            self.body,
            "<polygon fill=\"{color}\" fill-opacity=\"0.18\" stroke=\"none\" points=\"{}\"/>",
            pts.join(" ")
        );
    }

    /// Bars from `x0` to `x1` of height `y`.
    pub fn bar(&mut self, x0: f64, x1: f64, y: f64, color: &str) {
        let (a, b) = (self.px(x0), self.px(x1));
        let (top, base) = (self.py(y), self.py(self.y.0.max(0.0)));
        let _ = writeln!(
            self.body,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{color}\" fill-opacity=\"0.65\"/>",
            a.min(b),
            top.min(base),
            (b - a).abs().max(0.5),
            (base - top).abs()
        );
    }

    /// A named series in the legend without drawing (for bars).
    pub fn legend(&mut self, name: &str, color: &str) {
        self.legend.push((name.into(), color.into(), false));
    }

    /// A horizontal reference line with a label at the right.
    pub fn hline(&mut self, y: f64, text: &str) {
        if !(y >= self.y.0 && y <= self.y.1) {
            return;
        }
        let py = self.py(y);
        let _ = writeln!(
            self.body,
            "<line x1=\"{LEFT}\" x2=\"{:.1}\" y1=\"{py:.1}\" y2=\"{py:.1}\" stroke=\"#555\" stroke-dasharray=\"2 3\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"end\" fill=\"#333\">{}</text>",
            W - RIGHT,
            W - RIGHT - 2.0,
            py - 3.0,
            escape(text)
        );
    }

    /// The finished SVG element.
    pub fn svg(&self) -> String {
        let mut s = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {H}\" width=\"{W}\" height=\"{H}\" font-family=\"sans-serif\">\n\
             <rect width=\"{W}\" height=\"{H}\" fill=\"white\"/>\n\
             <text x=\"{}\" y=\"22\" font-size=\"15\" text-anchor=\"middle\" font-weight=\"bold\">{}</text>\n",
            W / 2.0,
            escape(&self.title)
        );
        let (x0, x1, y0, y1) = (LEFT, W - RIGHT, TOP, H - BOTTOM);
        let _ = writeln!(
            s,
            "<rect x=\"{x0}\" y=\"{y0}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#999\"/>",
            x1 - x0,
            y1 - y0
        );
        for t in ticks(self.x.0, self.x.1) {
            let px = self.px(t);
            let _ = writeln!(
                s,
                "<line x1=\"{px:.1}\" x2=\"{px:.1}\" y1=\"{y1}\" y2=\"{:.1}\" stroke=\"#999\"/><text x=\"{px:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"middle\">{}</text>",
                y1 + 5.0,
                y1 + 18.0,
                label(t)
            );
        }
        for t in ticks(self.y.0, self.y.1) {
            let py = self.py(t);
            let _ = writeln!(
                s,
                "<line x1=\"{:.1}\" x2=\"{x0}\" y1=\"{py:.1}\" y2=\"{py:.1}\" stroke=\"#999\"/><line x1=\"{x0}\" x2=\"{x1}\" y1=\"{py:.1}\" y2=\"{py:.1}\" stroke=\"#eee\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"end\">{}</text>",
                x0 - 5.0,
                x0 - 8.0,
                py + 4.0,
                label(t)
            );
        }
        let _ = writeln!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" text-anchor=\"middle\">{}</text>\n\
             <text x=\"16\" y=\"{:.1}\" font-size=\"12\" text-anchor=\"middle\" transform=\"rotate(-90 16 {:.1})\">{}</text>",
            (x0 + x1) / 2.0,
            H - 14.0,
            escape(&self.x_label),
            (y0 + y1) / 2.0,
            (y0 + y1) / 2.0,
            escape(&self.y_label)
        );
        s.push_str(&self.body);
        for (i, (name, color, dashed)) in self.legend.iter().enumerate() {
            let y = y0 + 14.0 + 15.0 * i as f64;
            let dash = if *dashed { " stroke-dasharray=\"6 4\"" } else { "" };
            let _ = writeln!(
                s,
                "<line x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"{color}\" stroke-width=\"2.5\"{dash}/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\">{}</text>",
                x0 + 8.0,
                x0 + 30.0,
                x0 + 34.0,
                y + 4.0,
                escape(name)
            );
        }
        s.push_str("</svg>\n");
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        assert_eq!(ticks(0.0, 1.0), vec![0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0]);
        assert_eq!(ticks(0.0, 12.0).first(), Some(&0.0));
        let mut c = Chart::new("t", "week", "share", (0.0, 12.0), (0.0, 1.0));
        c.line(&[(0.0, 0.1), (12.0, 0.5)], PALETTE[0], false, Some("a <b>"));
        let svg = c.svg();
        assert!(svg.starts_with("<svg") && svg.contains("polyline") && svg.contains("a &lt;b&gt;"));
    }
}
