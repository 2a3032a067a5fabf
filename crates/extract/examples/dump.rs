//! Development helper: print trafilatura's content HTML for one page.
fn main() {
    let p = std::env::args().nth(1).unwrap();
    let src = dyad_read::read_inputs(&[p.into()]).next().unwrap().unwrap();
    let opts = trafilatura::Options::default()
        .with_exclude_comments(true)
        .with_links(true);
    let r = trafilatura::extract(&src.body, &opts).unwrap();
    println!("{}", r.content_html);
}
