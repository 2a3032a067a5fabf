//! Rule-based tokenizer for news English, following UD English EWT conventions: clitics and
//! possessives split off ("Russia's" → Russia 's, "don't" → do n't), hyphenated compounds
//! split at the hyphen unless the first part is a prefix ("e-mail", "non-profit" stay whole),
//! numbers, URLs, e-mail addresses, abbreviations and initials kept whole.

/// One word: byte offsets into the text, and how many line breaks precede it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    /// Line breaks in the whitespace before this word (0 when none or when it is glued to
    /// the previous word).
    pub newlines_before: u8,
}

/// Abbreviations that keep their final period (lowercased, period included).
const ABBREVIATIONS: &[&str] = &[
    "mr.", "mrs.", "ms.", "dr.", "prof.", "gen.", "sen.", "rep.", "gov.", "lt.", "col.", "sgt.", "capt.", "maj.",
    "adm.", "cmdr.", "gens.", "sens.", "reps.", "pres.", "supt.", "insp.", "rev.", "hon.", "amb.", "atty.", "st.",
    "jr.", "sr.", "inc.", "corp.", "co.", "ltd.", "bros.", "llc.", "jan.", "feb.", "mar.", "apr.", "jun.", "jul.",
    "aug.", "sep.", "sept.", "oct.", "nov.", "dec.", "mon.", "tue.", "tues.", "wed.", "thu.", "thur.", "thurs.",
    "fri.", "sat.", "sun.", "vs.", "v.", "etc.", "approx.", "no.", "nos.", "vol.", "pp.", "p.", "fig.", "ca.",
    "calif.", "conn.", "mass.", "fla.", "ill.", "tex.", "wash.", "ariz.", "colo.", "penn.", "pa.", "va.", "md.",
    "mich.", "minn.", "ga.", "la.", "ala.", "ky.", "tenn.", "okla.", "ore.", "nev.", "wis.", "del.", "neb.", "kan.",
    "miss.", "ind.", "mo.", "ark.", "vt.", "wyo.", "mont.", "dept.", "ave.", "blvd.", "rd.", "mt.", "ft.", "est.",
    "cf.", "al.", "min.", "max.", "dist.", "univ.", "assn.", "govt.", "intl.", "natl.",
];

/// Word beginnings that stay attached to a following hyphen ("e-mail", "co-founder").
const HYPHEN_PREFIXES: &[&str] = &[
    "e", "non", "pre", "anti", "mid", "re", "post", "co", "pro", "multi", "ex", "sub", "semi", "cross", "neo",
    "counter", "inter", "intra", "micro", "macro", "socio", "psycho", "vice", "un", "over", "under", "bi", "tri", "de",
    "mis", "pan", "trans", "ultra", "extra",
];

const OPEN_PUNCT: &[char] = &['(', '[', '{', '"', '\'', '“', '‘', '«', '‹', '`', '<', '„', '¿', '¡', '*'];
const CLOSE_PUNCT: &[char] = &[')', ']', '}', '"', '\'', '”', '’', '»', '›', ',', ';', ':', '!', '?', '>', '*', '…'];
const DASHES: &[char] = &['—', '–', '―', '‒'];
/// Punctuation whose repetitions form one token ("!!!", "<<", "****").
const RUNS: &[char] = &['!', '?', '*', '<', '>', '=', '~', '#', '`'];

/// Byte length of the run of `c` at the start of `chars` ('!' and '?' mix: "?!").
fn run_len(chars: impl Iterator<Item = char>, c: char) -> usize {
    let same = |x: char| x == c || (matches!(c, '!' | '?') && matches!(x, '!' | '?'));
    chars.take_while(|x| same(*x)).map(char::len_utf8).sum()
}

/// Splits text into words with byte offsets.
pub fn tokenize(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut newlines = 0u8;
    let mut chunk_start: Option<usize> = None;
    for (i, ch) in text.char_indices() {
        if ch.is_whitespace() {
            if let Some(s) = chunk_start.take() {
                split_chunk(text, s, i, newlines, &mut out);
                newlines = 0;
            }
            if ch == '\n' {
                newlines = newlines.saturating_add(1);
            }
        } else if chunk_start.is_none() {
            chunk_start = Some(i);
        }
    }
    if let Some(s) = chunk_start {
        split_chunk(text, s, text.len(), newlines, &mut out);
    }
    out
}

fn push(out: &mut Vec<Span>, start: usize, end: usize, newlines: &mut u8) {
    if start < end {
        out.push(Span { start, end, newlines_before: *newlines });
        *newlines = 0;
    }
}

