//! Development helper: print trafilatura's content HTML for one page (`.html.gz`).
use std::io::Read;
fn main() {
    let p = std::env::args().nth(1).unwrap();
    let mut s = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(&p).unwrap()).read_to_string(&mut s).unwrap();
    let opts = trafilatura::Options::default().with_exclude_comments(true).with_links(true);
    let r = trafilatura::extract(&s, &opts).unwrap();
    println!("{}", r.content_html);
}
