//! Bytes to text: BOM, declared charset, UTF-8 checks, binary detection.

use crate::ReadError;
use dyad_doc::SourceKind;
use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

pub(crate) fn skip_bom_and_space(bytes: &[u8]) -> &[u8] {
    let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(bytes.len());
    bytes.get(start..).unwrap_or(&[])
}

/// Decodes one page. `http_charset` is the charset of an HTTP `Content-Type` header.
pub(crate) fn decode_page(
    bytes: &[u8],
    kind: SourceKind,
    http_charset: Option<&str>,
    origin: &str,
) -> Result<String, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty { origin: origin.to_string() });
    }
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let rest = bytes.get(bom_len..).unwrap_or(&[]);
        let text = encoding.decode_without_bom_handling(rest).0.into_owned();
        // Junk can start with bytes that look like a BOM; what it decodes to gives it away.
        let sample: Vec<char> = text.chars().take(4096).collect();
        let odd = sample.iter().filter(|&&c| c == '\u{FFFD}' || (c.is_control() && !c.is_whitespace())).count();
        if odd * 20 > sample.len() {
            return Err(ReadError::Binary { origin: origin.to_string() });
        }
        return Ok(text);
    }
    if looks_binary(bytes) {
        return Err(ReadError::Binary { origin: origin.to_string() });
    }
    match kind {
        SourceKind::Text => match std::str::from_utf8(bytes) {
            Ok(text) => Ok(text.to_string()),
            Err(err) => Err(ReadError::InvalidUtf8 { origin: origin.to_string(), offset: err.valid_up_to() }),
        },
        SourceKind::Html => {
            let declared = http_charset.and_then(label_encoding).or_else(|| meta_charset(bytes));
            let encoding = match declared {
                Some(encoding) => encoding,
                None if std::str::from_utf8(bytes).is_ok() => UTF_8,
                None => WINDOWS_1252,
            };
            // Malformed sequences in a page that declares its charset become U+FFFD, as
            // in a browser; a page is not refused for a stray byte.
            Ok(encoding.decode_without_bom_handling(bytes).0.into_owned())
        }
    }
}

/// Text and HTML have no NUL bytes and few control characters; binary junk has both.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = bytes.get(..8192).unwrap_or(bytes);
    if head.contains(&0) {
        return true;
    }
    let controls = head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)).count();
    controls * 20 > head.len()
}

fn label_encoding(label: &str) -> Option<&'static Encoding> {
    let encoding = Encoding::for_label(label.trim().trim_matches(|c| c == '"' || c == '\'').as_bytes())?;
    // A page read as bytes cannot really be UTF-16 without a BOM; the HTML standard
    // says to take such declarations as UTF-8.
    if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
        return Some(UTF_8);
    }
    Some(encoding)
}

/// The charset a `<meta charset>` or `<meta http-equiv content="...; charset=...">` in the
/// first 4 KB declares.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes.get(..4096).unwrap_or(bytes).to_ascii_lowercase();
    let mut from = 0;
    while let Some(pos) = find(&head[from..], b"<meta") {
        let tag_start = from + pos;
        let tag_end = head[tag_start..].iter().position(|&b| b == b'>').map_or(head.len(), |e| tag_start + e);
        let tag = &head[tag_start..tag_end];
        if let Some(at) = find(tag, b"charset") {
            let rest = &tag[at + b"charset".len()..];
            let rest = skip_while(rest, |b| b.is_ascii_whitespace());
            if let Some(rest) = rest.strip_prefix(b"=") {
                let rest = skip_while(rest, |b| b.is_ascii_whitespace() || b == b'"' || b == b'\'');
                let len = rest
                    .iter()
                    .position(|&b| b.is_ascii_whitespace() || matches!(b, b'"' | b'\'' | b';' | b'/' | b'>'))
                    .unwrap_or(rest.len());
                if let Some(encoding) = std::str::from_utf8(&rest[..len]).ok().and_then(label_encoding) {
                    return Some(encoding);
                }
            }
        }
        from = tag_end;
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn skip_while(bytes: &[u8], pred: impl Fn(u8) -> bool) -> &[u8] {
    let n = bytes.iter().position(|&b| !pred(b)).unwrap_or(bytes.len());
    &bytes[n..]
}

/// The `charset` parameter of a `Content-Type` header value.
pub(crate) fn content_type_charset(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|param| {
        let (key, value) = param.split_once('=')?;
        key.trim().eq_ignore_ascii_case("charset").then(|| value.trim().trim_matches('"'))
    })
}
