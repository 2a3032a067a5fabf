//! Text helpers: safe full-text queries, HTML escaping, and marking evidence in text.

use dyad_relations::StoredEvent;
use serde::Serialize;

/// Turns what a person types into an FTS5 query that cannot be a syntax error: words
/// (letters and digits) become quoted terms, `"several words"` a phrase, a trailing `*` a
/// prefix search, and a bare `OR` / `NOT` between terms an operator. Anything else is
/// dropped. Unbalanced quotes, misplaced operators and queries without a word are errors
/// (the message says which).
pub fn fts_query(input: &str) -> Result<String, String> {
    if input.chars().count() > 200 {
        return Err("search text longer than 200 characters".into());
    }
    if input.matches('"').count() % 2 == 1 {
        return Err("unbalanced quote in search text".into());
    }
    let mut parts: Vec<String> = Vec::new();
    let mut last_was_operator = true; // nothing before the first term
    for (i, chunk) in input.split('"').enumerate() {
        if i % 2 == 1 {
            let words = words(chunk);
            if !words.is_empty() {
                parts.push(format!("\"{}\"", words.join(" ")));
                last_was_operator = false;
            }
            continue;
        }
        for token in chunk.split_whitespace() {
            if token == "OR" || token == "NOT" {
                if last_was_operator {
                    return Err(format!("{token} must stand between two search words"));
                }
                parts.push(token.to_string());
                last_was_operator = true;
                continue;
            }
            let prefix = token.ends_with('*');
            let token_words = words(token);
            for (k, word) in token_words.iter().enumerate() {
                let star = if prefix && k + 1 == token_words.len() { "*" } else { "" };
                parts.push(format!("\"{word}\"{star}"));
                last_was_operator = false;
            }
        }
    }
    if last_was_operator {
        if parts.is_empty() {
            return Err("search text has no word to look for".into());
        }
        return Err("search text ends with an operator".into());
    }
    Ok(parts.join(" "))
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string).collect()
}

pub(crate) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A marked stretch of article text: an actor's words or the trigger of an event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Span {
    pub start: usize,
    pub end: usize,
    /// `source`, `target` or `trigger`.
    pub kind: &'static str,
    pub event: i64,
    /// The actor code (for actors) or CAMEO code (for triggers).
    pub code: String,
}

/// Byte range of `needle` in `hay` (exact, else ASCII case-insensitive), on char boundaries.
fn find(hay: &str, needle: &str) -> Option<(usize, usize)> {
    let needle = needle.trim();
    if needle.is_empty() || needle.len() > hay.len() {
        return None;
    }
    if let Some(i) = hay.find(needle) {
        return Some((i, i + needle.len()));
    }
    let lower_hay = hay.to_ascii_lowercase();
    let lower_needle = needle.to_ascii_lowercase();
    lower_hay.find(&lower_needle).map(|i| (i, i + needle.len()))
}

/// The actor words and triggers of `events` in `text`, located inside each event's
/// sentence span; overlapping marks keep the earlier one.
pub(crate) fn event_spans(text: &str, events: &[StoredEvent]) -> Vec<Span> {
    let mut spans = Vec::new();
    for e in events {
        let (s, t) = e.event.span;
        let Some(sentence) = text.get(s..t) else { continue };
        for (kind, needle, code) in [
            ("source", e.event.source.text.as_str(), &e.event.source.code),
            ("target", e.event.target.text.as_str(), &e.event.target.code),
            ("trigger", e.event.evidence.trigger.as_str(), &e.event.cameo),
        ] {
            if let Some((a, b)) = find(sentence, needle) {
                spans.push(Span { start: s + a, end: s + b, kind, event: e.id, code: code.clone() });
            }
        }
    }
    spans.sort_by_key(|m| (m.start, m.end));
    let mut kept: Vec<Span> = Vec::new();
    for m in spans {
        if kept.last().is_none_or(|k| m.start >= k.end) {
            kept.push(m);
        }
    }
    kept
}

/// `sentence` as HTML with its source, target and trigger words marked.
pub(crate) fn highlight_sentence(e: &StoredEvent) -> String {
    let sentence = &e.event.sentence;
    let mut marks: Vec<(usize, usize, &str)> = Vec::new();
    for (kind, needle) in [
        ("source", e.event.source.text.as_str()),
        ("target", e.event.target.text.as_str()),
        ("trigger", e.event.evidence.trigger.as_str()),
    ] {
        if let Some((a, b)) = find(sentence, needle) {
            marks.push((a, b, kind));
        }
    }
    marks.sort();
    let mut out = String::new();
    let mut at = 0;
    for (a, b, kind) in marks {
        if a < at {
            continue;
        }
        out.push_str(&escape_html(sentence.get(at..a).unwrap_or("")));
        out.push_str(&format!("<mark class=\"{kind}\">{}</mark>", escape_html(sentence.get(a..b).unwrap_or(""))));
        at = b;
    }
    out.push_str(&escape_html(sentence.get(at..).unwrap_or("")));
    out
}

