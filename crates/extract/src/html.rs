//! HTML: the body comes from the `trafilatura` crate; metadata and post-cleaning are ours.

use dyad_doc::Metadata;
use trafilatura::dom::Document as Dom;

pub(crate) fn extract_html(
    html: &str,
    url_hint: Option<&str>,
    dates: &crate::dates::DatePatterns,
) -> (Metadata, String) {
    let dom = Dom::parse(html);
    let meta = crate::meta::html_metadata(&dom, url_hint, dates);
    let opts = trafilatura::Options::default()
        .with_exclude_comments(true)
        .with_links(true)
        .with_html_date_mode(trafilatura::HtmlDateMode::Disabled);
    // A bug in the body extractor must not take the whole batch down with this page.
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| trafilatura::extract_document(dom, &opts)));
    let text = match result.unwrap_or(Err(trafilatura::TrafilaturaError::MissingMetadata("extractor panicked".into())))
    {
        Ok(r) => {
            let title = meta.title.as_deref().or(Some(r.metadata.title.as_str()).filter(|t| !t.is_empty()));
            crate::clean::clean_extracted(&r.content_html, title)
        }
        Err(_) => String::new(),
    };
    (meta, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn junk_and_odd_markup_do_not_panic() {
        let dates = crate::dates::DatePatterns::new();
        let deep = "<div>".repeat(5000) + "text" + &"</div>".repeat(5000);
        for html in [
            "",
            "<<<>>>",
            "\u{0}\u{1}binary\u{ff}",
            "<html><body><p>unclosed",
            deep.as_str(),
            "<script>var a = '<p>not text</p>';</script>",
            "<table><tr><td><p>cell</td></tr>",
        ] {
            let _ = extract_html(html, None, &dates);
        }
    }

    #[test]
    fn article_body_and_metadata() {
        let body: String = (0..6)
            .map(|i| format!("<p>Paragraph {i}: the delegations met again in the capital on Monday and agreed to continue talks over the coming weeks.</p>"))
            .collect();
        let html = format!(
            "<html lang='en'><head><title>Talks continue | Wire</title><meta property='article:published_time' content='2025-02-03T10:00:00+01:00'></head>\
             <body><nav><ul><li><a href='/'>Home</a></li><li><a href='/w'>World</a></li></ul></nav><article><h1>Talks continue</h1>{body}</article>\
             <footer>© 2025 Wire. All rights reserved.</footer></body></html>"
        );
        let (meta, text) = extract_html(&html, None, &dates_new());
        assert_eq!(meta.title.as_deref(), Some("Talks continue"));
        assert_eq!(meta.published, chrono::NaiveDate::from_ymd_opt(2025, 2, 3));
        assert_eq!(text.split("\n\n").count(), 6, "{text}");
        assert!(!text.contains("Home") && !text.contains("rights reserved"));
    }

    fn dates_new() -> crate::dates::DatePatterns {
        crate::dates::DatePatterns::new()
    }
}
