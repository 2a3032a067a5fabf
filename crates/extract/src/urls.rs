//! Which URLs an article may be known by.
//!
//! Only absolute `http`/`https` URLs are kept: anything else (`javascript:`, `data:`, in
//! any case, with tabs or spaces folded in) would become a live link on the dashboard.
//! A page's own claims about its address (`<link rel=canonical>`, `og:url`, a record's
//! `canonical_url`) are accepted only on the site the page was read from; otherwise any
//! page could claim, and so replace, another site's article in the store.

use url::Url;

/// `text` as an absolute `http`/`https` URL in normal form (WHATWG parsing: surrounding
/// spaces trimmed, tabs and newlines removed, scheme lowercased), or `None`.
pub fn web_url(text: &str) -> Option<String> {
    checked(Url::parse(text.trim()).ok()?)
}

fn checked(url: Url) -> Option<String> {
    let web = matches!(url.scheme(), "http" | "https") && url.host_str().is_some_and(|h| !h.is_empty());
    web.then(|| url.into())
}

/// `href` resolved against `base` (relative canonical links are common), kept only if web.
fn resolve(base: Option<&str>, href: &str) -> Option<String> {
    match base.and_then(|b| Url::parse(b).ok()) {
        Some(base) => checked(base.join(href.trim()).ok()?),
        None => web_url(href),
    }
}

/// The host of a web URL without a leading `www.`, lowercased.
fn site(url: &str) -> Option<String> {
    let host = Url::parse(url).ok()?.host_str()?.to_ascii_lowercase();
    Some(host.strip_prefix("www.").map(str::to_string).unwrap_or(host))
}

/// Same host, or one a subdomain of the other (`amp.news.example` and `news.example`).
pub fn same_site(a: &str, b: &str) -> bool {
    match (site(a), site(b)) {
        (Some(a), Some(b)) => a == b || a.ends_with(&format!(".{b}")) || b.ends_with(&format!(".{a}")),
        _ => false,
    }
}

/// The article's URL and canonical URL from where it was read (`read_from`: a WARC target
/// URI, a JSONL `url`) and what the page declares (`declared`: `og:url`; `canonical`).
/// Declarations off the page's site are dropped. Without a place it was read from (a
/// local file), the page is the only witness of its address and its `og:url` is the base
/// the canonical link must share a site with.
pub(crate) fn identity(
    read_from: Option<&str>,
    declared: Option<&str>,
    canonical: Option<&str>,
) -> (Option<String>, Option<String>) {
    let read_from = read_from.and_then(web_url);
    let declared = declared.and_then(|d| resolve(read_from.as_deref(), d));
    let url = match read_from {
        Some(from) => Some(from),
        None => declared,
    };
    let canonical =
        canonical.and_then(|c| resolve(url.as_deref(), c)).filter(|c| url.as_deref().is_none_or(|u| same_site(c, u)));
    (url, canonical)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_and_https_are_web_urls() {
        for bad in [
            "javascript:alert(1)",
            " javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "\u{1}javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)",
            "file:///etc/passwd",
            "//example.org/a",
            "/relative/path",
            "http://",
            "",
        ] {
            assert_eq!(web_url(bad), None, "{bad:?}");
        }
        assert_eq!(web_url(" HTTPS://Example.org/a b").as_deref(), Some("https://example.org/a%20b"));
        assert_eq!(web_url("http://example.org").as_deref(), Some("http://example.org/"));
    }

    #[test]
    fn a_page_cannot_claim_another_sites_address() {
        let (url, canonical) =
            identity(Some("https://evil.example/x"), Some("https://news.example/a"), Some("https://news.example/a"));
        assert_eq!(url.as_deref(), Some("https://evil.example/x"));
        assert_eq!(canonical, None);
        let (url, canonical) = identity(Some("https://www.news.example/a?utm=1"), None, Some("/a"));
        assert_eq!(url.as_deref(), Some("https://www.news.example/a?utm=1"));
        assert_eq!(canonical.as_deref(), Some("https://www.news.example/a"));
        let (_, canonical) = identity(Some("https://amp.news.example/a"), None, Some("https://news.example/a"));
        assert_eq!(canonical.as_deref(), Some("https://news.example/a"));
        let (_, canonical) = identity(Some("https://news.example.evil/a"), None, Some("https://news.example/a"));
        assert_eq!(canonical, None);
    }

    #[test]
    fn a_local_page_is_its_own_witness() {
        let (url, canonical) = identity(None, Some("https://news.example/a"), Some("https://news.example/a"));
        assert_eq!(url.as_deref(), Some("https://news.example/a"));
        assert_eq!(canonical.as_deref(), Some("https://news.example/a"));
        let (url, canonical) = identity(None, Some("javascript:alert(1)"), Some("data:text/html,x"));
        assert_eq!((url, canonical), (None, None));
        let (url, canonical) = identity(None, None, Some("https://news.example/a"));
        assert_eq!(url, None);
        assert_eq!(canonical.as_deref(), Some("https://news.example/a"));
    }
}
