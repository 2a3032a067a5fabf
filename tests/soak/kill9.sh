#!/usr/bin/env bash
# Kill-9 soak: ROUNDS rounds of two `dyad ingest` processes over the same inputs into one
# new database at once, one of them killed (SIGKILL) at a random moment. After each round
# the store must pass SQLite's integrity check, hold no article or event twice, and equal
# the store of a clean run (same articles and texts, same event ids).
#   DYAD=target/release/dyad SHARED=../shared ROUNDS=20 bash tests/soak/kill9.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
DYAD=${DYAD:-${CARGO_TARGET_DIR:-target}/release/dyad}
SHARED=${SHARED:-../shared}
ROUNDS=${ROUNDS:-20}
if [ ! -d "$SHARED/data/seeds" ]; then
  echo "skipping the kill-9 soak: $SHARED/data not found"
  exit 0
fi
INPUTS=("$SHARED/data/article-extraction-benchmark/html" "$SHARED/data/seeds")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# Digest of what must not depend on how the ingest ran, plus the integrity and duplicate checks.
state() {
  python3 - "$1" <<'PY'
import hashlib, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
ok = db.execute("PRAGMA integrity_check").fetchone()[0]
dup_articles = db.execute("SELECT count(*) - count(DISTINCT content_hash) FROM articles").fetchone()[0]
dup_events = db.execute("SELECT count(*) - count(DISTINCT event_id) FROM events").fetchone()[0]
h = hashlib.sha256()
for row in db.execute("SELECT content_hash, url, title, published, text FROM articles ORDER BY content_hash"):
    h.update(repr(row).encode())
for (e,) in db.execute("SELECT event_id FROM events ORDER BY event_id"):
    h.update(e.encode())
n_a = db.execute("SELECT count(*) FROM articles").fetchone()[0]
n_e = db.execute("SELECT count(*) FROM events").fetchone()[0]
print(f"{ok} dup_articles={dup_articles} dup_events={dup_events} articles={n_a} events={n_e} digest={h.hexdigest()[:16]}")
PY
}

ingest() { "$DYAD" ingest "${INPUTS[@]}" --db "$1" >/dev/null 2>&1; }

start=$(date +%s.%N)
ingest "$WORK/clean.db" || [ $? = 3 ]   # 3: some benchmark pages hold no article
clean_secs=$(python3 -c "import time; print(round(time.time() - $start, 1))")
clean=$(state "$WORK/clean.db")
echo "clean run (${clean_secs} s): $clean"
pass=0
for round in $(seq 1 "$ROUNDS"); do
  db="$WORK/round-$round.db"
  ingest "$db" & a=$!
  ingest "$db" & b=$!
  delay=$(python3 -c "import random; print(round(random.uniform(0.2, $clean_secs), 2))")
  victim=$(python3 -c "import random; print(random.choice(['a', 'b']))")
  sleep "$delay"
  if [ "$victim" = a ]; then kill -9 "$a" 2>/dev/null || true; else kill -9 "$b" 2>/dev/null || true; fi
  wait "$a" 2>/dev/null || true
  wait "$b" 2>/dev/null || true
  got=$(state "$db")
  verdict=differs
  if [ "$got" = "$clean" ]; then verdict=same; pass=$((pass + 1)); fi
  echo "round $round: killed $victim after ${delay} s: $got: $verdict"
done
echo "kill-9 soak: $pass of $ROUNDS rounds equal to the clean run, integrity ok and no duplicates"
[ "$pass" = "$ROUNDS" ]
