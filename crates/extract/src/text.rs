//! Plain text as copied from a news page: the article is found as the run of prose
//! lines, the headline and dateline are read from the lines before it, page clutter
//! (cookie notices, icon labels, share counters, app and newsletter promos, bylines) is
//! dropped, and a "Related articles" list after it is split into its own documents.

use crate::clean::{is_boilerplate_line, normalise_space};
use crate::dates::DatePatterns;
use chrono::NaiveDate;
use dyad_doc::{Metadata, Source};

/// Words a line made only of interface labels is built from ("More information . Close").
const UI_WORDS: &[&str] = &[
    "more",
    "information",
    "info",
    "close",
    "accept",
    "all",
    "reject",
    "ok",
    "okay",
    "got",
    "it",
    "agree",
    "i",
    "manage",
    "settings",
    "preferences",
    "cookies",
    "cookie",
    "learn",
    "decline",
    "continue",
    "dismiss",
    "x",
    "×",
    "menu",
    "search",
    "login",
    "log",
    "in",
    "sign",
    "up",
    "subscribe",
    "share",
    "logo",
    "home",
    "open",
    "toggle",
    "navigation",
    "back",
    "next",
    "previous",
    "prev",
    "skip",
    "to",
    "content",
    "main",
    "print",
    "email",
    "copy",
    "link",
    "save",
    "yes",
    "no",
    "thanks",
    "thank",
    "you",
    "allow",
    "deny",
    "options",
    "customize",
    "customise",
];

/// Section labels that start a list of other articles worth keeping as documents.
const RELATED_STARTS: &[&str] = &[
    "related",
    "related articles",
    "related stories",
    "related posts",
    "related news",
    "related content",
    "related coverage",
    "more from",
    "more stories",
    "more news",
    "read more",
    "read next",
    "recommended",
    "recommended for you",
    "recommended stories",
    "you may also like",
    "you might also like",
    "more on this topic",
    "see also",
    "also read",
];

/// Other section labels after which the article is over (a related list ends it too).
const OTHER_SECTION_ENDS: &[&str] = &[
    "most read",
    "most popular",
    "trending",
    "trending now",
    "top stories",
    "latest news",
    "latest stories",
    "comments",
    "leave a comment",
    "leave a reply",
    "join the conversation",
    "popular",
    "editor's picks",
    "don't miss",
];

/// Phrases that make a very short line (up to 8 words) page furniture.
const PROMO_SHORT: &[&str] = &[
    "background",
    "advertisement",
    "ai features",
    "try our",
    "explore what",
    "get started",
    "sign in",
    "our app",
    "image",
    "photo",
    "video",
    "watch live",
    "listen",
];

/// Phrases of promotional and account clutter, matched in lines up to 30 words.
const PROMO: &[&str] = &[
    "download the app",
    "download our app",
    "get the app",
    "app store",
    "app-store",
    "play store",
    "play-store",
    "google play",
    "log in to",
    "create an account",
    "create a free account",
    "register now",
    "turn on notifications",
    "enable notifications",
    "install the app",
    "download our",
    "no comments yet",
    "be the first to comment",
    "add a comment",
    "the views expressed in this article",
    "views expressed are the author",
    "read the original article",
    "originally published",
    "this story was originally",
    "use cookies",
    "cookie settings",
    "cookie policy",
    "we value your privacy",
    "sponsored content",
];

fn lower_words(line: &str) -> Vec<String> {
    line.split(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | '|' | '·' | '•' | '/' | ':' | '-'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn word_count(line: &str) -> usize {
    line.split_whitespace().count()
}

fn ends_sentence(line: &str) -> bool {
    let t = line.trim_end_matches(['"', '\'', '”', '’', ')', '»']);
    t.ends_with(['.', '!', '?', '…'])
}

/// A line that reads as article prose.
fn is_prose(line: &str) -> bool {
    let w = word_count(line);
    (w >= 15 && ends_sentence(line)) || w >= 30
}

/// A counter line: share/comment/like counts ("31 0", "92").
fn is_counter(line: &str) -> bool {
    line.split_whitespace().all(|w| w.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | 'k' | 'K' | 'M')))
        && line.chars().any(|c| c.is_ascii_digit())
}

/// A line of interface labels: icon ligature names ("menu_open Columnists"), a lone
/// "logo", "More information . Close".
fn is_ui_line(line: &str) -> bool {
    let words = lower_words(line);
    if words.is_empty() {
        return true;
    }
    if words.len() <= 4 {
        // Icon fonts put their ligature names (snake_case) in the copied text.
        let first = line.split_whitespace().next().unwrap_or("");
        if first.contains('_') && first.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
            return true;
        }
    }
    words.len() <= 6 && words.iter().all(|w| UI_WORDS.contains(&w.as_str()))
}

