#!/usr/bin/env bash
# The `aftersales` CLI on a real PostgreSQL server (a postgresql:// URI for --db): init creates the
# schema and is harmless run again, a password in the URI is never printed, demo then check is ok,
# four processes opening cases at once get distinct codes, serve answers and stops on SIGTERM,
# backup writes a pg_dump archive (and --rotate without [backup] directory says so), and a server
# that is not there fails fast with a clear message.
# Runs itself under tests/support/with_postgres.sh unless AFTERSALES_TEST_POSTGRES is set.
#   postgres_programs_test.sh PATH/TO/aftersales
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [ -z "${AFTERSALES_TEST_POSTGRES:-}" ]; then
  exec bash "$here/../support/with_postgres.sh" bash "$0" "$@"
fi
cli=$1
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
server_uri=${AFTERSALES_TEST_POSTGRES%/*}  # postgresql://postgres@127.0.0.1:PORT
databases=()
cleanup() {
  if [ -n "${server:-}" ]; then kill "$server" 2> /dev/null || true; fi
  for name in "${databases[@]}"; do
    psql -X -q "$AFTERSALES_TEST_POSTGRES" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" > /dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
# No config from this machine's home or /etc: every key at its default.
: > "$work/empty.toml"
export AFTERSALES_CONFIG=$work/empty.toml
unset AFTERSALES_DB

fail() {
  echo "FAIL: $*"
  exit 1
}
# A fresh database on the test server, dropped again at the end.
create_database() {
  databases+=("$1")
  psql -X -q -v ON_ERROR_STOP=1 "$AFTERSALES_TEST_POSTGRES" -c "CREATE DATABASE $1" > /dev/null
}
query() { psql -X -A -t -q -v ON_ERROR_STOP=1 "$1" -c "$2"; }
json_field() { python3 -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

start=$(date +%s%N)

# 1. init creates the schema at the newest migration, and running it again changes nothing.
create_database "aftersales_store_$$"
store=$server_uri/aftersales_store_$$
newest=$(find "$root/assets/migrations/postgresql" -name '*.sql' -printf '%f\n' \
  | sed -n 's/^0*\([0-9][0-9]*\)_.*\.sql$/\1/p' | sort -n | tail -1)
[ -n "$newest" ] || fail "no migrations in assets/migrations/postgresql"
"$cli" --db "$store" init --json > "$work/init1.json" 2> "$work/init1.err" || fail "init: $(cat "$work/init1.err")"
version=$(json_field schema_version < "$work/init1.json")
[ "$version" = "$newest" ] || fail "init reported schema_version $version, the newest migration is $newest"
tables=$(query "$store" "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
[ "$tables" -gt 0 ] || fail "init created no tables"
"$cli" --db "$store" init --json > "$work/init2.json" 2> "$work/init2.err" \
  || fail "init again: $(cat "$work/init2.err")"
cmp -s "$work/init1.json" "$work/init2.json" || fail "init again answered differently: $(cat "$work/init2.json")"
[ "$(query "$store" "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")" = "$tables" ] \
  || fail "init again changed the tables"
echo "ok init: schema $version, $tables tables, again harmless"

# 2. A password in the URI appears nowhere in init's output, text or JSON.
with_password=$(sed -E 's#^(postgres(ql)?://[^:@/]+)@#\1:s3cret@#' <<< "$store")
[ "$with_password" != "$store" ] || fail "could not put a password into $store"
"$cli" --db "$with_password" init > "$work/secret.out" 2> "$work/secret.err" \
  || fail "init with a password in the URI: $(cat "$work/secret.err")"
"$cli" --db "$with_password" init --json >> "$work/secret.out" 2>> "$work/secret.err" \
  || fail "init --json with a password in the URI: $(cat "$work/secret.err")"
grep -q "Database ready" "$work/secret.out" || fail "init did not say the database is ready: $(cat "$work/secret.out")"
if grep -F s3cret "$work/secret.out" "$work/secret.err"; then fail "init printed the URI's password"; fi
echo "ok the password is not printed"

# 3. demo fills the database, check finds it sound, and init afterwards touches no data.
"$cli" --db "$store" demo --sales 500 --cases-per-status 1 --seed 4 > "$work/demo.out" 2> "$work/demo.err" \
  || fail "demo: $(cat "$work/demo.err")"
demo_cases=$(query "$store" "SELECT count(*) FROM cases")
[ "$demo_cases" -gt 0 ] || fail "demo made no cases: $(cat "$work/demo.out")"
"$cli" --db "$store" check --json > "$work/check.json" 2> "$work/check.err" || fail "check: $(cat "$work/check.err")"
[ "$(json_field ok < "$work/check.json")" = True ] || fail "check is not ok: $(cat "$work/check.json")"
"$cli" --db "$store" init --json > /dev/null 2> "$work/init3.err" || fail "init on the demo: $(cat "$work/init3.err")"
[ "$(query "$store" "SELECT count(*) FROM cases")" = "$demo_cases" ] || fail "init on the demo store changed its cases"
echo "ok demo ($demo_cases cases), check ok"

# 4. Four processes each open 100 repair cases at the same time.
workers=4
per_worker=100
total=$((workers * per_worker))
create_database "aftersales_busy_$$"
busy=$server_uri/aftersales_busy_$$
"$cli" --db "$busy" import products <(printf 'sku,name,category,warranty_months\nPH-1,Phone,phones,24\n') > /dev/null
{
  echo "receipt_number,sold_at,sku,serial,quantity,price_cents"
  for i in $(seq 1 "$total"); do echo "R$i,$(date -u +%Y-%m-%dT00:00:00Z),PH-1,SER-$i,1,10000"; done
} > "$work/sales.csv"
"$cli" --db "$busy" import sales "$work/sales.csv" > /dev/null
open_cases() {
  local worker=$1
  for i in $(seq 1 "$per_worker"); do
    local n=$(((worker - 1) * per_worker + i))
    "$cli" --db "$busy" case open-repair --serial "SER-$n" --problem "Does not start" --name "Customer $n" \
      --phone "+1 555 $(printf %07d "$n")" --by "worker-$worker" --json > "$work/case-$n.json" \
      2> "$work/err-$n.txt" || echo "worker $worker case $n failed: $(cat "$work/err-$n.txt")" >> "$work/failures"
  done
}
opening=$(date +%s%N)
for w in $(seq 1 "$workers"); do open_cases "$w" & done
wait
opening_ms=$((($(date +%s%N) - opening) / 1000000))
if [ -s "$work/failures" ]; then
  head -20 "$work/failures"
  fail "some case openings failed"
fi
if grep -l . "$work"/err-*.txt > /dev/null 2>&1; then
  cat "$work"/err-*.txt | head
  fail "errors on stderr while opening cases"
fi
cases=$(query "$busy" "SELECT count(*) FROM cases")
codes=$(query "$busy" "SELECT count(DISTINCT code) FROM cases")
tokens=$(query "$busy" "SELECT count(DISTINCT token) FROM cases")
json_codes=$(cat "$work"/case-*.json | grep -c '"code"')
echo "cases=$cases distinct_codes=$codes distinct_tokens=$tokens json=$json_codes milliseconds=$opening_ms"
[ "$cases" -eq "$total" ] || fail "expected $total cases, found $cases"
[ "$codes" -eq "$total" ] || fail "expected $total distinct case codes, found $codes"
[ "$tokens" -eq "$total" ] || fail "expected $total distinct status tokens, found $tokens"
[ "$json_codes" -eq "$total" ] || fail "expected $total cases printed as JSON, found $json_codes"
"$cli" --db "$busy" check --json > "$work/check-busy.json" 2> "$work/check-busy.err" \
  || fail "check after the concurrent openings: $(cat "$work/check-busy.err")"
[ "$(json_field ok < "$work/check-busy.json")" = True ] || fail "check is not ok: $(cat "$work/check-busy.json")"
echo "ok $workers processes opened $total cases with distinct codes"

# 5. serve answers /healthz and the status page of a case opened here, and stops on SIGTERM.
serial=$(query "$store" "SELECT serial FROM sale_lines WHERE serial IS NOT NULL AND serial <> '' ORDER BY id LIMIT 1")
[ -n "$serial" ] || fail "the demo store has no serial numbers"
"$cli" --db "$store" case open-repair --serial "$serial" --problem "Screen flickers" --name "Pat Postgres" \
  --phone "+1 555 0100" --accept-fee --json > "$work/opened.json" 2> "$work/opened.err" \
  || fail "case open-repair: $(cat "$work/opened.err")"
code=$(json_field code < "$work/opened.json")
"$cli" --db "$store" case show "$code" --json > "$work/shown.json" || fail "case show $code failed"
token=$(json_field token < "$work/shown.json")
[ "$token" = "$(json_field token < "$work/opened.json")" ] || fail "case show $code gave another token: $token"
"$cli" --db "$with_password" serve --listen 127.0.0.1:0 > "$work/serve.out" 2> "$work/serve.log" &
server=$!
for _ in $(seq 50); do grep -q "port" "$work/serve.out" 2> /dev/null && break; sleep 0.1; done
port=$(sed -n 's/.*(port \([0-9]*\)).*/\1/p' "$work/serve.out")
[ -n "$port" ] || fail "serve did not start: $(cat "$work/serve.log")"
health=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz")
[ "$health" = 200 ] || fail "/healthz answered $health"
page=$(curl -s -o "$work/page.html" -w '%{http_code}' "http://127.0.0.1:$port/s/$token")
[ "$page" = 200 ] || fail "the status page of $code answered $page"
grep -qF "$code" "$work/page.html" || fail "the status page does not show the case code $code"
kill -TERM "$server"
status=0
wait "$server" || status=$?
server=
[ "$status" -eq 0 ] || fail "serve exited with status $status after SIGTERM: $(cat "$work/serve.log")"
grep -q "Stopping on SIGTERM" "$work/serve.log" || fail "serve did not stop cleanly: $(cat "$work/serve.log")"
if grep -F s3cret "$work/serve.out" "$work/serve.log"; then fail "serve printed the URI's password"; fi
echo "ok serve: /healthz and /s/… answered 200, stopped on SIGTERM"

# 6. backup writes a pg_dump archive pg_restore reads back; --rotate without [backup] directory
# says which key is missing.
"$cli" --db "$with_password" backup --to "$work/store.dump" > "$work/backup.out" 2> "$work/backup.err" \
  || fail "backup: $(cat "$work/backup.err")"
if grep -F s3cret "$work/backup.out" "$work/backup.err"; then fail "backup printed the URI's password"; fi
[ -s "$work/store.dump" ] || fail "backup wrote nothing to $work/store.dump"
pg_restore --list "$work/store.dump" > "$work/dump.list" 2> "$work/dump.err" \
  || fail "pg_restore cannot read the backup: $(cat "$work/dump.err")"
grep -q "TABLE DATA public cases " "$work/dump.list" \
  || fail "the backup holds no cases table: $(head "$work/dump.list")"
create_database "aftersales_restored_$$"
restored=$server_uri/aftersales_restored_$$
pg_restore --no-owner --exit-on-error --dbname "$restored" "$work/store.dump" 2> "$work/restore.err" \
  || fail "pg_restore could not restore the backup: $(cat "$work/restore.err")"
[ "$(query "$restored" "SELECT count(*) FROM cases")" = "$(query "$store" "SELECT count(*) FROM cases")" ] \
  || fail "the restored backup does not hold every case"
status=0
"$cli" --db "$store" --config "$work/empty.toml" backup --rotate > "$work/rotate.out" 2> "$work/rotate.err" || status=$?
[ "$status" -eq 1 ] || fail "backup --rotate without [backup] directory exited with status $status (expected 1)"
grep -q "directory" "$work/rotate.err" \
  || fail "backup --rotate's message does not name directory: $(cat "$work/rotate.err")"
echo "ok backup: $(stat -c %s "$work/store.dump") bytes pg_restore restores; --rotate asks for a directory"

# 7. A server that is not there: exit status 1 within 6 s, with a message saying so.
nowhere=postgresql://postgres@127.0.0.1:1/x
began=$(date +%s%N)
status=0
timeout 20 "$cli" --db "$nowhere" init > "$work/nowhere.out" 2> "$work/nowhere.err" || status=$?
took_ms=$((($(date +%s%N) - began) / 1000000))
[ "$status" -eq 1 ] || fail "init on $nowhere exited with status $status (expected 1): $(cat "$work/nowhere.err")"
[ "$took_ms" -lt 6000 ] || fail "init on $nowhere took $took_ms ms to give up"
grep -q "Cannot reach the database server" "$work/nowhere.err" \
  || fail "init on $nowhere did not say it cannot reach the server: $(cat "$work/nowhere.err")"
echo "ok a server that is not there: status 1 in $took_ms ms"

echo "PASS in $((($(date +%s%N) - start) / 1000000)) ms"
