#!/usr/bin/env bash
# The back office as staff use it: the real binary under Xvfb, driven by real keystrokes and
# clicks (xdotool; targets from $AFTERSALES_UI_MAP). Signs in, finds a case a kiosk made, moves it to
# ready for pickup with a note, and checks the database and the customer's status page. Then the
# casework: a diagnosis and an estimate that the customer approves on the status page (the case
# shows it by itself), a reprint, a return's inspection and decision, the dashboard, the CSV export.
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
open_kiosk_repair() {  # SERIAL NAME -> the new case's code
  "$cli" --db "$db" --json case open-repair --serial "$1" --problem "Cracked screen" --name "$2" \
    --phone "+1 555 0199" --by kiosk --accept-fee | sed -n 's/.*"code": "\(.*\)".*/\1/p' | head -1
}
free_serials=$(sqlite3 "$db" "SELECT l.serial FROM sale_lines l JOIN products p ON p.id = l.product_id
  WHERE p.category = 'phones' AND l.serial IS NOT NULL AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.serial = l.serial)
  LIMIT 2")
code=$(open_kiosk_repair "$(sed -n 1p <<<"$free_serials")" "Kim Park")
code2=$(open_kiosk_repair "$(sed -n 2p <<<"$free_serials")" "Lou Reed")
[ -n "$code" ] && [ -n "$code2" ] || { echo "FAIL: no kiosk cases"; exit 1; }
return_code=$(sqlite3 "$db" "SELECT code FROM cases WHERE kind = 'return' AND status = 'requested' LIMIT 1")
[ -n "$return_code" ] || { echo "FAIL: the demo has no requested return"; exit 1; }
printf 'sku,name,cost_cents,price_cents,stock,low_at,supplier\nBAT-1,Battery,1500,4900,5,1,Acme Parts\nPORT-1,Charging port,300,2900,0,1,Acme Parts\n' \
  >"$work/parts.csv"
"$cli" --db "$db" parts import "$work/parts.csv" >/dev/null
mkdir -p "$work/exports"
cat > "$work/backoffice.toml" <<TOML
[store]
price_format = "€{}"
[printer]
connection = "file:$work/printer.out"
[backoffice]
export_directory = "$work/exports"
TOML

start_xvfb 1366x768
start_app "$backoffice" --db "$db" --config "$work/backoffice.toml" --size 1366x768
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
wait_sql "$db" "SELECT status FROM cases WHERE code = '$code'" diagnosing
tap "to repairing"
wait_sql "$db" "SELECT status FROM cases WHERE code = '$code'" repairing
tap "to ready_for_pickup"
wait_sql "$db" "SELECT status FROM cases WHERE code = '$code'" ready_for_pickup
settle
# The kiosk customer did not agree to messages: the case says so and whom to call, and keeps saying it.
grep -q "^target	customer not told" "$map" || fail "ready for pickup without consent does not say the customer was not told"
grep -q "^target	pickup checklist" "$map" || fail "no amount, accessories and ID check before Record pickup"
tap note
x type --delay 5 "Screen replaced; tested OK."
tap "note for the customer"   # notes are internal unless chosen
tap "Add note"
sleep 0.5
shot case-ready
[ "$(sqlite3 "$db" "SELECT status FROM cases WHERE code = '$code'")" = ready_for_pickup ] || fail "status not saved"
[ "$(sqlite3 "$db" "SELECT count(*) FROM case_events e JOIN cases c ON c.id = e.case_id
  WHERE c.code = '$code' AND e.note = 'Screen replaced; tested OK.' AND e.customer_visible = 1 AND e.actor = 'clara'")" = 1 ] ||
  fail "the note was not saved"
token=$(sqlite3 "$db" "SELECT token FROM cases WHERE code = '$code'")
"$cli" --db "$db" --config "$work/backoffice.toml" serve --listen 127.0.0.1:0 >"$work/serve.out" 2>/dev/null &
pids+=($!)
for _ in $(seq 50); do grep -q "port" "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
port=$(sed -n 's/.*(port \([0-9]*\)).*/\1/p' "$work/serve.out")
page=$(curl -s "http://127.0.0.1:$port/s/$token")
grep -q "Ready for pickup" <<<"$page" || fail "the status page does not say Ready for pickup"
grep -q "Screen replaced; tested OK." <<<"$page" || fail "the status page lacks the note"
tap Queue
wait_screen queue
scroll() {  # 5 down, 4 up: the wheel over the case's left column (where the mouse last tapped)
  x click --repeat 6 --delay 30 "$1"
  caught_up
  settle
}