fn is_promo(line: &str) -> bool {
    let l = line.to_lowercase();
    let w = word_count(line);
    (w <= 8 && PROMO_SHORT.iter().any(|p| l.contains(p))) || (w <= 30 && PROMO.iter().any(|p| l.contains(p)))
}

/// A short label in capitals ("DOWNLOAD THE APP", "BREAKING").
fn is_shouting_label(line: &str) -> bool {
    let letters: Vec<char> = line.chars().filter(|c| c.is_alphabetic()).collect();
    word_count(line) <= 6 && letters.len() >= 3 && letters.iter().all(|c| c.is_uppercase())
}

fn label_key(line: &str) -> String {
    lower_words(line).join(" ")
}

fn is_section_end(line: &str) -> bool {
    word_count(line) <= 5 && {
        let key = label_key(line);
        RELATED_STARTS.contains(&key.as_str()) || OTHER_SECTION_ENDS.contains(&key.as_str())
    }
}

fn is_related_start(line: &str) -> bool {
    word_count(line) <= 5 && RELATED_STARTS.contains(&label_key(line).as_str())
}

/// Clutter anywhere in a pasted page.
fn is_clutter(line: &str) -> bool {
    is_counter(line) || is_ui_line(line) || is_promo(line) || is_boilerplate_line(line) || is_shouting_label(line)
}

/// "Written by Claire Liu", "By Ana Ruiz": a byline, returning the author.
fn byline(line: &str) -> Option<String> {
    let w = word_count(line);
    if !(2..=7).contains(&w) || ends_sentence(line) {
        return None;
    }
    let lower = line.to_lowercase();
    let rest = ["written by ", "by ", "words by ", "reporting by ", "author: "]
        .iter()
        .find_map(|p| lower.starts_with(p).then(|| &line[p.len()..]))?;
    let name = rest.trim();
    name.split_whitespace().all(|w| w.starts_with(|c: char| c.is_uppercase())).then(|| name.to_string())
}

fn same(a: &str, b: &str) -> bool {
    let k = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect::<String>();
    k(a) == k(b)
}

/// A headline candidate: a title-length line that is not a sentence of prose.
fn is_headline_like(line: &str) -> bool {
    let w = word_count(line);
    (3..=30).contains(&w) && !line.trim_end().ends_with('.') && !is_clutter(line) && !is_prose(line)
}

/// The reference day for relative stamps ("2 days ago"): a retrieval time the input or
/// the command line states. Never the clock or a file's time.
fn reference_day(source: &Source, opts: &crate::ExtractOptions) -> Option<NaiveDate> {
    opts.retrieved.or_else(|| source.fetched.map(|t| t.date_naive()))
}

/// A date stated in a line: absolute ("28.04.2025") as `text`, relative ("2 days ago")
/// as `relative` when a reference day is known.
fn line_date(line: &str, dates: &DatePatterns, reference: Option<NaiveDate>) -> Option<(NaiveDate, &'static str)> {
    dateline(line, dates, reference).and_then(|(d, basis, _)| Some((d?, basis)))
}

/// A dateline's date, basis, and the label before the date ("Al Jazeera2 days ago").
/// A relative stamp with no reference day is still a dateline, with no date.
fn dateline<'a>(
    line: &'a str,
    dates: &DatePatterns,
    reference: Option<NaiveDate>,
) -> Option<(Option<NaiveDate>, &'static str, &'a str)> {
    if word_count(line) > 12 {
        return None;
    }
    if let Some((d, start, _)) = dates.find(line) {
        return Some((Some(d), "text", line.get(..start).unwrap_or("")));
    }
    // Any day finds the span; only a real reference gives the date.
    let probe = reference.unwrap_or_default();
    dates
        .find_relative(line, probe)
        .map(|(d, start, _)| (reference.map(|_| d), "relative", line.get(..start).unwrap_or("")))
}

/// The site name a dateline starts with: "Al Jazeera" in "Al Jazeera2 days ago",
/// "Straits Digest" in "Straits Digest | 27 October 2025".
fn dateline_site(label: &str) -> Option<String> {
    let label = label.trim().trim_end_matches(|c: char| !c.is_alphanumeric()).trim();
    let lower = label.to_lowercase();
    let words = word_count(label);
    let is_name = (1..=4).contains(&words)
        && label.starts_with(|c: char| c.is_uppercase())
        && !["published", "updated", "posted", "on", "date", "by"].iter().any(|w| lower.starts_with(w))
        && !label.chars().any(|c| c.is_ascii_digit());
    is_name.then(|| label.to_string())
}

/// A date-stamp line to drop: it states a date and little else.
fn is_date_line(line: &str, dates: &DatePatterns) -> bool {
    if word_count(line) > 8 {
        return false;
    }
    dates.find(line).is_some() || dates.has_relative(line)
}

