//! Recogniser throughput: `cargo run --release -p dyad-actors --example bench_actors [-- ROUNDS]`.
//! Splits the seed articles with the plain splitter once, then times recognition alone.

use dyad_actors::{simple, ActorDictionary, Recognizer};
use dyad_doc::Document;
use std::path::Path;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let rounds: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(200);
    let seeds = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/seeds"));
    if !seeds.exists() {
        eprintln!("skipping: ../shared not found");
        return Ok(());
    }
    let t0 = Instant::now();
    let dict = ActorDictionary::builtin()?;
    let entries = dict.entries().len();
    let names: usize = dict.entries().iter().map(|e| e.names.len()).sum();
    use dyad_actors::Kind::*;
    for kind in [
        Country, Adjective, Demonym, Capital, Seat, City, Org, Armed, Person, Role, Modifier, Title, Collective, Ignore,
    ] {
        let n = dict.count(kind);
        let ns: usize = dict.entries().iter().filter(|e| e.kind == kind).map(|e| e.names.len()).sum();
        println!("{kind:?}: {n} entries, {ns} names");
    }
    println!("all: {entries} entries, {names} names");
    let recognizer = Recognizer::new(dict);
    println!("dictionary: {entries} entries, built in {:.1} ms", t0.elapsed().as_secs_f64() * 1e3);
    let mut docs = Vec::new();
    for e in std::fs::read_dir(seeds)? {
        let text = std::fs::read_to_string(e?.path())?;
        let mut doc = Document { text, ..Default::default() };
        doc.sentences = simple::split(&doc.text);
        docs.push(doc);
    }
    let sentences: usize = docs.iter().map(|d| d.sentences.len()).sum();
    let tokens: usize = docs.iter().flat_map(|d| &d.sentences).map(|s| s.tokens.len()).sum();
    let t = Instant::now();
    let mut mentions = 0;
    for _ in 0..rounds {
        for d in docs.iter_mut() {
            recognizer.recognise(d);
            mentions += d.mentions.len();
        }
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{rounds} rounds x {sentences} sentences ({tokens} tokens): {:.0} sentences/s, {:.0} tokens/s, {} mentions",
        (rounds * sentences) as f64 / secs,
        (rounds * tokens) as f64 / secs,
        mentions / rounds
    );
    Ok(())
}
