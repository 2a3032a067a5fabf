//! Article extraction from HTML and cleaning of pasted text.
//!
//! [`extract`] turns one [`Source`] into one or more [`Document`]s: the main article
//! (id = `source.id`) and, for pasted text, each "related article" item found after it
//! (id = `<source.id without .txt>#related-N`). Each document carries clean text
//! (paragraphs separated by `"\n\n"`), metadata, and `content_hash`: the lowercase hex
//! **BLAKE3** digest of the clean text, which the store uses as the article's identity.

mod clean;
mod dates;
mod html;
mod meta;
mod nesting;
mod text;
mod urls;

use chrono::NaiveDate;
use dyad_doc::{Document, Metadata, Source, SourceKind};

pub use dates::parse_date;
pub use urls::{same_site, web_url};

/// How to extract.
#[derive(Debug, Clone, Default)]
pub struct ExtractOptions {
    /// The publication date to assume when the input states none (basis `cli`); the
    /// input's own dates win over it.
    pub published: Option<NaiveDate>,
    /// When the inputs were fetched: the reference for relative stamps ("2 days ago")
    /// where the input gives none (a WARC-Date, a JSONL `retrieved` field).
    pub retrieved: Option<NaiveDate>,
}

/// Why a source gave no article.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    #[error("no article text found in {origin}")]
    Empty { origin: String },
    #[error("{origin}: input too large for extraction ({bytes} bytes, limit {limit})")]
    TooLarge { origin: String, bytes: usize, limit: usize },
    #[error("{origin}: not text (binary data: {nul_count} NUL bytes)")]
    Binary { origin: String, nul_count: usize },
    #[error("{origin}: HTML nested more than {limit} elements deep; refused (no article needs it, and parsing it costs time quadratic in the depth)")]
    TooDeep { origin: String, limit: usize },
}

/// Pages larger than this are refused rather than parsed: no news article needs it and
/// DOM building is linear in memory.
pub const MAX_INPUT_BYTES: usize = 32 * 1024 * 1024;

/// Extract the article(s) of one source. Builds an [`Extractor`] for the call; to
/// extract many sources, build one `Extractor` and reuse it.
pub fn extract(source: &Source, opts: &ExtractOptions) -> Result<Vec<Document>, ExtractError> {
    Extractor::new().extract(source, opts)
}

/// The compiled patterns extraction uses; share one across threads (`&Extractor`).
pub struct Extractor {
    dates: dates::DatePatterns,
}

impl Default for Extractor {
    fn default() -> Self {
        Self::new()
    }
}

impl Extractor {
    pub fn new() -> Self {
        Self { dates: dates::DatePatterns::new() }
    }

    /// Extract the article(s) of one source: see [`extract`].
    pub fn extract(&self, source: &Source, opts: &ExtractOptions) -> Result<Vec<Document>, ExtractError> {
        if source.body.len() > MAX_INPUT_BYTES {
            return Err(ExtractError::TooLarge {
                origin: source.origin.clone(),
                bytes: source.body.len(),
                limit: MAX_INPUT_BYTES,
            });
        }
        let nul_count = source.body.bytes().filter(|b| *b == 0).count();
        if nul_count > 0 && nul_count * 100 > source.body.len().max(1) {
            return Err(ExtractError::Binary { origin: source.origin.clone(), nul_count });
        }
        let parts: Vec<(String, Metadata, String)> = match source.kind {
            SourceKind::Html => {
                if nesting::max_depth(&source.body, nesting::MAX_DEPTH) > nesting::MAX_DEPTH {
                    return Err(ExtractError::TooDeep { origin: source.origin.clone(), limit: nesting::MAX_DEPTH });
                }
                let (meta, text) = html::extract_html(&source.body, source.hints.url.as_deref(), &self.dates);
                vec![(source.id.clone(), meta, text)]
            }
            SourceKind::Text => text::extract_text(source, opts, &self.dates),
        };
        let mut docs = Vec::with_capacity(parts.len());
        for (i, (id, meta, text)) in parts.into_iter().enumerate() {
            if text.trim().is_empty() {
                if i == 0 {
                    return Err(ExtractError::Empty { origin: source.origin.clone() });
                }
                continue;
            }
            let meta = finish_meta(meta, source, opts, &text, &self.dates);
            docs.push(Document {
                id,
                origin: source.origin.clone(),
                meta,
                content_hash: content_hash(&text),
                text,
                ..Default::default()
            });
        }
        if docs.is_empty() {
            return Err(ExtractError::Empty { origin: source.origin.clone() });
        }
        Ok(docs)
    }
}

/// Lowercase hex BLAKE3 digest of the clean text.
pub fn content_hash(text: &str) -> String {
    blake3::hash(text.as_bytes()).to_hex().to_string()
}

/// Fill what the page left open from the container's hints and the options, then, for
/// an article still undated, bound its date from its content (basis `inferred`).
fn finish_meta(
    mut meta: Metadata,
    source: &Source,
    opts: &ExtractOptions,
    text: &str,
    dates: &dates::DatePatterns,
) -> Metadata {
    let hints = &source.hints;
    let retrieved = opts.retrieved.or_else(|| source.fetched.map(|t| t.date_naive()));
    // Nothing is published after it was fetched: a later stamp is a misreading.
    if meta.published.zip(retrieved).is_some_and(|(p, r)| p > r) {
        meta.published = None;
        meta.published_basis = None;
    }
    if meta.title.is_none() {
        meta.title = hints.title.clone();
    }
    if meta.published.is_none() {
        if let Some(d) = hints.published {
            meta.published = Some(d);
            meta.published_basis = Some(hints.published_basis.clone().unwrap_or_else(|| "record".into()));
        } else if let Some(d) = opts.published {
            meta.published = Some(d);
            meta.published_basis = Some("cli".into());
        } else if let Some(d) = dates::latest_reported(dates, text, retrieved) {
            meta.published = Some(d);
            meta.published_basis = Some("inferred".into());
        }
    }
    if meta.authors.is_empty() {
        meta.authors = hints.authors.clone();
    }
    if meta.site_name.is_none() {
        meta.site_name = hints.site_name.clone();
    }
    let declared = meta.url.take().filter(|u| Some(u) != hints.url.as_ref());
    let canonical = meta.canonical_url.take().or_else(|| hints.canonical_url.clone());
    (meta.url, meta.canonical_url) = urls::identity(hints.url.as_deref(), declared.as_deref(), canonical.as_deref());
    if meta.language.is_none() {
        meta.language = hints.language.clone();
    }
    meta
}