pub(crate) fn extract_text(
    source: &Source,
    opts: &crate::ExtractOptions,
    dates: &DatePatterns,
) -> Vec<(String, Metadata, String)> {
    let lines: Vec<String> = source.body.lines().map(normalise_space).filter(|l| !l.is_empty()).collect();
    let reference = reference_day(source, opts);

    // The article ends at the first section label ("Related Articles", "Comments").
    let first_prose = lines.iter().position(|l| is_prose(l) && !is_clutter(l));
    let Some(start) = first_prose else {
        // No prose at all: keep whatever is not clutter (short notes, wire briefs).
        let text: Vec<&str> = lines.iter().map(String::as_str).filter(|l| !is_clutter(l)).collect();
        return vec![(source.id.clone(), Metadata::default(), text.join("\n\n"))];
    };
    let section_end = lines[start..].iter().position(|l| is_section_end(l)).map_or(lines.len(), |i| start + i);
    let last_prose =
        lines[start..section_end].iter().rposition(|l| is_prose(l) && !is_clutter(l)).map_or(start, |i| start + i);
    // Short closing sentences right after the last long paragraph still belong to it.
    let mut end = last_prose + 1;
    while end < section_end {
        let l = &lines[end];
        if word_count(l) >= 4 && ends_sentence(l) && !is_clutter(l) {
            end += 1;
        } else {
            break;
        }
    }

    let mut meta = Metadata::default();
    // Headline: a repeated title-like line before the body, else the last one.
    let head = &lines[..start];
    let candidates: Vec<&String> =
        head.iter().filter(|l| is_headline_like(l) && byline(l).is_none() && !is_date_line(l, dates)).collect();
    let repeated = candidates.iter().find(|c| head.iter().filter(|l| same(l, c)).count() >= 2);
    meta.title = repeated.or(candidates.last()).map(|s| s.to_string());
    // Dateline: the first date stated before the body, or in a short line after it.
    if let Some((d, basis, label)) = head.iter().find_map(|l| dateline(l, dates, reference)) {
        if let Some(d) = d {
            meta.published = Some(d);
            meta.published_basis = Some(basis.into());
        }
        meta.site_name = dateline_site(label);
    }
    for l in lines.iter().take(section_end) {
        if let Some(a) = byline(l) {
            meta.authors.push(a);
        }
    }

    let title = meta.title.clone();
    let body: Vec<&str> = lines[start..end]
        .iter()
        .map(String::as_str)
        .filter(|l| !is_clutter(l) && byline(l).is_none() && !title.as_deref().is_some_and(|t| same(t, l)))
        .collect();
    let mut out = vec![(source.id.clone(), meta, body.join("\n\n"))];

    if let Some(rel) = lines[section_end..].iter().position(|l| is_related_start(l)).map(|i| section_end + i) {
        let base = related_base_id(&source.id);
        for (n, (meta, text)) in related_items(&lines[rel + 1..], dates, reference).into_iter().enumerate() {
            out.push((format!("{base}#related-{}", n + 1), meta, text));
        }
    }
    out
}

/// `003_x.txt` → `003_x`: the base of related-item ids.
fn related_base_id(id: &str) -> &str {
    let id = id.strip_suffix(".gz").unwrap_or(id);
    id.strip_suffix(".txt").or_else(|| id.strip_suffix(".text")).unwrap_or(id)
}

