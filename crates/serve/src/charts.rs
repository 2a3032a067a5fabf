//! SVG charts: the relation series (plotters) and the country network (fdg-sim layout,
//! plotters drawing). Each chart gets an overlay of invisible shapes with `data-tip`
//! details the page script shows on hover and on tap, and `data-` attributes for clicks
//! and brushing. Periods without events are gaps: the index line breaks there and the
//! column is shaded as "no events", never drawn as a neutral 0.

use crate::text::escape_html;
use dyad_relations::{Network, Relation};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

const COOP: RGBColor = RGBColor(37, 99, 235);
const COOP_LIGHT: RGBColor = RGBColor(147, 197, 253);
const CONFLICT: RGBColor = RGBColor(220, 38, 38);
const CONFLICT_LIGHT: RGBColor = RGBColor(252, 165, 165);
const NEUTRAL: RGBColor = RGBColor(156, 163, 175);
const INK: RGBColor = RGBColor(55, 65, 81);
/// The shade of a period without events.
const NO_DATA: RGBColor = RGBColor(241, 243, 246);

/// Makes plotters' fixed-size SVG scale with its container and carries a class.
fn finish_svg(svg: String, class: &str, overlay: &str) -> String {
    let svg = svg.replacen("<svg ", &format!("<svg class=\"{class}\" preserveAspectRatio=\"xMidYMid meet\" "), 1);
    match svg.rfind("</svg>") {
        Some(end) => format!("{}{overlay}</svg>", &svg[..end]),
        None => svg,
    }
}

fn mix(a: RGBColor, b: RGBColor, t: f64) -> RGBColor {
    let t = t.clamp(0.0, 1.0);
    let ch = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * t).round() as u8;
    RGBColor(ch(a.0, b.0), ch(a.1, b.1), ch(a.2, b.2))
}

/// Red for conflict through grey to blue for cooperation.
pub(crate) fn index_color(index: f64) -> RGBColor {
    if index >= 0.0 {
        mix(NEUTRAL, COOP, index)
    } else {
        mix(NEUTRAL, CONFLICT, -index)
    }
}

/// Which screen a relation chart is drawn for. The SVG scales with its container, so a
/// chart drawn wide would shrink its labels to a few pixels on a phone; the page carries
/// both and the stylesheet shows one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ChartSize {
    Wide,
    Compact,
}

impl ChartSize {
    /// Width, height, height of the index panel, label font size, x labels.
    fn layout(self) -> (u32, u32, u32, u32, usize) {
        match self {
            ChartSize::Wide => (980, 460, 230, 12, 8),
            ChartSize::Compact => (420, 400, 190, 14, 3),
        }
    }

    fn class(self) -> &'static str {
        match self {
            ChartSize::Wide => "chart relation-chart wide",
            ChartSize::Compact => "chart relation-chart compact",
        }
    }
}

