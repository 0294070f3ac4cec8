#!/usr/bin/env bash
# Crash durability (issue 20, item 2): writers killed with SIGKILL at random moments lose nothing
# they reported, and leave a database that checks clean.
#   - three writer loops open repair cases through the CLI (`case open-repair --json`, which prints
#     the case only after it committed) and move them on to ready for pickup (which queues a notice
#     to the customer), and the notifier (`notify`) sends those notices as they come; one of the
#     four is killed every 30-150 ms, KILLS times, and started again;
#   - then a quiet spell (one writer and the notifier, nothing killed) until a notice has gone out;
#   - afterwards: every case code a writer printed exists with its "opened" event, no case lacks
#     one, every case ready for pickup has its notice, every notice recorded as sent was delivered,
#     and the database checks clean (SQLite: integrity_check and foreign_key_check);
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
  sql() { sqlite3 -cmd ".timeout 10000" "$db" "$1"; }
fi
"$cli" --db "$db" init > /dev/null

# One writer: opens a case, prints it, moves an earlier one on; forever, until killed.
writer() {
  local n=$1 i=0
  while :; do
    i=$((i + 1))
    "$cli" --db "$db" case open-repair --serial "KILL-$n-$i" --product "Phone" --problem "Does not charge" \
      --name "Writer $n" --email "writer$n@example.com" --notify --accept-fee --by "writer-$n" --json 2> /dev/null |
      python3 -c 'import json, sys; print(json.load(sys.stdin)["code"])' >> "$work/printed.$n" 2> /dev/null || true
    code=$(tail -1 "$work/printed.$n" 2> /dev/null || true)
    [ -z "$code" ] || for status in diagnosing ready_for_pickup; do
      "$cli" --db "$db" case advance "$code" "$status" --by "writer-$n" > /dev/null 2>&1 || true
    done
  done
}
# The notifier, as aftersales-notify runs it: a round a second, delivering each message into a file
# of its own, moved into mail/ only once whole (a sender killed mid-send leaves a part behind).
mkdir "$work/mail"
printf '[notifications]\nemail_command = "t=$(mktemp %s/part.XXXXXX) && cat > $t && mv $t %s/mail/"\n' \
  "$work" "$work" > "$work/notify.toml"
notifier() {
  while :; do
    "$cli" --db "$db" --config "$work/notify.toml" notify --interval 1 > /dev/null 2>&1 || sleep 0.2
  done
}
# Kills a writer loop and the CLI it runs: the loop is frozen first, so that it cannot start
# another CLI between its children's death and its own (one left running held the database's lock
# while the checks below read it).
stop_writer() {
  kill -STOP "$1" 2> /dev/null || true
  pkill -9 -P "$1" 2> /dev/null || true
  kill -9 "$1" 2> /dev/null || true
}
start_writer() {
  if [ "$1" = 3 ]; then notifier & else writer "$1" & fi
  writers[$1]=$!
}
for n in 0 1 2 3; do start_writer "$n"; done

pg_crashes=0
for k in $(seq "$kills"); do
  sleep "0.$((30 + RANDOM % 120))"
  n=$((RANDOM % 4))
  # The writer loop and whatever CLI it runs right now: the CLI dies mid-transaction or mid-print.
  stop_writer "${writers[$n]}"
  wait "${writers[$n]}" 2> /dev/null || true
  start_writer "$n"
  if [ "$backend" = postgresql ] && [ $((k % (kills / 2))) -eq 0 ]; then
    pg_server_stop  # immediate: the server dies as in a power cut, with clients mid-transaction
    sleep 0.3
    pg_server_start "$port" "${server_options[@]}" || exit 1
    pg_crashes=$((pg_crashes + 1))
  fi
done
# Then a quiet spell, nothing killed: one writer and the notifier run until a notice has gone out
# (at most 60 s). Killed as often as above, a slow machine's notifier may not have sent any yet,
# and "sent only when delivered" would then hold of nothing.
for n in 1 2; do stop_writer "${writers[$n]}"; done
for _ in $(seq 120); do
  [ "$(sql "SELECT count(*) FROM outbox WHERE sent_at IS NOT NULL" 2> /dev/null || echo 0)" -gt 0 ] && break
  sleep 0.5
done
for pid in "${writers[@]}"; do stop_writer "$pid"; done
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
# The notices: queued with the change that calls for them, and none recorded as sent unless delivered.
unnoticed=$(sql "SELECT count(*) FROM cases c WHERE c.status = 'ready_for_pickup'
                 AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.case_id = c.id)")
[ "$unnoticed" -eq 0 ] || fail "$unnoticed cases ready for pickup have no notice"
sql "SELECT c.code FROM outbox o JOIN cases c ON c.id = o.case_id WHERE o.sent_at IS NOT NULL" | sort -u > "$work/sent"
cat "$work"/mail/* 2> /dev/null | grep -oE '[A-Z0-9]{3}-[A-Z0-9]{3}-[A-Z0-9]{3}' | sort -u > "$work/delivered" || true
undelivered=$(comm -23 "$work/sent" "$work/delivered" | wc -l)
waiting=$(sql "SELECT count(*) FROM outbox WHERE sent_at IS NULL")
echo "notices: $(wc -l < "$work/sent") recorded as sent, $(wc -l < "$work/delivered") cases' notices delivered, $waiting waiting (a sender killed mid-send leaves its claim to run out), $undelivered recorded as sent but never delivered"
[ "$(wc -l < "$work/sent")" -gt 0 ] || fail "the notifier never sent a notice"
[ "$undelivered" -eq 0 ] || fail "recorded as sent, never delivered: $(comm -23 "$work/sent" "$work/delivered" | head -3 | tr '\n' ' ')"
if [ "$backend" = sqlite ]; then
  [ "$(sql 'PRAGMA integrity_check')" = ok ] || fail "integrity_check: $(sql 'PRAGMA integrity_check' | head -3)"
  [ -z "$(sql 'PRAGMA foreign_key_check')" ] || fail "foreign_key_check: $(sql 'PRAGMA foreign_key_check' | head -3)"
fi
"$cli" --db "$db" check > "$work/check.out" 2>&1 || fail "aftersales check: $(cat "$work/check.out")"
echo "PASS"
