//! Development helper: print extracted documents of the inputs as JSON lines.
fn main() {
    let paths: Vec<std::path::PathBuf> = std::env::args().skip(1).map(Into::into).collect();
    let ex = dyad_extract::Extractor::new();
    for src in dyad_read::read_inputs(&paths) {
        match src
            .map_err(|e| e.to_string())
            .and_then(|s| ex.extract(&s, &Default::default()).map_err(|e| e.to_string()))
        {
            Ok(docs) => {
                for d in docs {
                    println!(
                        "{}",
                        serde_json::to_string_pretty(&serde_json::json!({"id": d.id, "meta": d.meta, "text": d.text}))
                            .unwrap()
                    );
                }
            }
            Err(e) => eprintln!("error: {e}"),
        }
    }
}
