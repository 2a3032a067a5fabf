//! Input readers: files, directories, gzip, JSONL, WARC, stdin.
