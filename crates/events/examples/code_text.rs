//! Development aid: code plain-text files (no extraction) and print JSONL events.
//! `cargo run --release -p dyad-events --example code_text -- FILE... [--explain]`
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let explain = args.iter().any(|a| a == "--explain");
    // a model file under development can stand in for the built-in one
    let analyzer = match std::env::var_os("DYAD_NLP_MODEL") {
        Some(p) => dyad_nlp::Analyzer::load(std::path::Path::new(&p))?,
        None => dyad_nlp::Analyzer::builtin()?,
    };
    let recognizer = dyad_actors::Recognizer::new(dyad_actors::ActorDictionary::builtin()?);
    let mut coder = dyad_events::EventCoder::builtin()?;
    coder.options.include_unasserted = std::env::var_os("DYAD_ALL").is_some();
    for path in args.iter().filter(|a| !a.starts_with("--")) {
        let text = std::fs::read_to_string(path)?;
        let mut doc = dyad_doc::Document { text, ..Default::default() };
        doc.meta.published = std::env::var("DYAD_PUBLISHED").ok().and_then(|d| d.parse().ok());
        doc.id = std::path::Path::new(path).file_name().unwrap().to_string_lossy().into_owned();
        analyzer.annotate(&mut doc);
        recognizer.recognise(&mut doc);
        coder.code(&mut doc);
        if explain {
            for (i, s) in doc.sentences.iter().enumerate() {
                println!("## {}", doc.slice(s.start, s.end));
                for (k, t) in s.tokens.iter().enumerate() {
                    let m = doc.mentions.iter().find(|m| m.sentence == i && m.tokens.0 <= k && k < m.tokens.1);
                    println!(
                        "  {:>3} {:<14} {:<12} {:<5} {:>3} {:<10} {}",
                        k + 1,
                        t.form,
                        t.lemma,
                        t.upos,
                        t.head,
                        t.deprel,
                        m.map(|m| format!("[{}{}]", m.actor.code, if m.place { " place" } else { "" }))
                            .unwrap_or_default()
                    );
                }
                for e in doc.events.iter().filter(|e| e.span == (s.start, s.end)) {
                    println!(
                        "  => {} -> {} {} | {} | {:?}",
                        e.source.code, e.target.code, e.cameo, e.evidence.pattern, e.evidence.notes
                    );
                }
            }
        } else {
            for e in &doc.events {
                println!("{}", serde_json::to_string(e)?);
            }
        }
    }
    Ok(())
}
