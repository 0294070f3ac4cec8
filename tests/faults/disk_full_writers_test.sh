#!/usr/bin/env bash
# The disk fills up under each of the other programs that write (issue 20, item 4), on SQLite, with
# the LD_PRELOAD shim of disk_full_test.sh (the Nth write or sync to a file fails with ENOSPC, and
# every one after it), N = 1, 2, ... until the operation gets through:
#   - import of a catalog: a clear message, and all of the file imported or none of it;
#   - backup: a clear message, no backup file and no leftover next to where it was to go;
#   - the notifier: a clear message, and the notice is either recorded as sent or still waiting;
#     it is claimed (written) before it is sent, so a full disk sends nothing (a notice sent
#     whose record failed goes again when its claim runs out: counted and printed);
#   - the status server, a customer's answer to an estimate and a rating: the server stays up and
#     answers "try again in a moment" (503), never a crash, a 500, a message about disks or an
#     untrue one ("not waiting for your decision"); the answer is saved or not.
# After every failure the database opens on a healthy disk, checks clean and holds what it held.
#   disk_full_writers_test.sh PATH/TO/aftersales PATH/TO/libfail_io.so
set -euo pipefail
cli=$1 shim=$2
work=$(mktemp -d)
server=
trap 'kill $server 2> /dev/null || true; rm -rf "$work"' EXIT
: > "$work/empty.toml"
export AFTERSALES_CONFIG=$work/empty.toml
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
fail() {
  echo "FAIL: $*"
  exit 1
}
db=$work/store.db
sql() { sqlite3 "$db" "$1"; }
full() { AFTERSALES_FAIL_IO_AT=$1 AFTERSALES_FAIL_IO_ERRNO=ENOSPC LD_PRELOAD=$shim "${@:2}"; }
clear_message="The disk is full: nothing was saved"

# A failed run: not killed by a signal, the clear message, nothing raw, the database clean.
check_failure() {
  local what=$1 status=$2 words=${3:-$clear_message}
  [ "$status" -lt 128 ] || fail "$what: died with signal $((status - 128))"
  grep -qE "$words" "$work/err" || fail "$what: not the clear message: $(cat "$work/err")"
  if grep -qiE "sqlite|disk I/O error|unable to open" "$work/err"; then
    fail "$what: a raw storage message: $(cat "$work/err")"
  fi
  [ "$(sql 'PRAGMA integrity_check')" = ok ] || fail "$what: integrity_check fails"
}

# sweep WHAT WORDS COMMAND...: runs COMMAND under the shim for N = 1, 2, ... until it succeeds;
# each failure must say WORDS, and `after_failure` checks what it left. Sets `failed` to how many failed.
sweep() {
  local what=$1 words=$2 n status
  shift 2
  for n in $(seq 1 300); do
    status=0
    full "$n" "$@" > "$work/out" 2> "$work/err" || status=$?
    if [ "$status" -eq 0 ]; then
      failed=$((n - 1))
      return
    fi
    check_failure "$what at call $n" "$status" "$words"
    cat "$work/err" >> "$work/all-$what-errors"
    after_failure "$what at call $n"
  done
  fail "$what never got through in 300 tries"
}

"$cli" --db "$db" init > /dev/null
mail=$work/mail.txt
printf '[notifications]\nemail_command = "cat >> %s"\n' "$mail" > "$work/notify.toml"
code=$("$cli" --db "$db" case open-repair --serial SAVED-BEFORE --product Phone --problem "Does not charge" \
  --name Ana --email ana@example.com --notify --accept-fee --by kiosk --json |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["code"])')

# 1. Import: 40 products, all or none.
{
  echo "sku,name,brand,category,warranty_months"
  for i in $(seq 1 40); do echo "SKU-$i,Product $i,Brand,phones,24"; done
} > "$work/products.csv"
after_failure() {
  local products
  products=$(sql "SELECT count(*) FROM products")
  [ "$products" = 0 ] || fail "$1: a half import ($products of 40 products)"
}
sweep "import" "$clear_message" "$cli" --db "$db" import products "$work/products.csv"
[ "$failed" -gt 0 ] || fail "import: the shim never made it fail (is it loaded?)"
[ "$(sql "SELECT count(*) FROM products")" = 40 ] || fail "import: the import that got through is incomplete"
echo "import: failed at each of the first $failed writes or syncs with the clear message, nothing half imported; the next imported all 40"

# 2. Backup: no file, no leftover.
after_failure() {
  local left
  left=$(find "$work/backups" -mindepth 1 | head -3)
  [ -z "$left" ] || fail "$1: left behind: $left"
}
mkdir "$work/backups"
sweep "backup" "$clear_message|the disk where it goes \\($work/backups\\) is full" "$cli" --db "$db" backup --to "$work/backups/store.db"
[ "$failed" -gt 0 ] || fail "backup: the shim never made it fail"
[ "$(sqlite3 "$work/backups/store.db" 'PRAGMA integrity_check')" = ok ] || fail "backup: the backup that got through is broken"
[ "$(sqlite3 "$work/backups/store.db" "SELECT count(*) FROM cases WHERE code = '$code'")" = 1 ] ||
  fail "backup: the backup lacks the case"
grep -q "the disk where it goes" "$work/all-backup-errors" ||
  fail "backup: no failure said it is the backup's disk that is full"
echo "backup: failed at each of the first $failed writes or syncs with the clear message, leaving nothing behind; the next backup checks clean"

