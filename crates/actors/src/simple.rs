//! A plain sentence and token splitter, for when no analyser is at hand (tests, quick
//! measurements): sentences end at `.`, `!`, `?` before a capital or at a blank line;
//! tokens are words (with inner `.`, `-`, `'` kept: `U.S.`, `Hashemi-Raja`), possessive
//! `'s` split off, and punctuation. No tags, no parse: the recogniser falls back to case.

use dyad_doc::{Sentence, Token};

/// Abbreviations after which a period does not end a sentence.
const ABBREVIATIONS: [&str; 26] = [
    "mr", "mrs", "ms", "dr", "st", "gen", "sen", "rep", "gov", "lt", "col", "jr", "sr", "maj", "capt", "prof", "brig",
    "adm", "amb", "sgt", "cpl", "pres", "dept", "no", "vs", "gens",
];

/// Splits `text` into sentences of tokens with byte offsets into `text`.
pub fn split(text: &str) -> Vec<Sentence> {
    let tokens = tokenize(text);
    let mut sentences = Vec::new();
    let mut current: Vec<Token> = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        let line_break_before =
            current.last().is_some_and(|p: &Token| text.get(p.end..t.start).is_some_and(|gap| gap.contains('\n')));
        if line_break_before {
            sentences.push(close(std::mem::take(&mut current)));
        }
        current.push(t.clone());
        let ends = matches!(t.form.as_str(), "." | "!" | "?");
        if ends {
            let prev = i.checked_sub(1).and_then(|j| tokens.get(j));
            let abbrev =
                prev.is_some_and(|p| ABBREVIATIONS.contains(&p.form.to_lowercase().as_str()) && p.end == t.start);
            let next_upper =
                tokens.get(i + 1).map_or(true, |n| n.form.chars().next().is_some_and(|c| !c.is_lowercase()));
            if !abbrev && next_upper {
                sentences.push(close(std::mem::take(&mut current)));
            }
        }
    }
    if !current.is_empty() {
        sentences.push(close(current));
    }
    sentences
}

fn close(tokens: Vec<Token>) -> Sentence {
    let start = tokens.first().map(|t| t.start).unwrap_or(0);
    let end = tokens.last().map(|t| t.end).unwrap_or(start);
    Sentence { start, end, tokens }
}

fn token(text: &str, start: usize, end: usize) -> Token {
    Token { start, end, form: text[start..end].to_string(), ..Default::default() }
}

/// Word tokens keep inner periods of abbreviations (`U.S.`, `D.C.`), hyphens and
/// apostrophes; a final `'s`/`’s` is split off as its own token, as UD does.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let byte_at = |k: usize| chars.get(k).map(|(b, _)| *b).unwrap_or(text.len());
    let mut k = 0;
    while k < chars.len() {
        let c = chars[k].1;
        if c.is_whitespace() {
            k += 1;
            continue;
        }
        if !c.is_alphanumeric() {
            out.push(token(text, byte_at(k), byte_at(k + 1)));
            k += 1;
            continue;
        }
        let s = k;
        while k < chars.len() {
            let c = chars[k].1;
            let next_alnum = chars.get(k + 1).is_some_and(|(_, n)| n.is_alphanumeric());
            if c.is_alphanumeric() || (matches!(c, '-' | '\'' | '’' | '.' | '&') && next_alnum) {
                k += 1;
            } else {
                break;
            }
        }
        // an abbreviation's final period: single letters joined by periods ("U.S.", "D.C.")
        let word = &text[byte_at(s)..byte_at(k)];
        if chars.get(k).is_some_and(|(_, c)| *c == '.')
            && word.contains('.')
            && word.split('.').all(|p| p.chars().count() <= 2)
        {
            k += 1;
        }
        let (ws, we) = (byte_at(s), byte_at(k));
        let word = &text[ws..we];
        let poss =
            ["'s", "’s", "'S"].iter().find_map(|suf| word.strip_suffix(suf).filter(|b| !b.is_empty()).map(|b| b.len()));
        match poss {
            Some(blen) => {
                out.push(token(text, ws, ws + blen));
                out.push(token(text, ws + blen, we));
            }
            None => out.push(token(text, ws, we)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_sentences_and_tokens() {
        let text = "U.S. President Donald Trump met Mr. Putin. Russia's army said no.\n\nNext one";
        let s = split(text);
        assert_eq!(s.len(), 3);
        let forms: Vec<&str> = s[0].tokens.iter().map(|t| t.form.as_str()).collect();
        assert_eq!(forms, ["U.S.", "President", "Donald", "Trump", "met", "Mr", ".", "Putin", "."]);
        let forms: Vec<&str> = s[1].tokens.iter().map(|t| t.form.as_str()).collect();
        assert_eq!(forms, ["Russia", "'s", "army", "said", "no", "."]);
        assert_eq!(&text[s[2].start..s[2].end], "Next one");
    }
}
