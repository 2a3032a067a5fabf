//! Reading and writing CoNLL-U.

use crate::NlpError;

/// One syntactic word of a gold sentence.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Word {
    pub form: String,
    pub lemma: String,
    pub upos: String,
    pub xpos: String,
    pub head: usize,
    pub deprel: String,
    /// `SpaceAfter=No` was not set.
    pub space_after: bool,
}

/// A multiword token (`3-4 don't`): the surface form spanning words `first..=last` (1-based).
#[derive(Debug, Clone, PartialEq)]
pub struct MultiwordToken {
    pub first: usize,
    pub last: usize,
    pub form: String,
    pub space_after: bool,
}

/// One sentence of a CoNLL-U file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sentence {
    pub sent_id: Option<String>,
    pub text: Option<String>,
    /// A `# newdoc` or `# newpar` comment precedes the sentence.
    pub new_paragraph: bool,
    pub words: Vec<Word>,
    pub multiword: Vec<MultiwordToken>,
}

/// Parses CoNLL-U text; `origin` names the input in errors.
pub fn parse(text: &str, origin: &str) -> Result<Vec<Sentence>, NlpError> {
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    let mut started = false;
    for (lineno, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if started {
                out.push(std::mem::take(&mut cur));
                started = false;
            }
            continue;
        }
        started = true;
        if let Some(comment) = line.strip_prefix('#') {
            let comment = comment.trim();
            if let Some(v) = comment.strip_prefix("sent_id =") {
                cur.sent_id = Some(v.trim().to_string());
            } else if let Some(v) = comment.strip_prefix("text =") {
                cur.text = Some(v.trim().to_string());
            } else if comment.starts_with("newdoc") || comment.starts_with("newpar") {
                cur.new_paragraph = true;
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(NlpError::Conllu {
                origin: origin.to_string(),
                line: lineno + 1,
                msg: format!("expected 10 tab-separated columns, found {}", cols.len()),
            });
        }
        let id = cols[0];
        let space_after = !cols[9].split('|').any(|m| m == "SpaceAfter=No");
        if id.contains('.') {
            continue; // empty node: not a surface word
        }
        if let Some((a, b)) = id.split_once('-') {
            let bad = || NlpError::Conllu {
                origin: origin.to_string(),
                line: lineno + 1,
                msg: format!("bad token range {id:?}"),
            };
            let first = a.parse().map_err(|_| bad())?;
            let last = b.parse().map_err(|_| bad())?;
            cur.multiword.push(MultiwordToken { first, last, form: cols[1].to_string(), space_after });
            continue;
        }
        let head = if cols[6] == "_" {
            0
        } else {
            cols[6].parse().map_err(|_| NlpError::Conllu {
                origin: origin.to_string(),
                line: lineno + 1,
                msg: format!("bad head {:?}", cols[6]),
            })?
        };
        cur.words.push(Word {
            form: cols[1].to_string(),
            lemma: cols[2].to_string(),
            upos: cols[3].to_string(),
            xpos: cols[4].to_string(),
            head,
            deprel: cols[7].to_string(),
            space_after,
        });
    }
    if started {
        out.push(cur);
    }
    out.retain(|s| !s.words.is_empty());
    Ok(out)
}

/// Reads and parses a CoNLL-U file.
pub fn read_file(path: &std::path::Path) -> Result<Vec<Sentence>, NlpError> {
    let bytes = std::fs::read(path).map_err(|e| NlpError::Io { path: path.display().to_string(), source: e })?;
    let text = String::from_utf8(bytes).map_err(|_| NlpError::Conllu {
        origin: path.display().to_string(),
        line: 0,
        msg: "not valid UTF-8".into(),
    })?;
    parse(&text, &path.display().to_string())
}