# 3. The notifier: the notice is sent and recorded, or still waiting.
for status in diagnosing repairing ready_for_pickup; do "$cli" --db "$db" case advance "$code" "$status" > /dev/null; done
after_failure() {
  # Sent (and recorded) before the disk filled, or still waiting: never gone.
  [ "$(sql "SELECT count(*) FROM outbox")" = 1 ] || fail "$1: the notice is gone"
  # A notice claimed (then maybe sent, its record failing) is held by the claim's lease for minutes;
  # the sweep makes it due again at once, so each such run delivers it once more.
  sql "UPDATE outbox SET next_attempt_at = '2000-01-01T00:00:00Z' WHERE sent_at IS NULL"
}
sweep "notify" "$clear_message" "$cli" --db "$db" --config "$work/notify.toml" notify --once
[ "$failed" -gt 0 ] || fail "notify: the shim never made it fail"
[ "$(sql "SELECT count(*) FROM outbox WHERE sent_at IS NOT NULL")" = 1 ] || fail "notify: the notice is not recorded as sent"
sent=$(grep -c "^To: ana@example.com" "$mail" || true)
[ "$sent" -ge 1 ] || fail "notify: nothing was delivered"
[ "$sent" -le $((failed + 1)) ] || fail "notify: delivered $sent times in $((failed + 1)) runs: sent without a claim"
echo "notify: failed at each of the first $failed writes or syncs with the clear message, the notice kept; delivered $sent time(s) in all (never without its claim written first: a send whose record failed goes again once its claim runs out, here at once)"

# 4. The status server: a customer's answer to an estimate, and a rating, while the disk is full.
# serve_sweep WHAT PATH BODY SAVED_SQL: posts BODY to PATH on a server started under the shim, for
# N = 1, 2, ... until it is taken (303); SAVED_SQL counts what the answer saved (0 after a 503).
serve_sweep() {
  local what=$1 path=$2 body=$3 saved=$4 n answer health status failures=0
  for n in $(seq 1 300); do
    # Not through `full`: $! must be the server itself, not a subshell around it, to stop it. The
    # last server's output is emptied first: the new one truncates it only once it runs, and until
    # then the last one's port would be read (a refused connection, under load).
    : > "$work/out"
    AFTERSALES_FAIL_IO_AT=$n AFTERSALES_FAIL_IO_ERRNO=ENOSPC LD_PRELOAD=$shim \
      "$cli" --db "$db" serve --listen 127.0.0.1:0 > "$work/out" 2> "$work/err" &
    server=$!
    port=
    for _ in $(seq 100); do
      port=$(sed -n 's/.*(port \([0-9]*\)).*/\1/p' "$work/out")
      [ -n "$port" ] && break
      kill -0 "$server" 2> /dev/null || break
      sleep 0.05
    done
    if [ -z "$port" ]; then  # it could not start: it says why and stops
      kill -0 "$server" 2> /dev/null && { kill "$server"; fail "serve ($what) at call $n: neither started nor stopped in 5 s"; }
      status=0
      wait "$server" || status=$?
      server=
      check_failure "serve ($what), starting, at call $n" "$status"
      continue
    fi
    answer=$(curl -s -o "$work/page.html" -w '%{http_code}' --data "$body" "http://127.0.0.1:$port$path") ||
      fail "serve ($what) at call $n: no answer (curl $?); the server said: $(cat "$work/err")"
    health=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz") ||
      fail "serve ($what) at call $n: /healthz did not answer (curl $?); the server said: $(cat "$work/err")"
    kill "$server"
    wait "$server" || true
    server=
    [ "$health" = 200 ] || fail "serve ($what) at call $n: /healthz answered $health afterwards"
    case $answer in
      303) break ;;
      503)
        failures=$((failures + 1))
        grep -q "Please try again in a moment" "$work/page.html" || fail "serve ($what) at call $n: 503 without the calm page"
        if grep -qiE "disk|sqlite|not waiting" "$work/page.html"; then
          fail "serve ($what) at call $n: the customer is told something untrue or technical: $(grep -iE 'disk|sqlite|not waiting' "$work/page.html" | head -2)"
        fi
        [ "$(sql 'PRAGMA integrity_check')" = ok ] || fail "serve ($what) at call $n: integrity_check fails"
        [ "$(sql "$saved")" = 0 ] || fail "serve ($what) at call $n: saved behind a 503"
        ;;
      *) fail "serve ($what) at call $n: answered $answer: $(head -c 300 "$work/page.html")" ;;
    esac
  done
  [ "$answer" = 303 ] || fail "serve ($what): never taken in 300 tries"
  [ "$(sql "$saved")" = 1 ] || fail "serve ($what): the answer taken is not saved"
  [ "$failures" -gt 0 ] || fail "serve ($what): the shim never made it fail"
  echo "serve ($what): failed at each of the first $failures writes or syncs with 503 \"try again in a moment\", the server up; the next was saved"
}

quote=$("$cli" --db "$db" case open-repair --serial QUOTE-1 --product Phone --problem "Cracked screen" \
  --name Bea --phone "+34 600 000 002" --accept-fee --by kiosk --json |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["code"])')
"$cli" --db "$db" case advance "$quote" diagnosing > /dev/null
"$cli" --db "$db" case estimate "$quote" --part "Screen=8900" --labour "Fitting=2500" --by tech > /dev/null
quote_token=$(sql "SELECT token FROM cases WHERE code = '$quote'")
serve_sweep "estimate" "/s/$quote_token/estimate" "decision=approve&confirmed=yes" \
  "SELECT count(*) FROM cases WHERE code = '$quote' AND estimate_state = 'approved'"

"$cli" --db "$db" case advance "$code" completed > /dev/null
token=$(sql "SELECT token FROM cases WHERE code = '$code'")
serve_sweep "rating" "/s/$token/feedback" "rating=4&comment=Quick" "SELECT count(*) FROM feedback WHERE rating = 4"

"$cli" --db "$db" check > /dev/null || fail "aftersales check fails at the end"
echo PASS
