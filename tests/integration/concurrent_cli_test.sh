#!/usr/bin/env bash
# Four processes each open 250 repair cases through the CLI at the same time, on one database file.
# Expect 1,000 cases with distinct codes, no error surfaced, and a clean integrity check.
set -euo pipefail
cli=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=$work/store.db

"$cli" --db "$db" import products <(printf 'sku,name,category,warranty_months\nPH-1,Phone,phones,24\n') >/dev/null
{
  echo "receipt_number,sold_at,sku,serial,quantity,price_cents"
  for i in $(seq 1 1000); do echo "R$i,$(date -u +%Y-%m-%dT00:00:00Z),PH-1,SER-$i,1,10000"; done
} > "$work/sales.csv"
"$cli" --db "$db" import sales "$work/sales.csv" >/dev/null

open_cases() {
  local worker=$1
  for i in $(seq 1 250); do
    local n=$(( (worker - 1) * 250 + i ))
    "$cli" --db "$db" case open-repair --serial "SER-$n" --problem "Does not start" --name "Customer $n" \
      --phone "+1 555 $(printf %07d "$n")" --by "worker-$worker" --json > "$work/case-$n.json" \
      2> "$work/err-$n.txt" || echo "worker $worker case $n failed: $(cat "$work/err-$n.txt")" >> "$work/failures"
  done
}

start=$(date +%s%N)
for w in 1 2 3 4; do open_cases "$w" & done
wait
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))

if [ -s "$work/failures" ]; then
  echo "FAIL: some case openings failed:"; head -20 "$work/failures"; exit 1
fi
if grep -l . "$work"/err-*.txt >/dev/null 2>&1; then
  echo "FAIL: errors on stderr:"; cat "$work"/err-*.txt | head; exit 1
fi
cases=$(sqlite3 "$db" "SELECT count(*) FROM cases")
codes=$(sqlite3 "$db" "SELECT count(DISTINCT code) FROM cases")
tokens=$(sqlite3 "$db" "SELECT count(DISTINCT token) FROM cases")
events=$(sqlite3 "$db" "SELECT count(*) FROM case_events")
json_codes=$(cat "$work"/case-*.json | grep -c '"code"')
echo "cases=$cases distinct_codes=$codes distinct_tokens=$tokens events=$events json=$json_codes milliseconds=$elapsed_ms"
[ "$cases" -eq 1000 ] && [ "$codes" -eq 1000 ] && [ "$tokens" -eq 1000 ] && [ "$events" -eq 1000 ] && [ "$json_codes" -eq 1000 ] \
  || { echo "FAIL: expected 1000 of each"; exit 1; }
"$cli" --db "$db" check | tee "$work/check.txt"
grep -q "Integrity: ok" "$work/check.txt" || { echo "FAIL: integrity"; exit 1; }
echo "PASS"
