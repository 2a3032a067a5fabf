//! Measures the recogniser on the seed articles against the gold actor lists:
//! `cargo run --release -p dyad-actors --example seed_actors [-- --nlp] [--verbose]`:
//! sentences and tokens from the plain splitter, or with `--nlp` from the nlp stage's
//! analyser (tags and parse).
//! A gold entry (text → code) counts as found when a mention overlapping the text's first
//! occurrence carries the code: "country" compares the first three letters (as scoring
//! does), "exact" the whole code.

use chrono::NaiveDate;
use dyad_actors::{simple, ActorDictionary, Recognizer};
use dyad_doc::{Document, Metadata};
use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let verbose = std::env::args().any(|a| a == "--verbose");
    let analyzer = if std::env::args().any(|a| a == "--nlp") { Some(dyad_nlp::Analyzer::builtin()?) } else { None };
    println!(
        "analysis: {}",
        if analyzer.is_some() { "dyad_nlp::Analyzer::builtin()" } else { "dyad_actors::simple::split" }
    );
    let shared = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data"));
    if !shared.exists() {
        eprintln!("skipping: ../shared not found");
        return Ok(());
    }
    let gold_text = std::fs::read_to_string(shared.join("gold/dev.gold.jsonl"))?;
    let gold: Vec<serde_json::Value> =
        gold_text.lines().filter(|l| !l.trim().is_empty()).map(serde_json::from_str).collect::<Result<_, _>>()?;
    let recognizer = Recognizer::new(ActorDictionary::builtin()?);
    let (mut total, mut located, mut country_ok, mut exact_ok, mut mentions, mut any_ok) = (0, 0, 0, 0, 0, 0);
    let mut seeds: Vec<_> = std::fs::read_dir(shared.join("seeds"))?.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    seeds.sort();
    for path in seeds {
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string();
        let text = std::fs::read_to_string(&path)?;
        let docs: Vec<&serde_json::Value> = gold
            .iter()
            .filter(|g| g["doc"].as_str().is_some_and(|d| d == stem || d.starts_with(&format!("{stem}#"))))
            .collect();
        let published = docs
            .iter()
            .find_map(|g| g["pub_date"].as_str())
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        let mut doc = Document {
            id: stem.clone(),
            text: text.clone(),
            meta: Metadata { published, ..Default::default() },
            ..Default::default()
        };
        match &analyzer {
            Some(a) => a.annotate(&mut doc),
            None => doc.sentences = simple::split(&doc.text),
        }
        recognizer.recognise(&mut doc);
        mentions += doc.mentions.len();
        if verbose {
            for m in &doc.mentions {
                println!("  {stem} [{}] {:<45} {:<8} {}", m.sentence, m.text, m.actor.code, m.rule);
            }
        }
        for g in &docs {
            for a in g["actors"].as_array().into_iter().flatten() {
                let (Some(t), Some(code)) = (a["text"].as_str(), a["code"].as_str()) else {
                    continue;
                };
                total += 1;
                // the occurrence inside the part of the page the gold document covers
                let Some(s) = find(&text, t) else {
                    println!("MISSING TEXT {stem}: {t}");
                    continue;
                };
                located += 1;
                let e = s + t.len();
                let hits: Vec<&str> =
                    doc.mentions.iter().filter(|m| m.start < e && m.end > s).map(|m| m.actor.code.as_str()).collect();
                let c = hits.iter().any(|h| h.get(..3) == code.get(..3));
                let x = hits.contains(&code);
                // lenient: any whole-word occurrence of the text carries the country
                let any = occurrences(&text, t).into_iter().any(|s| {
                    let e = s + t.len();
                    doc.mentions.iter().any(|m| m.start < e && m.end > s && m.actor.code.get(..3) == code.get(..3))
                });
                any_ok += any as usize;
                country_ok += c as usize;
                exact_ok += x as usize;
                if !c || verbose {
                    println!("{} {stem}: {t:?} gold {code}, got {hits:?}", if c { "ok  " } else { "MISS" });
                }
            }
        }
    }
    println!("gold actor entries: {total} (text located: {located})");
    println!(
        "country (first 3 letters) right: {country_ok}/{total} = {:.1}%",
        100.0 * country_ok as f64 / total.max(1) as f64
    );
    println!("exact code right: {exact_ok}/{total} = {:.1}%", 100.0 * exact_ok as f64 / total.max(1) as f64);
    println!(
        "country right at some occurrence: {any_ok}/{total} = {:.1}%",
        100.0 * any_ok as f64 / total.max(1) as f64
    );
    println!("mentions produced: {mentions}");
    Ok(())
}

/// Whole-word occurrences of `needle` (case-sensitive).
fn occurrences(hay: &str, pat: &str) -> Vec<usize> {
    hay.match_indices(pat)
        .map(|(i, _)| i)
        .filter(|&i| {
            let before = hay[..i].chars().next_back().map_or(true, |c| !c.is_alphanumeric());
            let after = hay[i + pat.len()..].chars().next().map_or(true, |c| !c.is_alphanumeric());
            before && after
        })
        .collect()
}

/// First whole-word occurrence of `needle` (case-sensitive, then insensitive).
fn find(text: &str, needle: &str) -> Option<usize> {
    occurrences(text, needle)
        .first()
        .copied()
        .or_else(|| occurrences(&text.to_lowercase(), &needle.to_lowercase()).first().copied())
}