/// The relation chart: the net cooperation index on top, events per quad class below.
pub(crate) fn relation_svg(rel: &Relation, size: ChartSize) -> Result<String, String> {
    let (w, h, split, font, x_labels) = size.layout();
    let n = rel.buckets.len().max(1);
    let mut svg = String::new();
    let mut hits = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let (upper, lower) = root.split_vertically(split);
        let labels: Vec<String> =
            rel.buckets.iter().map(|b| b.start.map(|d| d.to_string()).unwrap_or_default()).collect();
        // Label bucket starts only: ticks between two starts would repeat the same date.
        let label_at = |x: &f64| -> String {
            let i = x.round();
            if i < 0.0 || (x - i).abs() > 1e-6 {
                return String::new();
            }
            labels.get(i as usize).cloned().unwrap_or_default()
        };
        let mut top = ChartBuilder::on(&upper)
            .margin_left(12)
            .margin_right(20)
            .margin_top(14)
            .y_label_area_size(56)
            .x_label_area_size(8)
            .build_cartesian_2d(0f64..n as f64, -1f64..1f64)
            .map_err(|e| e.to_string())?;
        top.configure_mesh()
            .disable_x_mesh()
            .disable_x_axis()
            .y_labels(5)
            .y_desc("net cooperation")
            .light_line_style(RGBColor(241, 245, 249))
            .label_style(("sans-serif", font).into_font().color(&INK))
            .axis_desc_style(("sans-serif", font).into_font().color(&INK))
            .draw()
            .map_err(|e| e.to_string())?;
        top.draw_series(std::iter::once(PathElement::new(vec![(0.0, 0.0), (n as f64, 0.0)], NEUTRAL.stroke_width(1))))
            .map_err(|e| e.to_string())?;
        // One line and area per run of periods with events; empty periods are shaded.
        let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
        for (i, b) in rel.buckets.iter().enumerate() {
            if b.events > 0 {
                if let Some(run) = runs.last_mut() {
                    run.push((i as f64 + 0.5, b.net_cooperation));
                }
            } else {
                top.draw_series(std::iter::once(Rectangle::new(
                    [(i as f64, -1.0), (i as f64 + 1.0, 1.0)],
                    NO_DATA.filled(),
                )))
                .map_err(|e| e.to_string())?;
                if runs.last().is_some_and(|r| !r.is_empty()) {
                    runs.push(Vec::new());
                }
            }
        }
        for points in runs.iter().filter(|r| !r.is_empty()) {
            top.draw_series(AreaSeries::new(points.iter().map(|&(x, y)| (x, y.max(0.0))), 0.0, COOP.mix(0.18)))
                .map_err(|e| e.to_string())?;
            top.draw_series(AreaSeries::new(points.iter().map(|&(x, y)| (x, y.min(0.0))), 0.0, CONFLICT.mix(0.18)))
                .map_err(|e| e.to_string())?;
            top.draw_series(LineSeries::new(points.iter().copied(), INK.stroke_width(2))).map_err(|e| e.to_string())?;
        }
        top.draw_series(rel.buckets.iter().enumerate().filter(|(_, b)| b.events > 0).map(|(i, b)| {
            Circle::new((i as f64 + 0.5, b.net_cooperation), 3, index_color(b.net_cooperation).filled())
        }))
        .map_err(|e| e.to_string())?;

        let max_count = rel.buckets.iter().map(|b| b.events).max().unwrap_or(0).max(1) as f64;
        let mut bottom = ChartBuilder::on(&lower)
            .margin_left(12)
            .margin_right(20)
            .margin_bottom(8)
            .y_label_area_size(56)
            .x_label_area_size(36)
            .build_cartesian_2d(0f64..n as f64, 0f64..max_count * 1.08)
            .map_err(|e| e.to_string())?;
        bottom
            .configure_mesh()
            .disable_x_mesh()
            .y_labels(4)
            .x_labels(x_labels)
            .x_label_formatter(&label_at)
            .y_desc("events")
            .light_line_style(RGBColor(241, 245, 249))
            .label_style(("sans-serif", font).into_font().color(&INK))
            .axis_desc_style(("sans-serif", font).into_font().color(&INK))
            .draw()
            .map_err(|e| e.to_string())?;
        let gap = if n > 60 { 0.0 } else { 0.12 };
        for (i, b) in rel.buckets.iter().enumerate() {
            let mut y = 0.0;
            let counts = b.quad.as_array();
            for (q, color) in [COOP_LIGHT, COOP, CONFLICT_LIGHT, CONFLICT].iter().enumerate() {
                let c = counts[q] as f64;
                if c > 0.0 {
                    let x0 = i as f64 + gap;
                    let x1 = i as f64 + 1.0 - gap;
                    bottom
                        .draw_series(std::iter::once(Rectangle::new([(x0, y), (x1, y + c)], color.filled())))
                        .map_err(|e| e.to_string())?;
                    y += c;
                }
            }
            // Hover and click target over the whole column of both panels.
            let (x0, y_top) = top.backend_coord(&(i as f64, 1.0));
            let (x1, _) = top.backend_coord(&(i as f64 + 1.0, 1.0));
            let (_, y_bottom) = bottom.backend_coord(&(i as f64, 0.0));
            let start = b.start.map(|d| d.to_string()).unwrap_or_default();
            let end = rel
                .buckets
                .get(i + 1)
                .and_then(|nb| nb.start)
                .and_then(|d| d.pred_opt())
                .or(rel.until)
                .map(|d| d.to_string())
                .unwrap_or_default();
            let tip = if b.events == 0 {
                format!("{start} – {end}\nno events")
            } else {
                format!(
                    "{start} – {end}\n{} events ({} distinct)\nverbal coop {} · material coop {} · verbal conflict {} · material conflict {}\nmean Goldstein {:+.2} · net cooperation {:+.2}",
                    b.events, b.distinct_events, counts[0], counts[1], counts[2], counts[3], b.goldstein_mean, b.net_cooperation
                )
            };
            hits.push_str(&format!(
                "<rect class=\"hit column\" x=\"{x0}\" y=\"{y_top}\" width=\"{}\" height=\"{}\" data-since=\"{start}\" data-until=\"{end}\" data-events=\"{}\" data-tip=\"{}\"/>",
                (x1 - x0).max(1),
                (y_bottom - y_top).max(1),
                b.events,
                escape_html(&tip)
            ));
        }
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(finish_svg(svg, size.class(), &format!("<g class=\"hits\">{hits}</g>")))
}

