#!/usr/bin/env bash
# Seeds each fuzz target's corpus (fuzz/corpus/TARGET, not committed) from dyad's own
# example articles: as pages for the extractor, as text for the parser and coder, and
# wrapped as JSONL, gzip and WARC for the readers.
set -euo pipefail
cd "$(dirname "$0")"
EX=../examples
for t in read_jsonl read_gzip read_warc extract nlp code; do mkdir -p "corpus/$t"; done
python3 - "$EX" <<'PY'
import gzip, json, os, sys
ex = sys.argv[1]
files = sorted(f for f in os.listdir(ex) if f.endswith((".html", ".txt")))
for i, name in enumerate(files):
    body = open(os.path.join(ex, name), encoding="utf-8").read()
    kind = "html" if name.endswith(".html") else "text"
    open(f"corpus/extract/{i}", "w").write(body)
    if kind == "text":
        open(f"corpus/nlp/{i}", "w").write(body[:4000])
        open(f"corpus/code/{i}", "w").write(body[:4000])
    line = json.dumps({"id": name, "url": f"https://news.example/{i}", "date": "2025-04-10", kind: body})
    open(f"corpus/read_jsonl/{i}", "w").write(line + "\n" + line + "\n")
    open(f"corpus/read_gzip/{i}", "wb").write(gzip.compress((line + "\n").encode()))
    block = f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{body}".encode()
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:seed-{i}>\r\n"
            f"WARC-Target-URI: https://news.example/{i}\r\nWARC-Date: 2025-04-12T08:00:00Z\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(block)}\r\n\r\n").encode()
    open(f"corpus/read_warc/{i}", "wb").write(head + block + b"\r\n\r\n")
PY
