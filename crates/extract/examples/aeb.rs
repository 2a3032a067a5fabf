//! Development helper: extract every benchmark page and print the prediction JSON.
//! `cargo run --release -p dyad-extract --example aeb -- DIR > pred.json`
use std::io::Read;
fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "../shared/data/article-extraction-benchmark/html".into());
    let mut pages = Vec::new();
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        let mut s = String::new();
        flate2::read::GzDecoder::new(std::fs::File::open(&p).unwrap()).read_to_string(&mut s).unwrap_or_default();
        let id = p.file_name().unwrap().to_string_lossy().trim_end_matches(".html.gz").to_string();
        pages.push((id, s));
    }
    let t = std::time::Instant::now();
    let mut out = serde_json::Map::new();
    for (id, body) in &pages {
        let src = dyad_doc::Source { id: id.clone(), origin: id.clone(), kind: dyad_doc::SourceKind::Html, body: body.clone(), hints: Default::default(), fetched: None };
        let text = match dyad_extract::extract(&src, &Default::default()) { Ok(d) => d[0].text.clone(), Err(_) => String::new() };
        out.insert(id.clone(), serde_json::json!({"articleBody": text}));
    }
    eprintln!("{} pages in {:.2}s = {:.1} pages/s", pages.len(), t.elapsed().as_secs_f64(), pages.len() as f64 / t.elapsed().as_secs_f64());
    println!("{}", serde_json::to_string(&out).unwrap());
}
