//! Post-cleaning of the body the HTML extractor kept: it is split into blocks
//! (paragraphs, headings, list items, quotes), and blocks that are boilerplate by
//! their shape (link-dense, short share/subscribe/related lines) or by position
//! (a "Related"/"More from" section at the end) are dropped.

use scraper::{ElementRef, Html, Node};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BlockKind {
    Heading,
    Paragraph,
    Item,
    Quote,
    Other,
}

#[derive(Debug, Clone)]
pub(crate) struct Block {
    pub kind: BlockKind,
    pub text: String,
    /// Characters of the text inside `<a>`.
    pub link_chars: usize,
    /// A line split out of an unstructured text dump (no markup to judge it by).
    pub loose: bool,
}

const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "table",
    "tr",
    "td",
    "th",
    "section",
    "article",
    "figure",
    "figcaption",
    "dl",
    "dt",
    "dd",
    "header",
    "footer",
    "aside",
    "main",
    "br",
    "hr",
];

fn kind_of(tag: &str) -> BlockKind {
    match tag {
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => BlockKind::Heading,
        "p" => BlockKind::Paragraph,
        "li" | "dd" | "dt" => BlockKind::Item,
        "blockquote" => BlockKind::Quote,
        _ => BlockKind::Other,
    }
}

/// Split an HTML fragment into text blocks.
pub(crate) fn blocks_of(html: &str) -> Vec<Block> {
    let frag = Html::parse_fragment(html);
    let mut out = Vec::new();
    let mut cur = Block { kind: BlockKind::Other, text: String::new(), link_chars: 0, loose: false };
    walk(frag.root_element(), &mut cur, &mut out, false, 0);
    flush(&mut cur, &mut out, BlockKind::Other);
    out
}

/// Lines in one block beyond which it is a text dump of a whole page, not a paragraph.
const DUMP_LINES: usize = 12;

fn flush(cur: &mut Block, out: &mut Vec<Block>, next: BlockKind) {
    let lines = cur.text.lines().filter(|l| !l.trim().is_empty()).count();
    if lines >= DUMP_LINES {
        for line in cur.text.lines() {
            let text = normalise_space(line);
            if !text.is_empty() {
                out.push(Block { kind: BlockKind::Paragraph, text, link_chars: 0, loose: true });
            }
        }
    } else {
        let text = normalise_space(&cur.text);
        if !text.is_empty() {
            out.push(Block { kind: cur.kind, text, link_chars: cur.link_chars, loose: false });
        }
    }
    *cur = Block { kind: next, text: String::new(), link_chars: 0, loose: false };
}

fn walk(el: ElementRef, cur: &mut Block, out: &mut Vec<Block>, in_link: bool, depth: usize) {
    if depth > 400 {
        return;
    }
    for child in el.children() {
        match child.value() {
            Node::Text(t) => {
                cur.text.push_str(t);
                if in_link {
                    cur.link_chars += t.trim().chars().count();
                }
            }
            Node::Element(e) => {
                let tag = e.name();
                if matches!(tag, "script" | "style" | "noscript" | "template") {
                    continue;
                }
                let Some(child_el) = ElementRef::wrap(child) else {
                    continue;
                };
                if BLOCK_TAGS.contains(&tag) {
                    let kind = kind_of(tag);
                    flush(cur, out, kind);
                    walk(child_el, cur, out, in_link, depth + 1);
                    flush(cur, out, BlockKind::Other);
                } else {
                    // An anchor around a whole paragraph (some sites wrap teasers, some
                    // extractors leave such wrappers) is not a link list: count only
                    // anchors of headline length as links.
                    let is_link = tag == "a" && child_el.text().flat_map(str::split_whitespace).take(21).count() <= 20;
                    walk(child_el, cur, out, in_link || is_link, depth + 1);
                }
            }
            _ => {}
        }
    }
}