# A diagnosis and an estimate; the customer approves it on their status page.
tap search
x type --delay 10 "$code2"
x key Return
wait_screen case 10
x key ctrl+Return   # the usual next step: diagnosing
wait_sql "$db" "SELECT status FROM cases WHERE code = '$code2'" diagnosing
tap diagnosis
x type --delay 5 "Battery swollen; replace."
tap "Save diagnosis"
wait_sql "$db" "SELECT diagnosis FROM cases WHERE code = '$code2'" "Battery swollen; replace."
tap "estimate description 1"
x type --delay 5 "Battery, original"
tap "estimate price 1"
x type --delay 5 "abc"
scroll 5
tap "Send estimate"
settle
grep -q "^target	case message" "$map" || fail "a bad price gave no message"
[ "$(sqlite3 "$db" "SELECT status FROM cases WHERE code = '$code2'")" = diagnosing ] || fail "a bad price was sent"
tap "estimate price 1"
x key ctrl+a BackSpace
x type --delay 5 "49.90"
tap "add estimate line"
settle
tap "estimate description 2"
x type --delay 5 "Labour"
tap "estimate price 2"
x type --delay 5 "20"
tap "estimate explanation"
x type --delay 5 "The battery is swollen & unsafe; we fit a new one."
scroll 5
shot case-estimate
tap "Send estimate"
wait_sql "$db" "SELECT status FROM cases WHERE code = '$code2'" awaiting_approval
scroll 4
shot case-estimate-not-sent
grep -q "^target	customer not told" "$map" || fail "an estimate nobody was told about does not say so"
for refused in "to repairing" "to awaiting_parts" "to ready_for_pickup"; do
  grep -q "^target	$refused	" "$map" && fail "a waiting estimate offers '$refused', which is always refused"
done
[ "$(sqlite3 "$db" "SELECT sum(quantity * unit_cents) FROM estimate_lines l JOIN cases c ON c.id = l.case_id
  WHERE c.code = '$code2'")" = 6990 ] || fail "the estimate lines are wrong"
token2=$(sqlite3 "$db" "SELECT token FROM cases WHERE code = '$code2'")
page2=$(curl -s "http://127.0.0.1:$port/s/$token2")
grep -q "€69.90" <<<"$page2" || fail "the status page does not show the estimate in the store's currency"
grep -q "<p class=why>The battery is swollen &amp; unsafe; we fit a new one.</p>" <<<"$page2" ||
  fail "the status page lacks the estimate's explanation typed in the back office"
grep -q "^target	estimate explanation shown" "$map" || fail "the case does not show the explanation sent"
curl -s -o /dev/null -d decision=approve -d confirmed=yes "http://127.0.0.1:$port/s/$token2/estimate"  # the page asks first; this is the confirmation
for _ in $(seq 40); do grep -q "^target	estimate approved" "$map" && break; sleep 0.1; done
grep -q "^target	estimate approved" "$map" || fail "the customer's approval did not show on the open case"
shot case-approved
# Money at the counter: an amount of nothing is refused and nothing is saved; then a deposit.
# (The field takes only digits and signs: letters never reach it.)
scroll 5
tap "Take money"
x type --delay 5 "0"
scroll 5
tap "money kind deposit"
tap "Record money"
for _ in $(seq 30); do grep -q "^target	money message" "$map" && break; sleep 0.1; done
grep -q "^target	money message" "$map" || fail "an amount of nothing shows no message by the money form"
[ "$(sqlite3 "$db" "SELECT count(*) FROM payments")" = 0 ] || fail "an amount of nothing was recorded"
scroll 5
tap "money amount"
x key ctrl+a BackSpace
x type --delay 5 "20.00"
scroll 5
tap "Record money"
wait_sql "$db" "SELECT sum(p.amount_cents) FROM payments p JOIN cases c ON c.id = p.case_id
  WHERE c.code = '$code2' AND p.kind = 'deposit'" 2000
