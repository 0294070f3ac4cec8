#!/usr/bin/env bash
# `aftersales serve` as systemd runs it: it answers, logs requests without their tokens, and on
# SIGTERM (and SIGINT) stops cleanly with exit status 0. A stderr nobody reads (a pipe whose reader
# hangs) slows no request and no shutdown: under load it still stops within 2 s.
# `server.access_log = false` logs no requests.
set -euo pipefail
cli=$1
work=$(mktemp -d)
trap 'kill ${server:-} 2>/dev/null || true; exec 3>&- 2>/dev/null || true; rm -rf "$work"' EXIT
db=$work/store.db
"$cli" --db "$db" demo --sales 600 --seed 4 >/dev/null
# An open case: the link of one closed long ago answers 404 by design (server.link_days_after_close).
token=$(sqlite3 "$db" "SELECT token FROM cases WHERE closed_at IS NULL ORDER BY id LIMIT 1")

wait_for_port() {
  port=
  for _ in $(seq 50); do grep -q "port" "$work/out" 2>/dev/null && break; sleep 0.1; done
  port=$(sed -n 's/.*(port \([0-9]*\)).*/\1/p' "$work/out")
  [ -n "$port" ] || { echo "FAIL: server did not start"; exit 1; }
}

for signal in TERM INT; do
  : > "$work/out"  # emptied first: the new server truncates it only once it runs; until then the last one's port
  "$cli" --db "$db" serve --listen 127.0.0.1:0 > "$work/out" 2> "$work/log" &
  server=$!
  wait_for_port
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

# stderr into a pipe that this shell holds open and never reads: it fills after 64 KiB.
mkfifo "$work/stuck"
exec 3<> "$work/stuck"
: > "$work/out"
"$cli" --db "$db" serve --listen 127.0.0.1:0 > "$work/out" 2> "$work/stuck" &
server=$!
wait_for_port
wrk -t2 -c32 -d3s "http://127.0.0.1:$port/s/$token" > "$work/wrk.txt"
requests=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
echo "served $requests requests in 3 s with stderr unread"
[ "$requests" -gt 5000 ] || { echo "FAIL: the server slowed down on its log"; cat "$work/wrk.txt"; exit 1; }
# Hammer it again while it is told to stop.
wrk -t2 -c32 -d4s "http://127.0.0.1:$port/s/$token" > /dev/null &
hammer=$!
sleep 1
start=$(date +%s%N)
kill -TERM "$server"
status=0
wait "$server" || status=$?
server=
took_ms=$(( ($(date +%s%N) - start) / 1000000 ))
wait "$hammer" || true
echo "stopped in $took_ms ms under load with stderr unread (exit $status)"
[ "$status" -eq 0 ] || { echo "FAIL: exit status $status"; exit 1; }
[ "$took_ms" -lt 2000 ] || { echo "FAIL: took $took_ms ms to stop"; exit 1; }
exec 3>&-

# server.access_log = false: requests are not logged; stopping still is.
printf '[server]\naccess_log = false\n' > "$work/quiet.toml"
: > "$work/out"
"$cli" --db "$db" --config "$work/quiet.toml" serve --listen 127.0.0.1:0 > "$work/out" 2> "$work/log" &
server=$!
wait_for_port
curl -s -o /dev/null "http://127.0.0.1:$port/s/$token"
kill -TERM "$server"
wait "$server"
server=
if grep -q "GET " "$work/log"; then echo "FAIL: access_log = false still logs requests"; cat "$work/log"; exit 1; fi
grep -q "Stopping on SIGTERM" "$work/log" || { echo "FAIL: no stop message"; exit 1; }
echo "ok access_log = false"
echo PASS