/// Split a related-articles list into items: each opens with a headline (often repeated),
/// carries source and time labels, and has a teaser paragraph. Items without prose go.
fn related_items(lines: &[String], dates: &DatePatterns, reference: Option<NaiveDate>) -> Vec<(Metadata, String)> {
    // Labels repeated across the list (the source name) are not headlines.
    let repeated_label = |l: &str| {
        let key = label_key(l);
        word_count(l) <= 4
            && lines.iter().filter(|x| label_key(x) == key).count() >= 2
            && !ends_sentence(l)
            && lines.iter().filter(|x| same(x, l)).count() != 2
    };
    let mut items: Vec<(Metadata, Vec<String>)> = Vec::new();
    let mut open = false;
    for line in lines {
        let l = line.trim_start_matches(['•', '·', '-', '*', '–']).trim();
        if l.is_empty() || is_clutter(l) || is_section_end(l) {
            if is_shouting_label(l) || is_section_end(l) {
                // A new page section ("DOWNLOAD THE APP", "Comments") closes the list.
                open = false;
            }
            continue;
        }
        if let Some((d, basis)) = line_date(l, dates, reference).filter(|_| is_date_line(l, dates)) {
            if let Some(item) = items.last_mut().filter(|_| open) {
                if item.0.published.is_none() {
                    item.0.published = Some(d);
                    item.0.published_basis = Some(basis.into());
                }
            }
            continue;
        }
        if is_date_line(l, dates) || repeated_label(l) {
            continue;
        }
        if is_prose(l) || ends_sentence(l) && word_count(l) >= 8 {
            if let Some(item) = items.last_mut().filter(|_| open) {
                item.1.push(l.to_string());
            }
            continue;
        }
        if is_headline_like(l) {
            let continues = items
                .last()
                .is_some_and(|(m, body)| open && body.is_empty() && m.title.as_deref().is_some_and(|t| same(t, l)));
            if !continues {
                items.push((Metadata { title: Some(l.to_string()), ..Default::default() }, Vec::new()));
                open = true;
            }
        }
    }
    items.into_iter().filter(|(_, body)| !body.is_empty()).map(|(meta, body)| (meta, body.join("\n\n"))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ExtractOptions;

    fn src(body: &str) -> Source {
        Source {
            id: "a.txt".into(),
            origin: "a.txt".into(),
            kind: dyad_doc::SourceKind::Text,
            body: body.into(),
            hints: Metadata::default(),
            fetched: None,
        }
    }

    const P1: &str = "The foreign ministers of both countries met in Geneva on Monday and agreed to resume talks on the disputed border next month.";
    const P2: &str = "Officials said the meeting lasted four hours and ended with a joint statement promising regular contacts between the two militaries.";

    #[test]
    fn clutter_lines() {
        assert!(is_counter("31 0"));
        assert!(is_counter("1.2k"));
        assert!(is_ui_line("menu_open Columnists"));
        assert!(is_ui_line("More information . Close"));
        assert!(is_ui_line("logo"));
        assert!(!is_ui_line("Ministers meet in Oslo"));
        assert!(is_promo("Try Our AI Features"));
        assert!(is_promo("Read the original article here"));
        assert!(is_promo("We use cookies to provide some features and experiences in QOSHE"));
        assert!(is_shouting_label("DOWNLOAD THE APP"));
        assert_eq!(byline("Written by Claire Liu").as_deref(), Some("Claire Liu"));
        assert_eq!(byline("By the end of the day."), None);
        assert_eq!(dateline_site("Al Jazeera").as_deref(), Some("Al Jazeera"));
        assert_eq!(dateline_site("Straits Digest | ").as_deref(), Some("Straits Digest"));
        assert_eq!(dateline_site("Published on"), None);
    }

    #[test]
    fn headline_dateline_body() {
        let body = format!("menu_open World\nWe use cookies to improve the site\nAccept all\n\nTalks resume on border dispute\n\n12 3\n05.03.2025\n\n{P1}\n\n{P2}\n\nShort closing line here.\n\n© Example News\n");
        let out = extract_text(&src(&body), &ExtractOptions::default(), &DatePatterns::new());
        assert_eq!(out.len(), 1);
        let (_, meta, text) = &out[0];
        assert_eq!(meta.title.as_deref(), Some("Talks resume on border dispute"));
        assert_eq!(meta.published, NaiveDate::from_ymd_opt(2025, 3, 5));
        assert_eq!(meta.published_basis.as_deref(), Some("text"));
        assert_eq!(text, &format!("{P1}\n\n{P2}\n\nShort closing line here."));
    }

    #[test]
    fn related_items_become_documents() {
        let body = format!("Headline of the main story\nHeadline of the main story\nWire1 day ago\n{P1}\n{P2}\nComments\nNo comments yet...\nRelated Articles\n\
            Second story about a summit\nSecond story about a summit\nWire\ntime2 hours ago\n• Wire\nSecond story about a summit\n{P2}\n\
            Third story with no teaser\nWire\ntime5 hours ago\n• Wire\nDOWNLOAD THE APP\nDownload our app today from your preferred app store and start exploring the news of the day.\n");
        let opts = ExtractOptions { retrieved: NaiveDate::from_ymd_opt(2025, 6, 10), ..Default::default() };
        let out = extract_text(&src(&body), &opts, &DatePatterns::new());
        assert_eq!(out.len(), 2, "{out:#?}");
        assert_eq!(out[0].1.published, NaiveDate::from_ymd_opt(2025, 6, 9));
        assert_eq!(out[0].1.published_basis.as_deref(), Some("relative"));
        assert_eq!(out[0].1.site_name.as_deref(), Some("Wire"));
        assert_eq!(out[0].2, format!("{P1}\n\n{P2}"));
        assert_eq!(out[1].0, "a#related-1");
        assert_eq!(out[1].1.title.as_deref(), Some("Second story about a summit"));
        assert_eq!(out[1].1.published, NaiveDate::from_ymd_opt(2025, 6, 10));
        assert_eq!(out[1].2, P2);
    }
}