/// The raw text of a sequence of sentences, as the evaluation reconstructs it: sentences of a
/// paragraph joined by a space, paragraphs by a newline. Returns the text and each sentence's
/// byte span.
pub fn raw_text(sentences: &[Sentence]) -> (String, Vec<(usize, usize)>) {
    let mut text = String::new();
    let mut spans = Vec::with_capacity(sentences.len());
    for (i, s) in sentences.iter().enumerate() {
        if i > 0 {
            text.push(if s.new_paragraph { '\n' } else { ' ' });
        }
        let start = text.len();
        text.push_str(&sentence_text(s));
        spans.push((start, text.len()));
    }
    (text, spans)
}

/// The sentence's `# text`, or its words joined by their spacing when the comment is missing.
pub fn sentence_text(s: &Sentence) -> String {
    if let Some(t) = &s.text {
        return t.clone();
    }
    let mut out = String::new();
    for (i, w) in s.words.iter().enumerate() {
        out.push_str(&w.form);
        if w.space_after && i + 1 < s.words.len() {
            out.push(' ');
        }
    }
    out
}

/// Byte spans of each word within its sentence's text (`sentence_text`), found by matching the
/// forms in order. Words inside a multiword token whose forms do not spell the token share the
/// token's span. Returns `None` when the forms cannot be found in the text.
pub fn word_spans(s: &Sentence) -> Option<Vec<(usize, usize)>> {
    let text = sentence_text(s);
    let mut spans = vec![(0usize, 0usize); s.words.len()];
    let mut pos = 0usize;
    let mut i = 0usize;
    while i < s.words.len() {
        let mwt = s.multiword.iter().find(|m| m.first == i + 1);
        if let Some(m) = mwt {
            let start = find_from(&text, pos, &m.form)?;
            let end = start + m.form.len();
            let last = m.last.min(s.words.len());
            // Split the token among its words where the forms spell it (do + n't = don't).
            let mut p = start;
            let mut spelled = true;
            for w in &s.words[i..last] {
                if text.get(p..)?.starts_with(w.form.as_str()) {
                    p += w.form.len();
                } else {
                    spelled = false;
                    break;
                }
            }
            let mut p = start;
            for (k, w) in s.words[i..last].iter().enumerate() {
                spans[i + k] = if spelled && p + w.form.len() <= end {
                    let sp = (p, p + w.form.len());
                    p += w.form.len();
                    sp
                } else {
                    (start, end)
                };
            }
            pos = end;
            i = last;
        } else {
            let form = &s.words[i].form;
            let start = find_from(&text, pos, form)?;
            spans[i] = (start, start + form.len());
            pos = start + form.len();
            i += 1;
        }
    }
    Some(spans)
}

fn find_from(text: &str, pos: usize, needle: &str) -> Option<usize> {
    let rest = text.get(pos..)?;
    // Only whitespace may separate consecutive words.
    let skipped = rest.len() - rest.trim_start().len();
    let at = pos + skipped;
    if text.get(at..)?.starts_with(needle) {
        Some(at)
    } else {
        None
    }
}

/// One analysed word to print.
pub struct OutWord<'a> {
    pub form: &'a str,
    pub lemma: &'a str,
    pub upos: &'a str,
    pub xpos: &'a str,
    pub head: usize,
    pub deprel: &'a str,
    pub space_after: bool,
}

/// Writes one sentence in CoNLL-U.
pub fn write_sentence(out: &mut String, sent_id: &str, text: &str, new_par: bool, words: &[OutWord]) {
    use std::fmt::Write;
    if new_par {
        let _ = writeln!(out, "# newpar");
    }
    let _ = writeln!(out, "# sent_id = {sent_id}");
    let _ = writeln!(out, "# text = {}", text.replace('\n', " "));
    for (i, w) in words.iter().enumerate() {
        let misc = if w.space_after { "_" } else { "SpaceAfter=No" };
        let field = |s: &str| if s.is_empty() { "_".to_string() } else { s.replace(['\t', '\n'], " ") };
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t_\t{}\t{}\t_\t{}",
            i + 1,
            field(w.form),
            field(w.lemma),
            field(w.upos),
            field(w.xpos),
            w.head,
            field(w.deprel),
            misc
        );
    }
    out.push('\n');
}
