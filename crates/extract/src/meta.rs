//! HTML metadata: title, publication date, authors, site name, URLs, language, read
//! from `<meta>` tags, JSON-LD, `<time>`, `<link rel=canonical>`, the headline and
//! the URL, in that order of trust for each field.

use crate::dates::DatePatterns;
use dyad_doc::Metadata;
use serde_json::Value;
use trafilatura::dom::{Document as Dom, NodeId};

/// Meta tag names (`name`, `property` or `itemprop`) that carry the publication time.
const PUBLISHED_KEYS: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "datepublished",
    "publishdate",
    "publish-date",
    "publish_date",
    "pubdate",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "dcterms.date",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "article_date_original",
    "citation_publication_date",
    "originalpublicationdate",
    "og:article:published_time",
    "datecreated",
    "cxenseparse:recs:publishtime",
];

/// A `<time>` (or `itemprop=datePublished`) element: its machine value and its text.
struct TimeStamp {
    published: bool,
    datetime: Option<String>,
    text: Option<String>,
}

#[derive(Default)]
struct Found {
    meta_title: Option<String>,
    og_title: Option<String>,
    ld_headline: Option<String>,
    h1: Option<String>,
    doc_title: Option<String>,
    meta_date: Option<String>,
    ld_date: Option<String>,
    time_dates: Vec<TimeStamp>,
    authors: Vec<String>,
    ld_authors: Vec<String>,
    site_name: Option<String>,
    ld_publisher: Option<String>,
    og_url: Option<String>,
    canonical: Option<String>,
    lang: Option<String>,
}

pub(crate) fn html_metadata(dom: &Dom, url_hint: Option<&str>, dates: &DatePatterns) -> Metadata {
    let mut f = Found::default();
    let nodes = dom.query_selector_all(
        dom.root(),
        "html, title, meta, link[rel], script[type], time, h1, [itemprop=datePublished]",
    );
    for id in nodes {
        match dom.tag_name(id) {
            "html" => f.lang = f.lang.take().or_else(|| attr(dom, id, "lang")),
            "title" => f.doc_title = f.doc_title.take().or_else(|| text(dom, id)),
            "meta" => read_meta(dom, id, &mut f),
            "link" => {
                let rel = attr(dom, id, "rel").unwrap_or_default().to_lowercase();
                if rel.split_whitespace().any(|r| r == "canonical") && f.canonical.is_none() {
                    f.canonical = attr(dom, id, "href");
                }
            }
            "script" => {
                if attr(dom, id, "type").is_some_and(|t| t.eq_ignore_ascii_case("application/ld+json")) {
                    if let Ok(v) = serde_json::from_str::<Value>(dom.text_content(id).trim()) {
                        read_json_ld(&v, &mut f, 0);
                    }
                }
            }
            "time" => {
                let published = attr(dom, id, "itemprop").is_some_and(|p| p.eq_ignore_ascii_case("datepublished"))
                    || attr(dom, id, "class").is_some_and(|c| c.to_lowercase().contains("pub"))
                    || attr(dom, id, "pubdate").is_some();
                f.time_dates.push(TimeStamp { published, datetime: attr(dom, id, "datetime"), text: text(dom, id) });
            }
            "h1" => {
                if f.h1.is_none() {
                    f.h1 = text(dom, id).filter(|t| t.split_whitespace().count() >= 2);
                }
            }
            _ => {
                // Any other element marked up as the publication date.
                f.time_dates.push(TimeStamp {
                    published: true,
                    datetime: attr(dom, id, "content"),
                    text: text(dom, id),
                });
            }
        }
    }

    let mut meta = Metadata { title: choose_title(&f), ..Default::default() };
    let url = f.og_url.clone().or_else(|| url_hint.map(str::to_string));
    let machine = machine_date(&f, url.as_deref(), dates);
    let visible = visible_date(dom, &f, meta.title.as_deref(), dates);
    // Machine stamps are often UTC instants, a day off the local date the page shows;
    // the visible date wins when they are that close. Far apart, the visible one is
    // more likely an "updated" line, and the stamp wins.
    let chosen = match (machine, visible) {
        (Some(m), Some(v)) if (m.0 - v.0).num_days().abs() <= 1 => Some(v),
        (Some(m), _) => Some(m),
        (None, v) => v,
    };
    if let Some((d, basis)) = chosen {
        meta.published = Some(d);
        meta.published_basis = Some(basis.into());
    }
    meta.authors = if f.authors.is_empty() { f.ld_authors } else { f.authors };
    meta.authors.retain(|a| !a.is_empty() && !a.starts_with("http") && a.chars().count() < 80);
    meta.authors.dedup();
    meta.site_name = f.site_name.or(f.ld_publisher);
    meta.url = url;
    meta.canonical_url = f.canonical;
    meta.language = f.lang.and_then(|l| {
        let code: String = l.trim().chars().take_while(|c| c.is_ascii_alphabetic()).collect::<String>().to_lowercase();
        (code.len() == 2 || code.len() == 3).then_some(code)
    });
    meta
}

