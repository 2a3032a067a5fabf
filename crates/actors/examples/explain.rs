//! Prints the actors found in text read from standard input, with the rule behind each:
//! `echo "Moscow said ..." | cargo run -p dyad-actors --example explain [-- YYYY-MM-DD]`.

use dyad_actors::{simple, ActorDictionary, Recognizer};
use dyad_doc::{Document, Metadata};
use std::io::{Read, Write};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let published = std::env::args()
        .nth(1)
        .map(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d"))
        .transpose()?;
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text)?;
    let recognizer = Recognizer::new(ActorDictionary::builtin()?);
    let mut doc = Document {
        text,
        meta: Metadata {
            published,
            ..Default::default()
        },
        ..Default::default()
    };
    doc.sentences = simple::split(&doc.text);
    recognizer.recognise(&mut doc);
    let mut out = std::io::stdout().lock();
    for m in &doc.mentions {
        let place = if m.place { " (place)" } else { "" };
        // a closed pipe (`| head`) ends the listing quietly
        if writeln!(
            out,
            "[{}] {:<45} {:<9}{place} {}",
            m.sentence, m.text, m.actor.code, m.rule
        )
        .is_err()
        {
            break;
        }
    }
    Ok(())
}
