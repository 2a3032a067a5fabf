#!/usr/bin/env bash
# Browser test of the dyad dashboard in headless Chromium.
# Builds nothing: uses the dyad binary in $DYAD (default: target/release/dyad).
# Installs what is missing (Debian's chromium, playwright-core from npm), makes a database
# (the example articles ingested, or a synthetic one when that yields no events), serves it
# on a free loopback port, runs the test, stops the server. Screenshots go to screenshots/.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
DYAD="${DYAD:-$root/target/release/dyad}"
case "$DYAD" in /*) ;; *) DYAD="$PWD/$DYAD" ;; esac
if [ ! -x "$DYAD" ]; then
  echo "run.sh: no dyad binary at $DYAD (cargo build --release -p dyad, or set DYAD)" >&2
  exit 1
fi
if ! command -v chromium >/dev/null 2>&1; then
  apt-get update && apt-get install -y chromium
fi
cd "$here"
if [ ! -d node_modules/playwright-core ]; then
  npm ci --no-audit --no-fund 2>/dev/null || npm install --no-audit --no-fund
fi

work="$(mktemp -d)"
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

db="$work/dashboard.db"
pairs=0
if [ -d "$root/examples" ] && [ -n "$(ls -A "$root/examples" 2>/dev/null)" ]; then
  if "$DYAD" ingest --db "$db" "$root/examples" >"$work/ingest.log" 2>&1; then
    pairs="$("$DYAD" events --db "$db" --format jsonl --limit 100000 2>/dev/null \
      | grep -c '"country":"[A-Z]*".*"target":{"code":"[A-Z]*","country":"[A-Z]*"' || true)"
  fi
fi
if [ "${pairs:-0}" -lt 3 ]; then
  echo "run.sh: the examples gave ${pairs:-0} events between countries; using a synthetic database" >&2
  rm -f "$db" "$db"-wal "$db"-shm
  "$DYAD" bench relations --events 20000 --db "$db" >"$work/bench.log"
else
  echo "run.sh: serving the ingested examples ($pairs events between countries)" >&2
fi

port="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
"$DYAD" serve --db "$db" --addr "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
  if node -e "fetch('http://127.0.0.1:$port/api/openapi.json').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"; then
    break
  fi
  sleep 0.2
done

status=0
DYAD_URL="http://127.0.0.1:$port" SCREENSHOTS="$root/screenshots" node --test dashboard.test.mjs || status=$?
if [ "$status" -ne 0 ]; then
  echo "run.sh: server log:" >&2
  cat "$work/serve.log" >&2
fi
exit "$status"
