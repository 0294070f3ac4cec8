#!/usr/bin/env bash
# The back office as a clerk uses it: the real binary under Xvfb, driven by real keystrokes and
# clicks (xdotool; targets from $AFTERSALES_UI_MAP). Signs in, finds a case a kiosk made, moves it to
# ready for pickup with a note, and checks the database and the customer's status page.
# Usage: backoffice_smoke_test.sh AFTERSALES_CLI AFTERSALES_BACKOFFICE SHOTS_DIR
set -euo pipefail
cli=$1
backoffice=$2
shots=$3
shot_prefix=backoffice
# shellcheck source=gui_driver.sh
source "$(dirname "$0")/gui_driver.sh"
gui_setup

db=$work/store.db
"$cli" --db "$db" demo --seed 11 >/dev/null
echo "counter-pass" | "$cli" --db "$db" staff add clara --name "Clara Vidal" --role manager >/dev/null
serial=$(sqlite3 "$db" "SELECT l.serial FROM sale_lines l JOIN products p ON p.id = l.product_id
  WHERE p.category = 'phones' AND l.serial IS NOT NULL AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.serial = l.serial)
  LIMIT 1")
code=$("$cli" --db "$db" --json case open-repair --serial "$serial" --problem "Cracked screen" --name "Kim Park" \
  --phone "+1 555 0199" --by kiosk --accept-fee | sed -n 's/.*"code": "\(.*\)".*/\1/p' | head -1)
[ -n "$code" ] || { echo "FAIL: no kiosk case"; exit 1; }

start_xvfb 1366x768
start_app "$backoffice" --db "$db" --size 1366x768
app=$app_pid

wait_screen sign_in 15
x type --delay 10 "clara"
tap password
x type --delay 10 "wrong-pass"
x key Return
sleep 0.8
grep -q "^screen	sign_in" "$map" || fail "a wrong password signed in"
shot sign-in-refused
tap password
x key ctrl+a BackSpace
x type --delay 10 "counter-pass"
x key Return
wait_screen queue 10
sleep 0.5
shot queue
tap search
x type --delay 10 "$code"
x key Return   # as the counter's scanner sends a label's code
wait_screen case 10
shot case
tap "to diagnosing"
tap "to repairing"
tap "to ready_for_pickup"
sleep 0.3
tap note
x type --delay 5 "Screen replaced; tested OK."
tap "Add note"
sleep 0.5
shot case-ready
[ "$(sqlite3 "$db" "SELECT status FROM cases WHERE code = '$code'")" = ready_for_pickup ] || fail "status not saved"
[ "$(sqlite3 "$db" "SELECT count(*) FROM case_events e JOIN cases c ON c.id = e.case_id
  WHERE c.code = '$code' AND e.note = 'Screen replaced; tested OK.' AND e.customer_visible = 1 AND e.actor = 'clara'")" = 1 ] ||
  fail "the note was not saved"
token=$(sqlite3 "$db" "SELECT token FROM cases WHERE code = '$code'")
"$cli" --db "$db" serve --listen 127.0.0.1:0 >"$work/serve.out" 2>/dev/null &
pids+=($!)
for _ in $(seq 50); do grep -q "port" "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
port=$(sed -n 's/.*(port \([0-9]*\)).*/\1/p' "$work/serve.out")
page=$(curl -s "http://127.0.0.1:$port/s/$token")
grep -q "Ready for pickup" <<<"$page" || fail "the status page does not say Ready for pickup"
grep -q "Screen replaced; tested OK." <<<"$page" || fail "the status page lacks the note"
tap Queue
wait_screen queue
tap "Sign out"
wait_screen sign_in
kill "$app"
wait "$app" || fail "the back office did not stop cleanly"
echo PASS