fn is_url_or_email(s: &str) -> bool {
    let l = s.to_ascii_lowercase();
    if l.starts_with("http://") || l.starts_with("https://") || l.starts_with("www.") || l.starts_with("ftp://") {
        return true;
    }
    if let Some((a, b)) = s.split_once('@') {
        return a.starts_with(|c: char| c.is_alphanumeric())
            && b.contains('.')
            && b.ends_with(|c: char| c.is_alphanumeric())
            && !b.contains('@');
    }
    // Bare domains such as example.com or news.bbc.co.uk.
    let parts: Vec<&str> = l.split('.').collect();
    parts.len() >= 2
        && parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        && matches!(
            *parts.last().unwrap_or(&""),
            "com" | "org" | "net" | "gov" | "edu" | "uk" | "io" | "info" | "ru" | "ua"
        )
}

/// Numbers with separators and decimals, phone numbers, dates, times, versions: one token.
fn is_number_like(s: &str) -> bool {
    let s = s.strip_prefix(['+', '-', '±']).unwrap_or(s);
    let mut digits = 0;
    for c in s.chars() {
        if c.is_ascii_digit() {
            digits += 1;
        } else if !matches!(c, '.' | ',' | '-' | '/' | ':' | 'x') {
            return false;
        }
    }
    digits > 0
        && s.chars().next().is_some_and(|c| c.is_ascii_digit())
        && s.chars().last().is_some_and(|c| c.is_ascii_digit())
}

fn is_abbreviation(s: &str) -> bool {
    let l = s.to_lowercase();
    if ABBREVIATIONS.contains(&l.as_str()) {
        return true;
    }
    // Initials and dotted acronyms: "J.", "U.S.", "a.m.", "Ph.D."
    let parts: Vec<&str> = s.split('.').collect();
    if parts.len() >= 2 && parts.last() == Some(&"") {
        let body = &parts[..parts.len() - 1];
        if body.iter().all(|p| p.chars().count() == 1 && p.chars().all(|c| c.is_alphabetic())) {
            return true;
        }
        if body.len() >= 2
            && body.iter().all(|p| (1..=2).contains(&p.chars().count()) && p.chars().all(|c| c.is_alphabetic()))
        {
            return true;
        }
    }
    false
}

/// Titles and abbreviations that precede a name or number and so never end a sentence.
pub(crate) fn never_ends_sentence(s: &str) -> bool {
    matches!(
        s.to_lowercase().as_str(),
        "mr."
            | "mrs."
            | "ms."
            | "dr."
            | "prof."
            | "gen."
            | "sen."
            | "rep."
            | "gov."
            | "lt."
            | "col."
            | "sgt."
            | "capt."
            | "maj."
            | "adm."
            | "cmdr."
            | "gens."
            | "sens."
            | "reps."
            | "pres."
            | "supt."
            | "insp."
            | "rev."
            | "hon."
            | "amb."
            | "atty."
            | "no."
            | "nos."
            | "vol."
            | "pp."
            | "fig."
            | "vs."
            | "v."
            | "st."
            | "mt."
            | "ft."
    )
}

/// Whether `s` is an abbreviation or initial with its period ("U.S.", "J.", "Gen.").
pub(crate) fn is_abbreviation_token(s: &str) -> bool {
    s.ends_with('.') && s.len() > 1 && is_abbreviation(s)
}

fn is_emoticon(s: &str) -> bool {
    matches!(
        s,
        ":)" | ":-)" | ":(" | ":-(" | ";)" | ";-)" | ":D" | ":-D" | ":P" | ":p" | "=)" | "<3" | ":/" | ":-/" | "^_^"
    )
}