/// Collapse runs of whitespace to one space and trim.
pub(crate) fn normalise_space(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

impl Block {
    fn chars(&self) -> usize {
        self.text.chars().count()
    }
    fn words(&self) -> usize {
        self.text.split_whitespace().count()
    }
    fn link_density(&self) -> f64 {
        self.link_chars as f64 / self.chars().max(1) as f64
    }
    /// Ends like a sentence (or a quote of one).
    fn ends_sentence(&self) -> bool {
        let t = self.text.trim_end_matches(['"', '\'', '”', '’', ')', '»']);
        t.ends_with(['.', '!', '?', '…', ':', '。', '！', '？'])
    }
    /// A block that reads as body prose: several words, a sentence end, few links.
    fn is_prose(&self) -> bool {
        self.kind != BlockKind::Heading
            && self.link_density() < 0.5
            && ((self.words() >= 12 && self.ends_sentence())
                || self.words() >= 30
                || self.chars() >= 120 && is_cjk_heavy(&self.text))
    }
}

fn is_cjk_heavy(s: &str) -> bool {
    let n = s.chars().count().max(1);
    let cjk = s
        .chars()
        .filter(|c| {
            ('\u{3040}'..='\u{30ff}').contains(c)
                || ('\u{4e00}'..='\u{9fff}').contains(c)
                || ('\u{ac00}'..='\u{d7af}').contains(c)
        })
        .count();
    cjk * 3 > n
}

/// Short lines that are page furniture wherever they stand: share/subscribe/follow
/// prompts, "related"/"read more" labels, copyright and ad markers.
pub(crate) fn is_boilerplate_line(text: &str) -> bool {
    let t = text.trim().to_lowercase();
    let words = t.split_whitespace().count();
    if words == 0 {
        return true;
    }
    if words > 25 {
        return false;
    }
    const EXACT: &[&str] = &[
        "advertisement",
        "advertising",
        "ad",
        "sponsored",
        "tags",
        "tags:",
        "topics",
        "share",
        "share this",
        "share this article",
        "share this story",
        "share on facebook",
        "share on twitter",
        "related",
        "related articles",
        "related stories",
        "related posts",
        "related content",
        "read more",
        "read more:",
        "more stories",
        "more from",
        "see also",
        "recommended",
        "recommended for you",
        "you may also like",
        "you might also like",
        "trending",
        "trending now",
        "most popular",
        "most read",
        "popular",
        "comments",
        "leave a comment",
        "leave a reply",
        "print",
        "email",
        "facebook",
        "twitter",
        "linkedin",
        "whatsapp",
        "pinterest",
        "reddit",
        "close",
        "menu",
        "skip to content",
        "loading...",
        "watch",
        "listen",
        "copy link",
        "link copied",
        "next",
        "previous",
        "back to top",
    ];
    if EXACT.contains(&t.trim_end_matches([':', '.', '»', '›']).trim()) {
        return true;
    }
    const STARTS: &[&str] = &[
        "©",
        "(c) ",
        "copyright",
        "all rights reserved",
        "sign up for",
        "sign up to",
        "subscribe to",
        "subscribe for",
        "subscribe now",
        "follow us",
        "follow @",
        "like us on",
        "click here",
        "read more",
        "read also",
        "read next",
        "also read",
        "see also:",
        "related:",
        "related article",
        "related coverage",
        "more on this",
        "more from ",
        "get the latest",
        "join our",
        "download the app",
        "download our app",
        "this article was originally published",
        "have a tip?",
        "got a tip?",
        "share this",
        "share on",
        "you may also like",
        "recommended for you",
        "this content is imported",
        "we use cookies",
        "this website uses cookies",
        "this site uses cookies",
        "by continuing to use",
        "accept cookies",
        "image source",
        "image caption",
        "media caption",
        "getty images",
        "photo:",
        "photograph:",
        "credit:",
        "tags:",
        "topics:",
        "filed under",
        "posted in",
        "categories:",
        "newsletter",
    ];
    if STARTS.iter().any(|s| t.starts_with(s)) {
        return true;
    }
    const CONTAINS: &[&str] = &[
        "all rights reserved",
        "newsletter",
        "sign up for our",
        "subscribe to our",
        "cookie policy",
        "privacy policy",
        "terms of use",
        "terms of service",
        "follow us on",
        "reproduction in whole or in part",
    ];
    words <= 20 && CONTAINS.iter().any(|s| t.contains(s))
}

/// Remove serialized markup leaked into text (tracking pixels from `<noscript>`).
fn strip_markup(text: &str) -> Option<String> {
    if !text.contains('<') {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let is_tag = after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!');
        match (is_tag, after.find('>')) {
            (true, Some(end)) => rest = &after[end + 1..],
            _ => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Some(normalise_space(&out))
}

fn same_text(a: &str, b: &str) -> bool {
    let norm = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect::<String>();
    let (a, b) = (norm(a), norm(b));
    !a.is_empty() && a == b
}

/// Choose the blocks that belong to the article.
pub(crate) fn select_blocks(blocks: Vec<Block>, title: Option<&str>) -> Vec<Block> {
    let first_prose = blocks.iter().position(|b| b.is_prose());
    let last_prose = blocks.iter().rposition(|b| b.is_prose());
    let mut keep: Vec<Block> = Vec::with_capacity(blocks.len());
    let mut seen: Vec<String> = Vec::new();
    for (i, mut b) in blocks.into_iter().enumerate() {
        if let Some(stripped) = strip_markup(&b.text) {
            b.text = stripped;
        }
        if is_boilerplate_line(&b.text) {
            continue;
        }
        if title.is_some_and(|t| same_text(t, &b.text)) {
            continue;
        }
        let before = first_prose.is_some_and(|f| i < f);
        let after = last_prose.is_some_and(|l| i > l);
        // Leading headings before the first paragraph are the headline and deck.
        if before && b.kind == BlockKind::Heading {
            continue;
        }
        // Outside the prose span, link-dense or repeated blocks are lists of other pages.
        if (before || after) && (b.loose || b.link_density() > 0.5 || seen.iter().any(|s| s == &b.text)) {
            continue;
        }
        // Inside, only whole link lists go: long link-only blocks are menus.
        if b.link_density() > 0.8 && b.words() > 15 {
            continue;
        }
        seen.push(b.text.clone());
        keep.push(b);
    }
    trim_tail(&mut keep);
    keep
}

/// Drop trailing teaser lists: after the last paragraph, a run of short lines with no
/// sentence end (headlines of other articles, tag lists, section labels) is not body.
fn trim_tail(blocks: &mut Vec<Block>) {
    let Some(last) = blocks.iter().rposition(|b| b.is_prose()) else {
        return;
    };
    let tail = &blocks[last + 1..];
    let teasers = tail.iter().filter(|b| !b.ends_sentence() && b.link_density() > 0.5).count();
    // A tail of three or more linked headlines, making up most of the tail.
    if teasers >= 3 && teasers * 2 >= tail.len() {
        blocks.truncate(last + 1);
    }
}

pub(crate) fn clean_extracted(html: &str, title: Option<&str>) -> String {
    let blocks = select_blocks(blocks_of(html), title);
    blocks.iter().map(|b| b.text.as_str()).collect::<Vec<_>>().join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROSE: &str =
        "The two governments agreed on Monday to reopen the border crossing for trucks carrying food and medicine.";
    const PROSE2: &str =
        "Officials from both sides will meet again next month in the capital to discuss the remaining issues.";

    #[test]
    fn boilerplate_lines() {
        for line in [
            "Advertisement",
            "Share this article",
            "Related Articles",
            "© 2025 Example Media",
            "Sign up for our newsletter",
            "Read more: the talks in detail",
            "Tags: politics, europe",
        ] {
            assert!(is_boilerplate_line(line), "{line}");
        }
        assert!(!is_boilerplate_line(PROSE));
        assert!(!is_boilerplate_line("The ministers shared their concerns about the ceasefire."));
    }

    #[test]
    fn blocks_keep_structure_and_link_share() {
        let html = format!(
            "<h2>Talks</h2><p>{PROSE}</p><ul><li><a href='/a'>Other story one</a></li><li>plain item</li></ul>"
        );
        let blocks = blocks_of(&html);
        assert_eq!(blocks.len(), 4);
        assert_eq!(blocks[0].kind, BlockKind::Heading);
        assert_eq!(blocks[1].text, PROSE);
        assert!(blocks[2].link_density() > 0.9);
        assert_eq!(blocks[3].link_density(), 0.0);
    }

    #[test]
    fn paragraph_wrapped_in_one_link_is_not_a_link_list() {
        let blocks = blocks_of(&format!("<p><a href='/x'>{PROSE} {PROSE2}</a></p>"));
        assert_eq!(blocks[0].link_density(), 0.0);
    }

    #[test]
    fn text_dumps_are_split_into_lines() {
        let mut dump = String::from("<p>");
        for i in 0..14 {
            dump.push_str(&format!("Menu item {i}\n"));
        }
        dump.push_str(PROSE);
        dump.push('\n');
        dump.push_str(PROSE2);
        dump.push_str("\nFooter link one\nFooter link two</p>");
        let text = clean_extracted(&dump, None);
        assert_eq!(text, format!("{PROSE}\n\n{PROSE2}"));
    }

    #[test]
    fn headline_teasers_and_markup_go() {
        let html = format!(
            "<h1>Border reopens</h1><p>{PROSE}</p><p>{PROSE2} &lt;img src=\"x\" height=\"1\"&gt;</p>\
             <p>Share this article</p><h3>Related</h3><p><a href='/1'>Another headline here</a></p>\
             <p><a href='/2'>Second linked headline</a></p><p><a href='/3'>Third linked headline</a></p>"
        );
        let text = clean_extracted(&html, Some("Border reopens"));
        assert_eq!(text, format!("{PROSE}\n\n{PROSE2}"));
    }

    #[test]
    fn short_lines_inside_the_article_stay() {
        let html = format!("<p>{PROSE}</p><h2>What comes next</h2><p>Short one.</p><p>{PROSE2}</p>");
        let text = clean_extracted(&html, None);
        assert_eq!(text, format!("{PROSE}\n\nWhat comes next\n\nShort one.\n\n{PROSE2}"));
    }
}
