//! Prints the actors found in text read from standard input, with the rule behind each:
//! `echo "Moscow said ..." | cargo run -p dyad-actors --example explain [-- YYYY-MM-DD [ACTORS AGENTS]]`;
//! with PETRARCH actor and agent files, those dictionaries replace the built-in one.

use dyad_actors::{simple, ActorDictionary, Recognizer};
use dyad_doc::{Document, Metadata};
use std::io::{Read, Write};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let published = std::env::args().nth(1).map(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d")).transpose()?;
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text)?;
    let args: Vec<String> = std::env::args().collect();
    let dict = match (args.get(2), args.get(3)) {
        (Some(actors), agents) => {
            ActorDictionary::load_petrarch(std::path::Path::new(actors), agents.map(std::path::Path::new))?
        }
        _ => ActorDictionary::builtin()?,
    };
    let recognizer = Recognizer::new(dict);
    let mut doc = Document { text, meta: Metadata { published, ..Default::default() }, ..Default::default() };
    doc.sentences = simple::split(&doc.text);
    recognizer.recognise(&mut doc);
    let mut out = std::io::stdout().lock();
    for m in &doc.mentions {
        let place = if m.place { " (place)" } else { "" };
        // a closed pipe (`| head`) ends the listing quietly
        if writeln!(out, "[{}] {:<45} {:<9}{place} {}", m.sentence, m.text, m.actor.code, m.rule).is_err() {
            break;
        }
    }
    Ok(())
}