/// Tokenizes one whitespace-free chunk `text[start..end]`.
fn split_chunk(text: &str, start: usize, end: usize, mut newlines: u8, out: &mut Vec<Span>) {
    let mut s = start;
    let mut e = end;
    let mut tail: Vec<(usize, usize)> = Vec::new();
    loop {
        let cur = &text[s..e];
        if cur.is_empty() || is_emoticon(cur) {
            break;
        }
        if is_url_or_email(cur) {
            // Trailing sentence punctuation is not part of a URL.
            if let Some(c) = cur.chars().last() {
                if matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')' | '"' | '\'' | '”' | '’') {
                    tail.push((e - c.len_utf8(), e));
                    e -= c.len_utf8();
                    continue;
                }
            }
            break;
        }
        let first = cur.chars().next().unwrap_or(' ');
        let last = cur.chars().last().unwrap_or(' ');
        // Leading punctuation.
        if cur.len() > first.len_utf8() && (OPEN_PUNCT.contains(&first) || DASHES.contains(&first)) {
            let n = if RUNS.contains(&first) { run_len(cur.chars(), first) } else { first.len_utf8() };
            if n < cur.len() {
                push(out, s, s + n, &mut newlines);
                s += n;
                continue;
            }
        }
        if cur.starts_with("--") && cur.len() > 2 {
            let n = cur.chars().take_while(|c| *c == '-').count();
            if n < cur.len() {
                push(out, s, s + n, &mut newlines);
                s += n;
                continue;
            }
        }
        if first == '$' && cur.len() > 1 && cur[1..].starts_with(|c: char| c.is_ascii_digit()) {
            push(out, s, s + 1, &mut newlines);
            s += 1;
            continue;
        }
        // Trailing ellipsis and dashes.
        if cur.ends_with("..") && cur.len() > 2 {
            let n = cur.chars().rev().take_while(|c| *c == '.').count();
            tail.push((e - n, e));
            e -= n;
            continue;
        }
        if (DASHES.contains(&last) || last == '-') && cur.chars().count() > 1 && !cur.chars().all(|c| c == '-') {
            let n =
                cur.chars().rev().take_while(|c| DASHES.contains(c) || *c == '-').map(char::len_utf8).sum::<usize>();
            tail.push((e - n, e));
            e -= n;
            continue;
        }
        if cur.len() > last.len_utf8() && CLOSE_PUNCT.contains(&last) {
            // A closing quote after s is a possessive ("countries'"): same token either way.
            if last == '%' {
                break;
            }
            let n = if RUNS.contains(&last) { run_len(cur.chars().rev(), last) } else { last.len_utf8() };
            if n < cur.len() {
                tail.push((e - n, e));
                e -= n;
                continue;
            }
            break;
        }
        if last == '%' && cur.len() > 1 {
            tail.push((e - 1, e));
            e -= 1;
            continue;
        }
        // The period stays on an abbreviation, also at the end of a hyphenated chunk ("D-Conn.").
        let last_part = cur.rsplit(['-', '/']).next().unwrap_or(cur);
        if last == '.' && cur.len() > 1 && !is_abbreviation(last_part) {
            tail.push((e - 1, e));
            e -= 1;
            continue;
        }
        break;
    }
    if s < e {
        split_core(text, s, e, &mut newlines, out);
    }
    for (a, b) in tail.into_iter().rev() {
        push(out, a, b, &mut newlines);
    }
}

/// Clitics split off the end of a word, longest first: (suffix, part that stays with the
/// host when the clitic is "n't").
const CLITICS: &[&str] = &[
    "n't", "n’t", "'s", "’s", "'re", "’re", "'ve", "’ve", "'ll", "’ll", "'d", "’d", "'m", "’m", "'S", "’S", "N'T",
    "'RE", "'VE", "'LL", "'D", "'M",
];

/// Words spelled without an apostrophe that EWT splits: (word, split point).
fn fused_split(lower: &str) -> Option<usize> {
    match lower {
        "cannot" => Some(3),
        "gonna" | "wanna" => Some(3),
        "gotta" => Some(3),
        "alot" => Some(1),
        "im" => Some(1),
        "ive" => Some(1),
        "thats" | "whats" => Some(lower.len() - 1),
        "dont" | "didnt" | "doesnt" | "isnt" | "wasnt" | "wont" | "cant" | "couldnt" | "wouldnt" | "shouldnt"
        | "arent" | "werent" | "hasnt" | "havent" | "hadnt" | "aint" => Some(lower.len() - 2),
        _ => None,
    }
}

