//! Text normalisation shared by the dictionary and the recogniser: both sides must
//! fold words the same way or nothing matches.

use unicode_normalization::UnicodeNormalization;

/// Folds typographic variants and diacritics to plain ASCII where a plain form exists:
/// `Türkiye` → `Turkiye`, `Erdoğan` → `Erdogan`, `’` → `'`, `–` → `-`. Case is kept.
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c);
            continue;
        }
        match c {
            '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' | '\u{02BB}' | '`' => out.push('\''),
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' => out.push('"'),
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}' => out.push('-'),
            '\u{00A0}' | '\u{2009}' | '\u{202F}' => out.push(' '),
            'ı' => out.push('i'),
            'İ' => out.push('I'),
            'ł' => out.push('l'),
            'Ł' => out.push('L'),
            'ø' => out.push('o'),
            'Ø' => out.push('O'),
            'đ' | 'ð' => out.push('d'),
            'Đ' | 'Ð' => out.push('D'),
            'ß' => out.push_str("ss"),
            'æ' => out.push_str("ae"),
            'Æ' => out.push_str("AE"),
            'œ' => out.push_str("oe"),
            'Œ' => out.push_str("OE"),
            'þ' => out.push_str("th"),
            _ => {
                let mut pushed = false;
                for d in c.nfd() {
                    if !is_combining(d) {
                        out.push(d);
                        pushed = true;
                    }
                }
                if !pushed {
                    out.push(c);
                }
            }
        }
    }
    out
}

fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// The matching key of a word or phrase: folded, lower-cased, whitespace (and `_`, which
/// PETRARCH-style text uses to join words) removed.
/// Squashing the spaces lets a dictionary name match however the tokenizer split it
/// ("Hashemi-Raja" as one token or three, "U.S." as one or two).
pub fn key(s: &str) -> String {
    fold(s).chars().filter(|c| !c.is_whitespace() && *c != '_').flat_map(|c| c.to_lowercase()).collect()
}

/// Like [`key`] but keeps case, for names that must match case-sensitively (`US`, `WHO`).
pub fn exact_key(s: &str) -> String {
    fold(s).chars().filter(|c| !c.is_whitespace() && *c != '_').collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_diacritics_and_quotes() {
        assert_eq!(fold("Türkiye"), "Turkiye");
        assert_eq!(fold("Erdoğan"), "Erdogan");
        assert_eq!(fold("Élysée"), "Elysee");
        assert_eq!(fold("Zelensky’s"), "Zelensky's");
        assert_eq!(fold("R–South"), "R-South");
        assert_eq!(key("United  States"), "unitedstates");
        assert_eq!(exact_key("U.S. "), "U.S.");
    }
}