type Dated = (chrono::NaiveDate, &'static str);

/// The publication date the page's markup states: meta tags, JSON-LD, `<time datetime>`,
/// then a date in the URL.
fn machine_date(f: &Found, url: Option<&str>, dates: &DatePatterns) -> Option<Dated> {
    if let Some(d) = f.meta_date.as_deref().and_then(|s| dates.find(s)) {
        return Some((d.0, "meta"));
    }
    if let Some(d) = f.ld_date.as_deref().and_then(|s| dates.find(s)) {
        return Some((d.0, "json-ld"));
    }
    if let Some(d) =
        time_dates_published_first(f).filter_map(|t| t.datetime.as_deref().and_then(|s| dates.find(s))).next()
    {
        return Some((d.0, "time"));
    }
    [f.canonical.as_deref(), url].into_iter().flatten().find_map(|u| dates.in_url(u)).map(|d| (d, "url"))
}

/// `<time>` elements, those marked as the publication time first.
fn time_dates_published_first(f: &Found) -> impl Iterator<Item = &TimeStamp> {
    f.time_dates.iter().filter(|t| t.published).chain(f.time_dates.iter().filter(|t| !t.published))
}

/// The date a reader sees: the text of a `<time>` element, else a dateline within the
/// few words after the headline.
fn visible_date(dom: &Dom, f: &Found, title: Option<&str>, dates: &DatePatterns) -> Option<Dated> {
    if let Some(d) = time_dates_published_first(f).filter_map(|t| t.text.as_deref().and_then(|s| dates.find(s))).next()
    {
        return Some((d.0, "time"));
    }
    let title = title?;
    let body = dom.body()?;
    let mut text = String::new();
    visible_text(dom, body, &mut text, 0);
    let text = crate::clean::normalise_space(&text);
    let needle = crate::clean::normalise_space(title);
    if needle.is_empty() {
        return None;
    }
    for (at, _) in text.match_indices(needle.as_str()).take(3) {
        let after = &text[at + needle.len()..];
        let window: String = after.chars().take(DATELINE_WINDOW).collect();
        if let Some((d, _, _)) = dates.find(&window) {
            return Some((d, "text"));
        }
    }
    None
}

/// Characters after the headline searched for its dateline (byline, date, time).
const DATELINE_WINDOW: usize = 240;

/// Text of the page outside scripts and styles, with element boundaries as spaces.
fn visible_text(dom: &Dom, id: NodeId, out: &mut String, depth: usize) {
    if depth > 200 || out.len() > 2_000_000 {
        return;
    }
    for child in dom.child_nodes(id) {
        if dom.is_text(child) {
            out.push_str(&dom.text_content(child));
        } else if dom.is_element(child) {
            if matches!(dom.tag_name(child), "script" | "style" | "noscript" | "template" | "svg") {
                continue;
            }
            out.push(' ');
            visible_text(dom, child, out, depth + 1);
            out.push(' ');
        }
    }
}

fn attr(dom: &Dom, id: NodeId, name: &str) -> Option<String> {
    dom.get_attribute(id, name).map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
}

fn text(dom: &Dom, id: NodeId) -> Option<String> {
    let t = crate::clean::normalise_space(&dom.text_content(id));
    (!t.is_empty()).then_some(t)
}

fn read_meta(dom: &Dom, id: NodeId, f: &mut Found) {
    let key = attr(dom, id, "property")
        .or_else(|| attr(dom, id, "name"))
        .or_else(|| attr(dom, id, "itemprop"))
        .or_else(|| attr(dom, id, "http-equiv"))
        .unwrap_or_default()
        .to_lowercase();
    let Some(content) = attr(dom, id, "content") else {
        return;
    };
    let content = crate::clean::normalise_space(&content);
    match key.as_str() {
        "og:title" => set(&mut f.og_title, content),
        "twitter:title" | "title" | "dc.title" | "headline" => set(&mut f.meta_title, content),
        "og:site_name" | "application-name" => set(&mut f.site_name, content),
        "og:url" => set(&mut f.og_url, content),
        "author" | "article:author" | "dc.creator" | "parsely-author" | "sailthru.author" | "byl" => {
            let name = content.trim_start_matches("By ").trim_start_matches("by ").to_string();
            for part in name.split([',', ';']).map(str::trim).filter(|p| !p.is_empty()) {
                f.authors.push(part.to_string());
            }
        }
        "content-language" | "language" | "og:locale" | "dc.language" => set(&mut f.lang, content),
        k if PUBLISHED_KEYS.contains(&k) => set(&mut f.meta_date, content),
        _ => {}
    }
}

fn set(slot: &mut Option<String>, v: String) {
    if slot.is_none() && !v.is_empty() {
        *slot = Some(v);
    }
}

/// Walk a JSON-LD value for the article's headline, date, authors and publisher.
fn read_json_ld(v: &Value, f: &mut Found, depth: usize) {
    if depth > 8 {
        return;
    }
    match v {
        Value::Array(items) => items.iter().for_each(|i| read_json_ld(i, f, depth + 1)),
        Value::Object(map) => {
            if let Some(Value::String(h)) = map.get("headline") {
                set(&mut f.ld_headline, crate::clean::normalise_space(h));
            }
            if let Some(Value::String(d)) = map.get("datePublished") {
                set(&mut f.ld_date, d.clone());
            }
            if let Some(a) = map.get("author") {
                collect_names(a, &mut f.ld_authors);
            }
            if let Some(Value::Object(p)) = map.get("publisher") {
                if let Some(Value::String(n)) = p.get("name") {
                    set(&mut f.ld_publisher, n.trim().to_string());
                }
            }
            if let Some(g) = map.get("@graph") {
                read_json_ld(g, f, depth + 1);
            }
            if let Some(e) = map.get("mainEntity") {
                read_json_ld(e, f, depth + 1);
            }
        }
        _ => {}
    }
}

fn collect_names(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.trim().to_string()),
        Value::Array(items) => items.iter().for_each(|i| collect_names(i, out)),
        Value::Object(m) => {
            if let Some(Value::String(n)) = m.get("name") {
                out.push(n.trim().to_string());
            }
        }
        _ => {}
    }
}

