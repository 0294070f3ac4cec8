#!/usr/bin/env bash
# `aftersales serve` as systemd runs it: it answers, logs requests without their tokens, and on
# SIGTERM (and SIGINT) stops cleanly with exit status 0.
set -euo pipefail
cli=$1
work=$(mktemp -d)
trap 'kill ${server:-} 2>/dev/null || true; rm -rf "$work"' EXIT
db=$work/store.db
"$cli" --db "$db" demo --sales 600 --seed 4 >/dev/null
# An open case: the link of one closed long ago answers 404 by design (server.link_days_after_close).
token=$(sqlite3 "$db" "SELECT token FROM cases WHERE closed_at IS NULL ORDER BY id LIMIT 1")

for signal in TERM INT; do
  "$cli" --db "$db" serve --listen 127.0.0.1:0 > "$work/out" 2> "$work/log" &
  server=$!
  for _ in $(seq 50); do grep -q "port" "$work/out" 2>/dev/null && break; sleep 0.1; done
  port=$(sed -n 's/.*(port \([0-9]*\)).*/\1/p' "$work/out")
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/s/$token")
  [ "$code" = 200 ] || { echo "FAIL: status page answered $code"; exit 1; }
  curl -s -o /dev/null "http://127.0.0.1:$port/api/v1/status/$token"
  kill -s "$signal" "$server"
  status=0
  wait "$server" || status=$?
  server=
  [ "$status" -eq 0 ] || { echo "FAIL: exit status $status after SIG$signal"; cat "$work/log"; exit 1; }
  grep -q "Stopping on SIG$signal" "$work/log" || { echo "FAIL: no clean stop on SIG$signal"; exit 1; }
  grep -q "GET /s/… 200" "$work/log" || { echo "FAIL: request not logged"; cat "$work/log"; exit 1; }
  if grep -q "$token" "$work/log" "$work/out"; then echo "FAIL: the token is in the log"; exit 1; fi
  echo "ok SIG$signal"
done
echo PASS
