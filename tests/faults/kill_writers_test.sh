#!/usr/bin/env bash
# Crash durability (issue 20, item 2): writers killed with SIGKILL at random moments lose nothing
# they reported, and leave a database that checks clean.
#   - three writer loops open repair cases through the CLI (`case open-repair --json`, which prints
#     the case only after it committed) and move them on; one of them is killed every 30-150 ms,
#     KILLS times, and started again;
#   - afterwards: every case code a writer printed exists with its "opened" event, no case lacks
#     one, and the database checks clean (SQLite: integrity_check and foreign_key_check);
#   - with --postgres, on a PostgreSQL server this test starts (in a temporary folder): the same,
#     and the server itself is stopped with `pg_ctl -m immediate` (a crash) twice while they write,
#     then started again: the same checks hold.
#   kill_writers_test.sh PATH/TO/aftersales [KILLS] [--postgres]
# Prints the figures: kills, cases printed, cases found, lost (must be 0).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cli=$1
kills=${2:-40}
backend=${3:---sqlite}
backend=${backend#--}
work=$(mktemp -d)
writers=()
cleanup() {
  for pid in "${writers[@]}"; do kill -9 "$pid" 2> /dev/null || true; done
  wait 2> /dev/null || true
  if [ "$backend" = postgresql ]; then pg_server_cleanup; fi
  rm -rf "$work"
}
trap cleanup EXIT
: > "$work/empty.toml"
export AFTERSALES_CONFIG=$work/empty.toml
fail() {
  echo "FAIL: $*"
  exit 1
}

if [ "$backend" = postgres ] || [ "$backend" = postgresql ]; then
  backend=postgresql
  # shellcheck source-path=SCRIPTDIR source=../support/postgres_server.sh
  . "$here/../support/postgres_server.sh"
  pg_server_prepare || exit 1
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
  pg_server_initdb || exit 1
  # Durable, unlike the other tests' servers: a crash of the server is part of this test.
  server_options=(-c listen_addresses=127.0.0.1 -c fsync=on -c synchronous_commit=on -c full_page_writes=on)
  pg_server_start "$port" "${server_options[@]}" || exit 1
  psql -X -q "postgresql://postgres@127.0.0.1:$port/postgres" -c "CREATE DATABASE aftersales" > /dev/null
  db=postgresql://postgres@127.0.0.1:$port/aftersales
  sql() { psql -X -A -t -q "$db" -c "$1"; }
else
  backend=sqlite
  db=$work/store.db
  sql() { sqlite3 "$db" "$1"; }
fi
"$cli" --db "$db" init > /dev/null

# One writer: opens a case, prints it, moves an earlier one on; forever, until killed.
writer() {
  local n=$1 i=0
  while :; do
    i=$((i + 1))
    "$cli" --db "$db" case open-repair --serial "KILL-$n-$i" --product "Phone" --problem "Does not charge" \
      --name "Writer $n" --phone "+34 600 000 00$n" --accept-fee --by "writer-$n" --json 2> /dev/null |
      python3 -c 'import json, sys; print(json.load(sys.stdin)["code"])' >> "$work/printed.$n" 2> /dev/null || true
    code=$(tail -1 "$work/printed.$n" 2> /dev/null || true)
    [ -z "$code" ] || "$cli" --db "$db" case advance "$code" diagnosing --by "writer-$n" > /dev/null 2>&1 || true
  done
}
start_writer() {
  writer "$1" &
  writers[$1]=$!
}
for n in 0 1 2; do start_writer "$n"; done

pg_crashes=0
for k in $(seq "$kills"); do
  sleep "0.$((30 + RANDOM % 120))"
  n=$((RANDOM % 3))
  # The writer loop and whatever CLI it runs right now: the CLI dies mid-transaction or mid-print.
  pkill -9 -P "${writers[$n]}" 2> /dev/null || true
  kill -9 "${writers[$n]}" 2> /dev/null || true
  wait "${writers[$n]}" 2> /dev/null || true
  start_writer "$n"
  if [ "$backend" = postgresql ] && [ $((k % (kills / 2))) -eq 0 ]; then
    pg_server_stop  # immediate: the server dies as in a power cut, with clients mid-transaction
    sleep 0.3
    pg_server_start "$port" "${server_options[@]}" || exit 1
    pg_crashes=$((pg_crashes + 1))
  fi
done
for pid in "${writers[@]}"; do
  pkill -9 -P "$pid" 2> /dev/null || true
  kill -9 "$pid" 2> /dev/null || true
done
wait 2> /dev/null || true
writers=()

cat "$work"/printed.* 2> /dev/null | grep -E '^[A-Z0-9]{3}-[A-Z0-9]{3}-[A-Z0-9]{3}$' | sort -u > "$work/printed"
printed=$(wc -l < "$work/printed")
[ "$printed" -gt 0 ] || fail "no writer printed a case in the whole run"
sql "SELECT code FROM cases" | sort -u > "$work/found"
lost=$(comm -23 "$work/printed" "$work/found" | wc -l)
no_event=$(sql "SELECT count(*) FROM cases c WHERE NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.kind = 'opened')")
echo "$backend: $kills writers killed, $pg_crashes server crashes; $printed case codes printed, $(wc -l < "$work/found") cases in the database, $lost lost, $no_event without their first event"
[ "$lost" -eq 0 ] || fail "printed but not in the database: $(comm -23 "$work/printed" "$work/found" | head -5 | tr '\n' ' ')"
[ "$no_event" -eq 0 ] || fail "$no_event cases have no 'opened' event"
if [ "$backend" = sqlite ]; then
  [ "$(sql 'PRAGMA integrity_check')" = ok ] || fail "integrity_check: $(sql 'PRAGMA integrity_check' | head -3)"
  [ -z "$(sql 'PRAGMA foreign_key_check')" ] || fail "foreign_key_check: $(sql 'PRAGMA foreign_key_check' | head -3)"
fi
"$cli" --db "$db" check > "$work/check.out" 2>&1 || fail "aftersales check: $(cat "$work/check.out")"
echo "PASS"