fn split_core(text: &str, s: usize, e: usize, newlines: &mut u8, out: &mut Vec<Span>) {
    let cur = &text[s..e];
    if is_url_or_email(cur) || is_number_like(cur) || is_abbreviation(cur) || is_emoticon(cur) {
        push(out, s, e, newlines);
        return;
    }
    // Clitics.
    let lower = cur.to_lowercase();
    for c in CLITICS {
        if cur.len() > c.len() && cur.ends_with(c) {
            let cut = e - c.len();
            let (host_end, clitic_start) = if c.starts_with(['n', 'N']) {
                // "can't" → ca n't, "won't" → wo n't: the n belongs to the clitic.
                (cut, cut)
            } else {
                (cut, cut)
            };
            split_core(text, s, host_end, newlines, out);
            push(out, clitic_start, e, newlines);
            return;
        }
    }
    if lower.len() == cur.len() {
        if let Some(k) = fused_split(&lower) {
            push(out, s, s + k, newlines);
            push(out, s + k, e, newlines);
            return;
        }
    }
    // Internal separators: hyphens (unless after a prefix or between digits), slashes between
    // words, dashes, ellipses, commas between letters.
    let bytes: Vec<(usize, char)> = cur.char_indices().collect();
    for (k, &(i, ch)) in bytes.iter().enumerate() {
        if k == 0 || k + 1 == bytes.len() {
            continue;
        }
        let prev = bytes[k - 1].1;
        let next = bytes[k + 1].1;
        let split_here = match ch {
            '-' => {
                let left = &cur[..i];
                let left_word = left.rsplit(['-', '/']).next().unwrap_or(left).to_lowercase();
                prev.is_alphanumeric()
                    && next.is_alphanumeric()
                    && !(prev.is_ascii_digit() && next.is_ascii_digit())
                    && !HYPHEN_PREFIXES.contains(&left_word.as_str())
                    && !(left_word.chars().count() == 1 && next.is_ascii_digit())
            }
            '/' => prev.is_alphabetic() && next.is_alphabetic() && cur[..i].chars().count() > 1,
            '—' | '–' => true,
            ',' | ';' => prev.is_alphabetic() && next.is_alphabetic(),
            '.' => cur[i..].starts_with("..") && prev != '.',
            '(' | ')' | '"' | '“' | '”' => true,
            _ => false,
        };
        if split_here {
            let sep_len = if ch == '.' { cur[i..].chars().take_while(|c| *c == '.').count() } else { ch.len_utf8() };
            // Each side may again start or end with punctuation: "file.pdf)(See".
            split_chunk(text, s, s + i, *newlines, out);
            *newlines = 0;
            push(out, s + i, s + i + sep_len, newlines);
            split_chunk(text, s + i + sep_len, e, 0, out);
            return;
        }
    }
    push(out, s, e, newlines);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|s| &text[s.start..s.end]).collect()
    }

    #[test]
    fn abbreviations_and_initials_keep_their_period() {
        assert_eq!(
            words("Sen. Chris Murphy (D-Conn.) met Gen. J. Smith in the U.S. on Jan. 5."),
            vec![
                "Sen.", "Chris", "Murphy", "(", "D", "-", "Conn.", ")", "met", "Gen.", "J.", "Smith", "in", "the",
                "U.S.", "on", "Jan.", "5", "."
            ]
        );
    }

    #[test]
    fn numbers_stay_whole() {
        assert_eq!(
            words("It cost $1,250.50, up 3.5% from 2,000."),
            vec!["It", "cost", "$", "1,250.50", ",", "up", "3.5", "%", "from", "2,000", "."]
        );
    }

    #[test]
    fn quotes_of_every_kind_split() {
        assert_eq!(
            words("He said \"yes\" and “no” and ‘maybe’ and 'never'."),
            vec![
                "He", "said", "\"", "yes", "\"", "and", "“", "no", "”", "and", "‘", "maybe", "’", "and", "'", "never",
                "'", "."
            ]
        );
    }

    #[test]
    fn possessives_and_contractions_split_the_ud_way() {
        assert_eq!(
            words("Russia's army don't can't won't Kyiv’s allies' I'm"),
            vec!["Russia", "'s", "army", "do", "n't", "ca", "n't", "wo", "n't", "Kyiv", "’s", "allies", "'", "I", "'m"]
        );
        assert_eq!(words("We cannot"), vec!["We", "can", "not"]);
    }

    #[test]
    fn dashes_and_hyphens() {
        assert_eq!(
            words("a détente—without Ukraine - and a cease-fire by e-mail"),
            vec!["a", "détente", "—", "without", "Ukraine", "-", "and", "a", "cease", "-", "fire", "by", "e-mail"]
        );
        assert_eq!(words("Hashemi-Raja spoke"), vec!["Hashemi", "-", "Raja", "spoke"]);
    }

    #[test]
    fn urls_and_emails_stay_whole() {
        assert_eq!(
            words("See https://example.com/a-b?x=1. Write to press@un.org."),
            vec!["See", "https://example.com/a-b?x=1", ".", "Write", "to", "press@un.org", "."]
        );
    }

    #[test]
    fn repeated_punctuation_is_one_token() {
        assert_eq!(
            words("Really?! No way!!! <<File: a.doc>>"),
            vec!["Really", "?!", "No", "way", "!!!", "<<", "File", ":", "a.doc", ">>"]
        );
        assert_eq!(words("Wait... what"), vec!["Wait", "...", "what"]);
    }

    #[test]
    fn bracketed_addresses_and_glued_brackets() {
        assert_eq!(
            words("\"Ann Lee\" <ann.lee@example.org>"),
            vec!["\"", "Ann", "Lee", "\"", "<", "ann.lee@example.org", ">"]
        );
        assert_eq!(words("(a.pdf)(See)"), vec!["(", "a.pdf", ")", "(", "See", ")"]);
    }

    #[test]
    fn offsets_point_into_the_text() {
        let text = "  Putin’s envoy\nsaid: “No.”";
        for s in tokenize(text) {
            assert!(text.get(s.start..s.end).is_some());
        }
        let spans = tokenize(text);
        assert_eq!(spans[3].newlines_before, 1);
        assert_eq!(&text[spans[3].start..spans[3].end], "said");
        assert_eq!(&text[spans[0].start..spans[0].end], "Putin");
    }
}
