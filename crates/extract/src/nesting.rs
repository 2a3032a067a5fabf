//! How deeply a page nests its elements, measured before the HTML parser sees it.
//!
//! html5ever's tree builder checks the stack of open elements for each new tag, so a page
//! of 100,000 nested `<div>`s costs it time quadratic in the depth (about 30 s). News
//! pages nest a few dozen levels; a page deeper than [`MAX_DEPTH`] is refused. The scan
//! is one linear pass over the bytes and only approximates the parser: it counts start
//! tags that need an end tag, minus end tags, skipping comments, declarations and the
//! text of `script`, `style`, `textarea` and `title`.

/// Far deeper than any real page, still cheap for the parser (under 10 ms).
pub const MAX_DEPTH: usize = 1_000;

/// Elements that never hold others, or whose end tag the parser implies when the next
/// one starts (`<p>`, `<li>`, table cells): they add no lasting depth.
const FLAT: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr", "p",
    "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody", "tfoot", "rb", "rt", "rp", "colgroup",
    "caption", "html", "head", "body", "frame", "keygen", "basefont", "bgsound", "image", "isindex",
];

/// Elements whose content is text up to their end tag.
const RAW: &[&str] = &["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "plaintext"];

/// The deepest nesting the scan sees, stopping early once it passes `limit`.
pub fn max_depth(html: &str, limit: usize) -> usize {
    let bytes = html.as_bytes();
    let (mut i, mut depth, mut deepest) = (0, 0usize, 0usize);
    while let Some(offset) = memchr(b'<', &bytes[i..]) {
        i += offset + 1;
        let rest = &bytes[i..];
        if rest.starts_with(b"!--") {
            i += find(rest, b"-->").map_or(rest.len(), |e| e + 3);
            continue;
        }
        if rest.first().is_some_and(|b| *b == b'!' || *b == b'?') {
            i += memchr(b'>', rest).map_or(rest.len(), |e| e + 1);
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_start = usize::from(closing);
        let name_len = rest[name_start..].iter().take_while(|b| b.is_ascii_alphanumeric() || **b == b'-').count();
        if name_len == 0 || !rest[name_start].is_ascii_alphabetic() {
            continue;
        }
        let name = std::str::from_utf8(&rest[name_start..name_start + name_len]).unwrap_or("").to_ascii_lowercase();
        let tag_len = tag_end(&rest[name_start + name_len..]);
        let self_closing = tag_len >= 2 && rest[name_start + name_len + tag_len - 2] == b'/';
        i += name_start + name_len + tag_len;
        if FLAT.contains(&name.as_str()) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
            continue;
        }
        if RAW.contains(&name.as_str()) {
            let end = format!("</{name}");
            i += find_ignore_case(&bytes[i..], end.as_bytes()).unwrap_or(bytes.len() - i);
            continue;
        }
        if !self_closing {
            depth += 1;
            deepest = deepest.max(depth);
            if deepest > limit {
                break;
            }
        }
    }
    deepest
}

/// The length of a tag's attributes through its `>`, quotes respected.
fn tag_end(rest: &[u8]) -> usize {
    let mut quote = None;
    for (k, &b) in rest.iter().enumerate() {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if b == q => quote = None,
            (None, b'>') => return k + 1,
            _ => {}
        }
    }
    rest.len()
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|b| *b == needle)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn find_ignore_case(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_elements_that_hold_others() {
        assert_eq!(max_depth("<html><body><div><p>a<p>b<div><span>x</span></div></div>", 100), 3);
        assert_eq!(max_depth("<div><br><img src='a>b'><hr/></div>", 100), 1);
        assert_eq!(max_depth("<ul><li>a<li>b<li>c</ul>", 100), 1);
        assert_eq!(max_depth("<!-- <div><div> --><script>'<div><div>'</script><div></div>", 100), 1);
        assert_eq!(max_depth("<svg><path/><path/></svg>", 100), 1);
        assert_eq!(max_depth("a < b and c<3 </ >", 100), 0);
    }

    #[test]
    fn stops_once_past_the_limit() {
        let deep = "<div>".repeat(1_000_000);
        assert_eq!(max_depth(&deep, 1000), 1001);
        let unclosed_bold = "<b>x".repeat(5000);
        assert!(max_depth(&unclosed_bold, 1000) > 1000);
    }

    #[test]
    fn extraction_refuses_a_page_too_deep_and_reads_a_normal_one() {
        let page = |depth: usize| dyad_doc::Source {
            id: "deep.html".into(),
            origin: "deep.html".into(),
            kind: dyad_doc::SourceKind::Html,
            body: format!(
                "<html><body>{}<p>The ministers met in Geneva on Tuesday and agreed to talk again.</p>{}</body></html>",
                "<div>".repeat(depth),
                "</div>".repeat(depth)
            ),
            hints: Default::default(),
            fetched: None,
        };
        let options = crate::ExtractOptions::default();
        let err = crate::extract(&page(100_000), &options).unwrap_err();
        assert!(matches!(err, crate::ExtractError::TooDeep { .. }), "{err}");
        assert!(err.to_string().contains("deep.html") && err.to_string().contains("nested"), "{err}");
        assert!(crate::extract(&page(40), &options).is_ok());
    }
}
