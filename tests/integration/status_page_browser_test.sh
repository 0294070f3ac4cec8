#!/usr/bin/env bash
# The status page in a real browser at a phone's size, in every state a case can be in and in
# English, Spanish and French: axe-core with no serious violation, no horizontal scrolling, the
# stylesheet applies under the Content-Security-Policy, no browser errors, Approve above the fold,
# the estimate and the rating tapped through; then Lighthouse's accessibility score (at least 98)
# of each state. Screenshots stay in OUT_DIR.
# Usage: status_page_browser_test.sh AFTERSALES_CLI OUT_DIR
set -euo pipefail
cli=$1
out=$2
here=$(cd "$(dirname "$0")/../browser" && pwd)
mkdir -p "$out"
work=$(mktemp -d)
cleanup() { [ -n "${server:-}" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

if [ ! -d "$here/node_modules/axe-core" ] || [ ! -d "$here/node_modules/lighthouse" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --silent)
fi

db=$work/store.db
"$cli" --db "$db" demo --sales 1000 --seed 11 >/dev/null
"$cli" --db "$db" serve --listen 127.0.0.1:0 > "$work/serve.out" 2> "$work/serve.log" &
server=$!
for _ in $(seq 50); do grep -q "port" "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
port=$(sed -n 's/.*(port \([0-9]*\)).*/\1/p' "$work/serve.out")
[ -n "$port" ] || { echo "FAIL: server did not start"; cat "$work/serve.log"; exit 1; }
base="http://127.0.0.1:$port"

token() { sqlite3 "$db" "SELECT token FROM cases WHERE $1 ORDER BY id LIMIT 1"; }
awaiting=$(sqlite3 -json "$db" "SELECT token FROM cases WHERE status = 'awaiting_approval' ORDER BY id DESC LIMIT 3")
# A completed repair not yet rated: the demo rates every finished case, so finish one more.
"$cli" --db "$db" case advance "$(sqlite3 "$db" "SELECT code FROM cases WHERE status = 'ready_for_pickup' ORDER BY id DESC LIMIT 1")" completed >/dev/null
states="{"
for state in checked_in diagnosing awaiting_approval awaiting_parts repairing ready_for_pickup cancelled; do
  states+="\"$state\": \"$(token "kind = 'repair' AND status = '$state'")\","
done
states+="\"completed\": \"$(token "kind = 'repair' AND status = 'completed' AND id NOT IN (SELECT case_id FROM feedback)")\","
states+="\"completed_rated\": \"$(token "kind = 'repair' AND status = 'completed' AND id IN (SELECT case_id FROM feedback)")\","
for state in requested received approved rejected; do
  states+="\"return_$state\": \"$(token "kind = 'return' AND status = '$state'")\","
done
states="${states%,}}"
# The awaiting_approval page shows the oldest awaiting case; the three newest go through the
# estimate in the browser.
# A photo for the upload: made here (the browser test adds a GPS position to its EXIF), on an open
# repair of its own, so that the pages above stay as they were.
convert -size 1200x900 gradient:'#3a6ea5'-'#f0c419' -quality 85 "$work/plain.jpg"
photo_token=$(sqlite3 "$db" "SELECT token FROM cases WHERE kind = 'repair' AND status = 'diagnosing' ORDER BY id DESC LIMIT 1")
python3 - "$awaiting" "$states" "$photo_token" "$work/plain.jpg" > "$work/cases.json" <<'PY'
import json, sys
awaiting = [row["token"] for row in json.loads(sys.argv[1])]
states = json.loads(sys.argv[2])
print(json.dumps({"awaiting": awaiting, "states": states, "photo": {"token": sys.argv[3], "jpeg": sys.argv[4]}}))
PY
cat "$work/cases.json" | sed 's/"[0-9A-Z]\{26\}"/"…"/g'

status=0
start=$(date +%s)
node "$here/status_page.mjs" "$base" "$out" "$work/cases.json" || status=1
echo "browser checks took $(( $(date +%s) - start )) s"

# Lighthouse: every state in every language, including what the taps above left behind (approved,
# declined, rated), and the track form before and after a wrong try.
waiting=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["states"]["awaiting_approval"])' "$work/cases.json")
answered=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["awaiting"][0])' "$work/cases.json")
not_waiting=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["states"]["checked_in"])' "$work/cases.json")
urls=()
for lang in en es fr; do
  for t in $(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(" ".join(list(d["states"].values()) + d["awaiting"]))' "$work/cases.json"); do
    urls+=("$base/s/$t?lang=$lang")
  done
  urls+=("$base/track?lang=$lang" "$base/track?lang=$lang&code=R7K-4PQ-92Y&error=1")
  # The two-step answer, a second answer landing on the page, a link that matches nothing (404),
  # and an answer to a case that is not waiting for one (409).
  urls+=("$base/s/$waiting?lang=$lang&confirm=approve" "$base/s/$waiting?lang=$lang&confirm=decline"
         "$base/s/$answered?lang=$lang&notice=answered" "$base/s/00000000000000000000000000?lang=$lang"
         "POST|$base/s/$not_waiting/estimate|lang=$lang&decision=approve&confirmed=yes")
done
start=$(date +%s)
node "$here/lighthouse.mjs" 98 "${urls[@]}" || status=1
echo "lighthouse took $(( $(date +%s) - start )) s"
exit $status
