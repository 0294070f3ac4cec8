#!/usr/bin/env bash
# The status page in a real browser at a phone's size: no horizontal scrolling, the stylesheet
# applies under the Content-Security-Policy, no browser errors. Screenshots stay in OUT_DIR.
# Usage: status_page_browser_test.sh AFTERSALES_CLI OUT_DIR
set -euo pipefail
cli=$1
out=$2
here=$(cd "$(dirname "$0")/../browser" && pwd)
mkdir -p "$out"
work=$(mktemp -d)
cleanup() { [ -n "${server:-}" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

if [ ! -d "$here/node_modules/playwright-core" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --silent)
fi

db=$work/store.db
"$cli" --db "$db" demo --sales 1000 --seed 11 >/dev/null
"$cli" --db "$db" serve --listen 127.0.0.1:0 > "$work/serve.out" 2> "$work/serve.log" &
server=$!
for _ in $(seq 50); do grep -q "port" "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
port=$(sed -n 's/.*(port \([0-9]*\)).*/\1/p' "$work/serve.out")
[ -n "$port" ] || { echo "FAIL: server did not start"; cat "$work/serve.log"; exit 1; }

status=0
for state in awaiting_approval completed ready_for_pickup; do
  token=$(sqlite3 "$db" "SELECT token FROM cases WHERE status = '$state' AND kind = 'repair' LIMIT 1")
  for lang in en es fr; do
    shot="$out/status-$state-$lang.png"
    if node "$here/status_page.mjs" "http://127.0.0.1:$port/s/$token?lang=$lang" "$shot"; then
      echo "ok   $state $lang -> $shot"
    else
      echo "FAIL $state $lang"; status=1
    fi
  done
done
if node "$here/status_page.mjs" "http://127.0.0.1:$port/track" "$out/track.png"; then echo "ok   track"; else status=1; fi
exit $status