/// The article text as HTML: each event sentence wrapped in a `span.ev` (hover shows its
/// codes, click selects its row), actor words and triggers marked inside.
pub(crate) fn mark_article(text: &str, events: &[StoredEvent], spans: &[Span]) -> String {
    // Sentence ranges, merged where events share or overlap a sentence.
    let mut sentences: Vec<(usize, usize, Vec<&StoredEvent>)> = Vec::new();
    let mut sorted: Vec<&StoredEvent> =
        events.iter().filter(|e| text.get(e.event.span.0..e.event.span.1).is_some()).collect();
    sorted.sort_by_key(|e| e.event.span);
    for e in sorted {
        let (s, t) = e.event.span;
        match sentences.last_mut() {
            Some(last) if s < last.1 => {
                last.1 = last.1.max(t);
                last.2.push(e);
            }
            _ => sentences.push((s, t, vec![e])),
        }
    }
    let mut out = String::with_capacity(text.len() * 2);
    let mut at = 0;
    let mut inner = spans.iter().peekable();
    for (s, t, evs) in &sentences {
        out.push_str(&escape_html(text.get(at..*s).unwrap_or("")));
        let title: Vec<String> = evs
            .iter()
            .map(|e| {
                format!(
                    "{} → {}: CAMEO {} (Goldstein {:+.1})",
                    e.event.source.code, e.event.target.code, e.event.cameo, e.event.goldstein
                )
            })
            .collect();
        let ids: Vec<String> = evs.iter().map(|e| e.id.to_string()).collect();
        let conflict = evs.iter().map(|e| e.event.goldstein).sum::<f64>() < 0.0;
        out.push_str(&format!(
            "<span class=\"ev {}\" data-events=\"{}\" title=\"{}\">",
            if conflict { "conflict" } else { "coop" },
            ids.join(" "),
            escape_html(&title.join("\n"))
        ));
        let mut pos = *s;
        while let Some(m) = inner.peek() {
            if m.start >= *t {
                break;
            }
            let Some(m) = inner.next() else { break };
            if m.start < pos || m.end > *t {
                continue;
            }
            out.push_str(&escape_html(text.get(pos..m.start).unwrap_or("")));
            out.push_str(&format!(
                "<mark class=\"{}\" title=\"{} {}\">{}</mark>",
                m.kind,
                m.kind,
                escape_html(&m.code),
                escape_html(text.get(m.start..m.end).unwrap_or(""))
            ));
            pos = m.end;
        }
        out.push_str(&escape_html(text.get(pos..*t).unwrap_or("")));
        out.push_str("</span>");
        at = *t;
    }
    out.push_str(&escape_html(text.get(at..).unwrap_or("")));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fts_queries_are_always_valid_syntax() {
        assert_eq!(fts_query("ceasefire talks").unwrap(), "\"ceasefire\" \"talks\"");
        assert_eq!(fts_query("\"peace deal\" OR truce").unwrap(), "\"peace deal\" OR \"truce\"");
        assert_eq!(fts_query("sanction*").unwrap(), "\"sanction\"*");
        assert!(fts_query("' OR 1=1 --").is_err());
        assert_eq!(fts_query("x' OR 1=1 --").unwrap(), "\"x\" OR \"1\" \"1\"");
        assert!(fts_query("\"unbalanced").is_err());
        assert!(fts_query("OR peace").is_err());
        assert!(fts_query("peace NOT").is_err());
        assert!(fts_query("*** ---").is_err());
        assert!(fts_query("").is_err());
    }

    #[test]
    fn html_is_escaped() {
        assert_eq!(escape_html("<a href='x'>&</a>"), "&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;");
    }
}

/// A title for a document that may have none: its own title, else its file name read as
/// words (`02-sahel-sanctions.txt` → "Sahel sanctions"), else the start of `text` (the
/// article, or a snippet), cut at a word near 80 characters.
pub(crate) fn display_title(title: Option<&str>, doc_id: &str, text: &str) -> String {
    if let Some(t) = title.map(str::trim).filter(|t| !t.is_empty()) {
        return t.to_string();
    }
    if let Some(name) = title_from_file_name(doc_id) {
        return name;
    }
    let clean: String = text.chars().filter(|c| !matches!(c, '\u{2}' | '\u{3}')).collect();
    let first = clean.lines().map(str::trim).find(|l| l.chars().count() >= 20).unwrap_or(clean.trim());
    if first.is_empty() {
        return doc_id.to_string();
    }
    if first.chars().count() <= 80 {
        return first.to_string();
    }
    let cut: String = first.chars().take(80).collect();
    let at_word = cut.rfind(' ').filter(|&i| i > 40).map_or(cut.as_str(), |i| &cut[..i]);
    format!("{}…", at_word.trim_end_matches([',', ';', ':']))
}

fn title_from_file_name(doc_id: &str) -> Option<String> {
    if doc_id.contains(':') {
        return None; // a record id (urn:uuid:…), not a file name
    }
    let name = doc_id.rsplit(['/', '\\']).next().unwrap_or(doc_id);
    let stem = name.split('.').next().unwrap_or(name);
    let words: Vec<&str> =
        stem.split(['-', '_', ' ']).filter(|w| !w.is_empty() && !w.bytes().all(|b| b.is_ascii_digit())).collect();
    if words.len() < 2 || !words.iter().all(|w| w.chars().all(char::is_alphanumeric)) {
        return None;
    }
    let mut text = words.join(" ");
    if let Some(first) = text.get(..1) {
        text = first.to_uppercase() + &text[1..];
    }
    Some(text)
}

#[cfg(test)]
mod title_tests {
    use super::display_title;

    #[test]
    fn untitled_documents_get_a_readable_title() {
        assert_eq!(display_title(Some(" Talks "), "x.txt", ""), "Talks");
        assert_eq!(display_title(None, "02-sahel-sanctions.txt", ""), "Sahel sanctions");
        assert_eq!(display_title(Some(""), "dir/black_sea_strikes.html.gz", ""), "Black sea strikes");
        let text = "short\nThe foreign ministers of the two countries met in Geneva on Monday to resume the talks on the border commission.";
        let t = display_title(None, "urn:uuid:1", text);
        assert!(t.starts_with("The foreign ministers") && t.ends_with('…') && t.chars().count() <= 81, "{t}");
        assert_eq!(display_title(None, "j6", "Ministers meet in Cairo today"), "Ministers meet in Cairo today");
        assert_eq!(display_title(None, "j6", ""), "j6");
    }
}
