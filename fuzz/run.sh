#!/usr/bin/env bash
# Runs every fuzz target for FUZZ_SECS seconds (or RUNS executions) on a corpus seeded
# from dyad's examples, and prints executions and findings per target. A crash leaves
# its input in fuzz/artifacts/TARGET/ and fails the run.
set -euo pipefail
cd "$(dirname "$0")"
bash seed.sh
LIMIT=${RUNS:+-runs=$RUNS}
LIMIT=${LIMIT:--max_total_time=${FUZZ_SECS:-20}}
status=0
for t in read_jsonl read_gzip read_warc extract nlp code; do
  log=$(mktemp)
  if cargo +nightly fuzz run -O "$t" "corpus/$t" -- $LIMIT -rss_limit_mb=2048 -timeout=10 -max_len=65536 >"$log" 2>&1; then
    verdict="no findings"
  else
    verdict="FOUND A CRASH (see fuzz/artifacts/$t)"
    status=1
  fi
  execs=$(grep -o 'Done [0-9]* runs' "$log" | grep -o '[0-9]*' || grep -o '#[0-9]*' "$log" | tail -1 | tr -d '#')
  echo "fuzz $t: ${execs:-?} executions, $verdict"
  [ "$status" = 0 ] || tail -30 "$log"
  rm -f "$log"
done
exit $status
