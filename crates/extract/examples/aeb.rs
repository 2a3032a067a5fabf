//! Development helper: extract every benchmark page and print the prediction JSON.
//! `cargo run --release -p dyad-extract --example aeb -- DIR > pred.json`
fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/data/article-extraction-benchmark/html".into());
    let pages: Vec<_> = dyad_read::read_inputs(&[dir.into()]).filter_map(Result::ok).collect();
    let ex = dyad_extract::Extractor::new();
    let t = std::time::Instant::now();
    let mut out = serde_json::Map::new();
    for src in &pages {
        let text = match ex.extract(src, &Default::default()) {
            Ok(d) => d[0].text.clone(),
            Err(_) => String::new(),
        };
        out.insert(
            src.id.trim_end_matches(".html.gz").to_string(),
            serde_json::json!({"articleBody": text}),
        );
    }
    eprintln!(
        "{} pages in {:.2}s = {:.1} pages/s",
        pages.len(),
        t.elapsed().as_secs_f64(),
        pages.len() as f64 / t.elapsed().as_secs_f64()
    );
    println!("{}", serde_json::to_string(&out).unwrap());
}