shot case-deposit
# Parts: one from stock, one ordered (the repair waits for it), then cancelled with its reason.
scroll 4
tap "part to use"
x type --delay 5 "BAT-1"
tap "Use from stock"
wait_sql "$db" "SELECT sum(u.quantity) FROM part_uses u JOIN cases c ON c.id = u.case_id WHERE c.code = '$code2'" 1
tap "Order a part"
scroll 5
tap "order sku"
x type --delay 5 "PORT-1"
tap "order reference"
x type --delay 5 "PO-77"
tap "order expected"
x type --delay 5 "2099-01-10"
tap "Order part"
wait_sql "$db" "SELECT status FROM cases WHERE code = '$code2'" awaiting_parts
tap "Cancel order PO-77"
settle
# The field scrolls into view as it appears: a tap while it moves can land beside it, so the tap is
# made again (at most three times) until the map shows the field has the keyboard.
for _ in 1 2 3; do
  tap "order cancel reason"
  settle
  grep -q "^focus	order cancel reason" "$map" && break
done
grep -q "^focus	order cancel reason" "$map" || fail "the reason's field does not take the keyboard"
x type --delay 5 "Supplier cannot deliver"
tap "Confirm cancel order"
wait_sql "$db" "SELECT cancel_reason FROM part_orders WHERE reference = 'PO-77'" "Supplier cannot deliver"
grep -q "^target	parts message" "$map" || fail "the cancelled order shows no message by the parts"
shot case-parts
x key ctrl+p
for _ in $(seq 50); do grep -qa "$code2" "$work/printer.out" 2>/dev/null && break; sleep 0.1; done
grep -qa "$code2" "$work/printer.out" || fail "Ctrl+P did not reprint the receipt"
grep -qa "Paid: " "$work/printer.out" || fail "the reprinted receipt does not say what was paid"
x key Escape
wait_screen queue

# A return: inspected at the counter (which receives it), then decided.
tap search
x key ctrl+a BackSpace
x type --delay 10 "$return_code"
x key Return
wait_screen case 10
settle
grep -q "^target	to received	" "$map" && fail "a requested return offers two ways to receive it"
tap "condition opened"
tap "inspection notes"
x type --delay 5 "Box opened, complete."
tap "Save inspection"
wait_sql "$db" "SELECT status || ' ' || inspected_condition FROM cases WHERE code = '$return_code'" "received opened"
outcome=$(sqlite3 "$db" "SELECT substr(return_outcomes, 1, instr(return_outcomes || ',', ',') - 1) FROM cases
  WHERE code = '$return_code'")
[ -n "$outcome" ] || fail "the demo return allows nothing"
tap "decision $outcome"
shot case-return
tap "Record decision"
wait_sql "$db" "SELECT status || ' ' || return_decision FROM cases WHERE code = '$return_code'" "approved $outcome"
x key Escape
wait_screen queue

# The dashboard, and the queue as CSV.
x key ctrl+d
wait_screen dashboard
shot dashboard
x key Escape
wait_screen queue
tap Overdue
sleep 0.5
x key ctrl+e
sleep 0.5
csv=$(ls "$work"/exports/aftersales-cases-*.csv 2>/dev/null | head -1)
[ -n "$csv" ] || fail "Ctrl+E saved no CSV"
head -1 "$csv" | grep -q "^code,kind,status," || fail "the CSV has no header"
overdue=$(sqlite3 "$db" "SELECT count(*) FROM cases WHERE closed_at IS NULL AND paused_since IS NULL
  AND due_at < strftime('%Y-%m-%dT%H:%M:%SZ', 'now')")
[ "$(grep -c ',yes,' "$csv")" = "$overdue" ] || fail "the CSV has not the $overdue overdue cases"
shot queue-exported
tap "Sign out"
wait_screen sign_in
kill "$app"
wait "$app" || fail "the back office did not stop cleanly"
echo PASS
