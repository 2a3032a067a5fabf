//! The warc reader never panics and ends on any bytes, reading them as `x.warc`.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = dyad_read::ReadOptions { max_page_bytes: 1 << 16, max_input_bytes: 1 << 22, max_lines: 1 << 16 };
    for item in dyad_read::read_stream("x.warc", std::io::Cursor::new(data.to_vec()), options) {
        let _ = item.map(|source| source.body.len());
    }
});