/// The headline: what the page states as its title, preferring the visible `<h1>` when
/// it agrees with the declared titles, and stripping a " | Site" suffix from `<title>`.
fn choose_title(f: &Found) -> Option<String> {
    let declared = f.og_title.clone().or_else(|| f.ld_headline.clone()).or_else(|| f.meta_title.clone());
    if let (Some(h1), Some(d)) = (&f.h1, &declared) {
        if key(d).contains(&key(h1)) || key(h1).contains(&key(d)) {
            return Some(h1.clone());
        }
    }
    if let Some(d) = declared {
        return Some(strip_site_suffix(&d, f.site_name.as_deref()));
    }
    if let Some(t) = &f.doc_title {
        let t = strip_site_suffix(t, f.site_name.as_deref());
        if let Some(h1) = &f.h1 {
            if key(&t).contains(&key(h1)) || key(h1).contains(&key(&t)) {
                return Some(h1.clone());
            }
        }
        return Some(t);
    }
    f.h1.clone()
}

fn key(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// "Headline | Site" and "Headline - Site": keep the headline (the longest part).
pub(crate) fn strip_site_suffix(title: &str, site: Option<&str>) -> String {
    for sep in [" | ", " – ", " — ", " - ", " :: ", " · "] {
        if title.contains(sep) {
            let parts: Vec<&str> = title.split(sep).map(str::trim).filter(|p| !p.is_empty()).collect();
            if let Some(site) = site {
                let kept: Vec<&str> = parts.iter().copied().filter(|p| key(p) != key(site)).collect();
                if kept.len() == 1 {
                    return kept[0].to_string();
                }
            }
            // "Site | Headline" either way round; dashes only as "Headline - Site".
            let candidate = if sep == " | " || sep == " :: " {
                parts.iter().max_by_key(|p| p.chars().count()).copied()
            } else {
                parts.first().copied()
            };
            if let Some(kept) = candidate {
                // Only when the rest looks like a site label, not half the headline.
                let rest: usize = parts.iter().filter(|p| **p != kept).map(|p| p.split_whitespace().count()).sum();
                let last_short = parts.last().is_some_and(|p| p.split_whitespace().count() <= 4);
                if rest <= 4 && (sep == " | " || sep == " :: " || last_short) && kept.split_whitespace().count() >= rest
                {
                    return kept.to_string();
                }
            }
        }
    }
    title.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn meta_of(html: &str) -> Metadata {
        html_metadata(&Dom::parse(html), None, &DatePatterns::new())
    }

    #[test]
    fn meta_tags_and_json_ld() {
        let m = meta_of(
            r#"<html lang="en-GB"><head><title>Talks resume | Daily Wire Service</title>
            <meta property="og:site_name" content="Daily Wire Service">
            <meta property="article:published_time" content="2025-03-04T09:00:00Z">
            <meta name="author" content="Ana Ruiz, Tom Berg">
            <link rel="canonical" href="https://example.org/world/talks-resume">
            <script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2025-03-05","publisher":{"name":"DWS"}}</script>
            </head><body><h1>Talks resume</h1></body></html>"#,
        );
        assert_eq!(m.title.as_deref(), Some("Talks resume"));
        assert_eq!(m.published, NaiveDate::from_ymd_opt(2025, 3, 4));
        assert_eq!(m.published_basis.as_deref(), Some("meta"));
        assert_eq!(m.authors, vec!["Ana Ruiz", "Tom Berg"]);
        assert_eq!(m.site_name.as_deref(), Some("Daily Wire Service"));
        assert_eq!(m.canonical_url.as_deref(), Some("https://example.org/world/talks-resume"));
        assert_eq!(m.language.as_deref(), Some("en"));
    }

    #[test]
    fn json_ld_graph_then_time_then_url() {
        let m = meta_of(
            r#"<script type="application/ld+json">{"@graph":[{"@type":"WebPage"},{"@type":"Article","headline":"A","datePublished":"2024-12-01T10:00:00+01:00","author":[{"name":"Li Wei"}]}]}</script>"#,
        );
        assert_eq!(m.published, NaiveDate::from_ymd_opt(2024, 12, 1));
        assert_eq!(m.published_basis.as_deref(), Some("json-ld"));
        assert_eq!(m.authors, vec!["Li Wei"]);
        let m = meta_of(r#"<body><h1>Summit ends</h1><time datetime="2025-06-02">2 June</time></body>"#);
        assert_eq!(m.published_basis.as_deref(), Some("time"));
        let m = meta_of(r#"<head><link rel="canonical" href="https://x.org/2025/01/09/story"></head>"#);
        assert_eq!(m.published, NaiveDate::from_ymd_opt(2025, 1, 9));
        assert_eq!(m.published_basis.as_deref(), Some("url"));
    }

    #[test]
    fn site_suffix() {
        assert_eq!(strip_site_suffix("Ceasefire holds - The Post", None), "Ceasefire holds");
        assert_eq!(strip_site_suffix("Ministers meet | Wire", Some("Wire")), "Ministers meet");
        assert_eq!(
            strip_site_suffix("Left - right divide deepens in parliament over budget", None),
            "Left - right divide deepens in parliament over budget"
        );
    }
}
