//! The map of events: country shapes from the `world-data` crate (Natural Earth polygons,
//! bundled in the binary, nothing fetched), projected equirectangularly and thinned to
//! the map's resolution once, with a marker per place events happened at.

use crate::charts::index_color;
use crate::text::escape_html;
use dyad_relations::browse::PlaceCount;
use std::fmt::Write;

const WIDTH: f64 = 1000.0;
/// The map shows latitudes from 84° N to 58° S (Antarctica and the Arctic Ocean add nothing).
const NORTH: f64 = 84.0;
const SOUTH: f64 = -58.0;
const HEIGHT: f64 = WIDTH * (NORTH - SOUTH) / 360.0;
/// Points closer than this (in map units) to the last kept one are dropped.
const RESOLUTION: f64 = 0.7;

fn project(lon: f64, lat: f64) -> (f64, f64) {
    let x = (lon + 180.0) / 360.0 * WIDTH;
    let y = (NORTH - lat.clamp(SOUTH - 10.0, NORTH + 10.0)) / (NORTH - SOUTH) * HEIGHT;
    (x, y)
}

/// One SVG path per country, keyed by ISO alpha-3 code, thinned to the map's resolution.
pub(crate) fn country_paths() -> Vec<(String, String)> {
    let world = world_data::load();
    let mut out: Vec<(String, String)> = Vec::with_capacity(world.countries.len());
    for country in world.countries.values() {
        let mut d = String::new();
        for polygon in &country.polygons {
            let rings = std::iter::once(polygon.exterior()).chain(polygon.interiors().iter());
            for ring in rings {
                ring_path(ring.coords().map(|c| (f64::from(c.x), f64::from(c.y))), &mut d);
            }
        }
        if !d.is_empty() {
            out.push((country.iso_a3.clone(), d));
        }
    }
    out.sort();
    out
}

/// Appends `M x y L … Z` for a ring of (lon, lat) points, or nothing for a ring smaller
/// than the resolution.
fn ring_path(points: impl Iterator<Item = (f64, f64)>, d: &mut String) {
    let mut kept: Vec<(f64, f64)> = Vec::new();
    for (lon, lat) in points {
        let p = project(lon, lat);
        if kept.last().is_none_or(|q| (p.0 - q.0).abs() + (p.1 - q.1).abs() >= RESOLUTION) {
            kept.push(p);
        }
    }
    if kept.len() < 3 {
        return;
    }
    for (i, (x, y)) in kept.iter().enumerate() {
        let _ = write!(d, "{}{x:.1} {y:.1}", if i == 0 { "M" } else { "L" });
    }
    d.push('Z');
}

/// The map with a marker per place (area by events, colour by mean Goldstein).
pub(crate) fn map_svg(countries: &[(String, String)], places: &[PlaceCount]) -> String {
    let mut svg = format!(
        "<svg class=\"chart map zoomable\" viewBox=\"0 0 {WIDTH} {HEIGHT:.0}\" role=\"img\" \
         aria-label=\"Map of {} places with events\" preserveAspectRatio=\"xMidYMid meet\">\
         <rect class=\"sea\" width=\"{WIDTH}\" height=\"{HEIGHT:.0}\"/><g class=\"land\">",
        places.len()
    );
    let active: std::collections::HashSet<&str> = places.iter().filter_map(|p| p.country.as_deref()).collect();
    for (code, d) in countries {
        let class = if active.contains(code.as_str()) { " class=\"active\"" } else { "" };
        let _ = write!(svg, "<path{class} data-country=\"{}\" d=\"{d}\"/>", escape_html(code));
    }
    svg.push_str("</g><g class=\"markers\">");
    let max = places.iter().map(|p| p.events).max().unwrap_or(1).max(1) as f64;
    // Small places last, so they stay clickable on top of big ones.
    let mut ordered: Vec<&PlaceCount> = places.iter().collect();
    ordered.sort_by_key(|p| std::cmp::Reverse(p.events));
    for p in ordered {
        let (x, y) = project(p.lon, p.lat);
        let r = 3.0 + 11.0 * (p.events as f64 / max).sqrt();
        let colour = index_color(p.goldstein_mean / 10.0);
        let tip = format!(
            "{}{}: {} event{} · mean Goldstein {:+.1}",
            p.name,
            p.country.as_deref().map(|c| format!(" ({c})")).unwrap_or_default(),
            p.events,
            if p.events == 1 { "" } else { "s" },
            p.goldstein_mean
        );
        let _ = write!(
            svg,
            "<circle class=\"marker hit\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r:.1}\" \
             fill=\"rgb({},{},{})\" data-tip=\"{}\"/>",
            colour.0,
            colour.1,
            colour.2,
            escape_html(&tip)
        );
    }
    svg.push_str("</g></svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn projection_and_thinning() {
        assert_eq!(project(-180.0, NORTH), (0.0, 0.0));
        let (x, y) = project(180.0, SOUTH);
        assert!((x - WIDTH).abs() < 1e-9 && (y - HEIGHT).abs() < 1e-9);
        let mut d = String::new();
        ring_path([(0.0, 0.0), (0.01, 0.0), (10.0, 0.0), (10.0, 10.0)].into_iter(), &mut d);
        assert_eq!(d.matches('L').count(), 2, "the point closer than the resolution is dropped: {d}");
        let mut tiny = String::new();
        ring_path([(0.0, 0.0), (0.01, 0.01), (0.02, 0.0)].into_iter(), &mut tiny);
        assert!(tiny.is_empty());
    }

    #[test]
    fn the_world_is_drawn_with_markers() {
        let countries = country_paths();
        assert!(countries.len() > 150, "{} countries", countries.len());
        assert!(countries.iter().any(|(c, _)| c == "UKR"));
        let odesa = PlaceCount {
            name: "Odesa".into(),
            country: Some("UKR".into()),
            lat: 46.48,
            lon: 30.73,
            events: 3,
            goldstein_mean: -9.0,
        };
        let svg = map_svg(&countries, &[odesa]);
        assert_eq!(svg.matches("class=\"marker hit\"").count(), 1);
        assert!(svg.contains("Odesa (UKR): 3 events"));
        assert!(svg.contains("class=\"active\" data-country=\"UKR\""));
        assert!(svg.len() < 1_500_000, "the base map is thinned: {} bytes", svg.len());
    }
}