/// The country network, laid out by force simulation; `selected` countries are outlined.
pub(crate) fn network_svg(net: &Network, selected: &[&str]) -> Result<String, String> {
    use fdg_sim::{force, Dimensions, ForceGraph, ForceGraphHelper, Simulation, SimulationParameters};
    let (w, h) = (980u32, 600u32);
    let mut graph: ForceGraph<(), ()> = ForceGraph::default();
    let mut index = std::collections::HashMap::new();
    for node in &net.nodes {
        index.insert(node.country.clone(), graph.add_force_node(&node.country, ()));
    }
    for e in &net.edges {
        if let (Some(&a), Some(&b)) = (index.get(&e.a), index.get(&e.b)) {
            graph.add_edge(a, b, ());
        }
    }
    let params = SimulationParameters::new(400.0, Dimensions::Two, force::handy(70.0, 0.975, true, true));
    let mut sim = Simulation::from_graph(graph, params);
    for _ in 0..400 {
        sim.update(0.035);
    }
    let mut pos = std::collections::HashMap::new();
    for (name, &ix) in &index {
        let loc = sim.get_graph()[ix].location;
        pos.insert(name.clone(), (f64::from(loc.x), f64::from(loc.y)));
    }
    // Fit the layout into the canvas.
    let (mut min_x, mut max_x, mut min_y, mut max_y) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for &(x, y) in pos.values() {
        if x.is_finite() && y.is_finite() {
            min_x = min_x.min(x);
            max_x = max_x.max(x);
            min_y = min_y.min(y);
            max_y = max_y.max(y);
        }
    }
    let margin = 50.0;
    let sx = (f64::from(w) - 2.0 * margin) / (max_x - min_x).max(1e-6);
    let sy = (f64::from(h) - 2.0 * margin) / (max_y - min_y).max(1e-6);
    let place = |c: &str| -> (i32, i32) {
        let (x, y) = pos.get(c).copied().unwrap_or((min_x, min_y));
        let (x, y) = if x.is_finite() && y.is_finite() { (x, y) } else { (min_x, min_y) };
        ((margin + (x - min_x) * sx) as i32, (margin + (y - min_y) * sy) as i32)
    };
    let max_edge = net.edges.iter().map(|e| e.events).max().unwrap_or(1).max(1) as f64;
    let max_node = net.nodes.iter().map(|n| n.events).max().unwrap_or(1).max(1) as f64;
    let radius = |events: u64| (6.0 + 18.0 * (events as f64 / max_node).sqrt()) as i32;
    let mut svg = String::new();
    let mut hits = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        for e in net.edges.iter().rev() {
            let (a, b) = (place(&e.a), place(&e.b));
            let width = (1.0 + 7.0 * (e.events as f64 / max_edge).sqrt()) as u32;
            let color = index_color(e.net_cooperation);
            root.draw(&PathElement::new(vec![a, b], color.mix(0.75).stroke_width(width))).map_err(|e| e.to_string())?;
            hits.push_str(&format!(
                "<line class=\"hit edge\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" data-a=\"{}\" data-b=\"{}\" data-tip=\"{}\"/>",
                a.0, a.1, b.0, b.1, escape_html(&e.a), escape_html(&e.b),
                escape_html(&format!(
                    "{} – {}: {} events ({} → {}, {} ←)\nmean Goldstein {:+.2} · net cooperation {:+.2}",
                    e.a, e.b, e.events, e.a_to_b, e.b, e.b_to_a, e.goldstein_mean, e.net_cooperation
                ))
            ));
        }
        for node in &net.nodes {
            let (x, y) = place(&node.country);
            let r = radius(node.events);
            let is_selected = selected.contains(&node.country.as_str());
            root.draw(&Circle::new((x, y), r, RGBColor(30, 41, 59).filled())).map_err(|e| e.to_string())?;
            if is_selected {
                root.draw(&Circle::new((x, y), r + 4, RGBColor(245, 158, 11).stroke_width(3)))
                    .map_err(|e| e.to_string())?;
            }
            let style = ("sans-serif", 12).into_font().color(&WHITE).pos(Pos::new(HPos::Center, VPos::Center));
            let label_style = ("sans-serif", 12).into_font().color(&INK).pos(Pos::new(HPos::Center, VPos::Top));
            if r >= 14 {
                root.draw(&Text::new(node.country.clone(), (x, y), style)).map_err(|e| e.to_string())?;
            } else {
                root.draw(&Text::new(node.country.clone(), (x, y + r + 3), label_style)).map_err(|e| e.to_string())?;
            }
            hits.push_str(&format!(
                "<circle class=\"hit node\" cx=\"{x}\" cy=\"{y}\" r=\"{}\" data-country=\"{}\" data-tip=\"{}: {} events with other countries (click two countries to compare)\"/>",
                r + 2,
                escape_html(&node.country),
                escape_html(&node.country),
                node.events
            ));
        }
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(finish_svg(svg, "chart network zoomable", &format!("<g class=\"hits\">{hits}</g>")))
}
