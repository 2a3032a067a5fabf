//! HTML: the body comes from the `trafilatura` crate; metadata and post-cleaning are ours.

use dyad_doc::Metadata;
use trafilatura::dom::Document as Dom;

pub(crate) fn extract_html(html: &str, url_hint: Option<&str>, dates: &crate::dates::DatePatterns) -> (Metadata, String) {
    let dom = Dom::parse(html);
    let meta = crate::meta::html_metadata(&dom, url_hint, dates);
    let opts = trafilatura::Options::default()
        .with_exclude_comments(true)
        .with_links(true)
        .with_html_date_mode(trafilatura::HtmlDateMode::Disabled);
    let text = match trafilatura::extract_document(dom, &opts) {
        Ok(r) => {
            let title = meta.title.as_deref().or(Some(r.metadata.title.as_str()).filter(|t| !t.is_empty()));
            crate::clean::clean_extracted(&r.content_html, title)
        }
        Err(_) => String::new(),
    };
    (meta, text)
}
