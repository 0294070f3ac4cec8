#!/usr/bin/env bash
# The kiosk as a shopper meets it: the real binary under a virtual X server (Xvfb) on a demo
# database, driven only by real input events (xdotool taps, drags and scanner keystrokes). The app
# writes where each target is ($AFTERSALES_UI_MAP) so taps land on real buttons. Checks the database
# and the printer output, and saves a screenshot of every screen into SHOTS.
# Usage: kiosk_smoke_test.sh AFTERSALES_CLI AFTERSALES_KIOSK SHOTS_DIR
set -euo pipefail
cli=$1
kiosk=$2
shots=$3
shot_prefix=kiosk
# shellcheck source=gui_driver.sh
source "$(dirname "$0")/gui_driver.sh"
gui_setup

db=$work/store.db
"$cli" --db "$db" demo --seed 7 >/dev/null
pin_hash=$(echo 2468 | "$cli" --json kiosk-pin | sed -n 's/.*"staff_pin_hash": "\(.*\)".*/\1/p')
cat > "$work/kiosk.toml" <<TOML
[printer]
connection = "file:$work/printer.out"
[kiosk]
idle_seconds = 10
warning_seconds = 20
staff_pin_hash = "$pin_hash"
TOML

# --- one kiosk on one virtual screen -------------------------------------------------------------
start_kiosk() {  # SIZE [DATABASE]
  start_xvfb "$1"
  start_app "$kiosk" --db "${2:-$db}" --config "$work/kiosk.toml"
  kiosk_pid=$app_pid
}

stop_kiosk() { stop_app; }

keys() {  # TEXT: taps it letter by letter on the on-screen keyboard
  local text=$1 i
  for (( i = 0; i < ${#text}; i++ )); do
    local c=${text:i:1}
    if [ "$c" = " " ]; then tap "key space"; continue; fi
    # A capital in the middle of a word needs the shift key first.
    if [[ $c =~ [A-Z] ]] && [ -z "$(target "key $c")" ]; then tap "key shift"; fi
    tap "key $c"
  done
}

drag_up() {  # a finger dragging the content up, to scroll it
  local w h
  read -r w h < <(DISPLAY=$display xdpyinfo | awk '/dimensions/ { split($2, d, "x"); print d[1], d[2] }')
  x mousemove $((w / 2)) $((h / 3)) mousedown 1
  for step in $(seq 1 8); do x mousemove $((w / 2)) $((h / 3 - step * 30)); sleep 0.03; done
  x mouseup 1
  sleep 0.3
}

cases() { sqlite3 "$db" "SELECT count(*) FROM cases"; }

# --- the data the shopper brings ------------------------------------------------------------------
# A phone bought days ago (returnable), and one with a serial still under warranty for the repair.
receipt=$(sqlite3 "$db" "SELECT s.receipt_number FROM sales s JOIN sale_lines l ON l.sale_id = s.id
  JOIN products p ON p.id = l.product_id WHERE p.category = 'phones' AND l.quantity = 1
  AND s.sold_at > strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-5 days')
  AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.sale_line_id = l.id) ORDER BY s.sold_at DESC LIMIT 1")
phone=$(sqlite3 "$db" "SELECT p.name FROM sales s JOIN sale_lines l ON l.sale_id = s.id
  JOIN products p ON p.id = l.product_id WHERE s.receipt_number = '$receipt' AND p.category = 'phones' LIMIT 1")
# the serial on the phone brought back (a phone sold with one asks for it: box switching is caught)
phone_serial=$(sqlite3 "$db" "SELECT coalesce(l.serial, '') FROM sales s JOIN sale_lines l ON l.sale_id = s.id
  JOIN products p ON p.id = l.product_id WHERE s.receipt_number = '$receipt' AND p.name = '$phone' LIMIT 1")
serial=$(sqlite3 "$db" "SELECT l.serial FROM sales s JOIN sale_lines l ON l.sale_id = s.id
  JOIN products p ON p.id = l.product_id WHERE p.category = 'laptops' AND l.serial IS NOT NULL
  AND s.sold_at > strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-200 days')
  AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.serial = l.serial) ORDER BY s.sold_at DESC LIMIT 1")
[ -n "$receipt" ] && [ -n "$serial" ] || fail "the demo data has no recent phone sale or laptop serial"

start_kiosk 1920x1080
wait_screen home 15
grep -q "first frame" "$app_log" || fail "no first frame"
shot home

# --- Return an item ------------------------------------------------------------------------------
before=$(cases)
flow_started
tap "Return an item"
wait_screen return_0
scan "$receipt"
wait_screen return_1
shot return-item
tap "$phone"
tap Next
if [ -n "$phone_serial" ]; then
  wait_screen return_serial
  shot return-serial
  scan "$phone_serial"
fi
wait_screen return_2
shot return-reason
tap "Changed my mind"
wait_screen return_3
tap "Unopened"
wait_screen return_4
shot return-answer
tap Next
wait_screen return_5
caught_up; grep -q "^focus	Name" "$map" || tap "Name"
keys "Ana"
tap "key ok"   # "Next field"
keys "5550142"
tap "key ok"
tap "key ok"   # past the e-mail: the keyboard goes down
tap "No messages"
shot return-contact
tap Next
wait_screen return_6
shot return-review
tap Next
wait_screen receipt
flow_done "return with a scanned receipt, name and phone"
for _ in $(seq 50); do [ -s "$work/printer.out" ] && break; sleep 0.1; done
shot return-receipt
[ "$(cases)" -eq $((before + 1)) ] || fail "the return was not saved"
code=$(sqlite3 "$db" "SELECT code FROM cases WHERE kind = 'return' ORDER BY id DESC LIMIT 1")
[ "$(sqlite3 "$db" "SELECT customer_name || '|' || customer_phone || '|' || customer_language FROM cases
  WHERE code = '$code'")" = "Ana|5550142|en" ] || fail "the return's contact (and language) was not saved as typed"
grep -qa "$code" "$work/printer.out" || fail "the printer got no receipt for $code"
tap Done
wait_screen home

# --- Repair check-in, typed on the screen (no scanner) -------------------------------------------
# The order a shopper meets: the item, its coverage, the kind of problem (one tap), its words, what
# is left with it, the contact with "tell me when it changes?", a review of everything the receipt
# will say, and the signature last, which confirms.
flow_started
tap "Repair check-in"
wait_screen repair_identify
keys "$serial"
tap "key ok"
wait_screen repair_coverage
shot repair-coverage
tap Next
wait_screen repair_problem
tap "Screen"
wait_screen repair_describe
keys "Flickers"
shot repair-problem
tap "key ok"
wait_screen repair_accessories
tap "Charger"
tap "Scratches"
tap "No visible damage"  # it clears the scratches: a record never says both
tap "Scratches"          # and scratches clear it again
shot repair-accessories
tap Next
wait_screen repair_contact
tap Next   # nothing entered: it must refuse and stay, the keyboard on the name
wait_screen repair_contact
grep -q "^focus	Name" "$map" || fail "after a refused Next the keyboard is not on the name"
shot repair-contact-refused
keys "Bo Lee"
tap "key ok"   # "Next field": to the phone
tap "key ok"   # and on to the e-mail, scrolled into view
keys "bo@example.com"
tap "key ok"   # "Done": the keyboard goes down, the whole screen can be checked
grep -q "^keyboard" "$map" && fail "the keyboard stays up after the last field"
tap Next   # "tell me when it changes?" not answered yet
wait_screen repair_contact
tap "Notify me"
shot repair-contact
tap Next
wait_screen repair_review
shot repair-review
tap Next
wait_screen repair_signature
read -r sx sy < <(target "signature pad")
touches=$((touches + 1))
x mousemove $((sx - 300)) $((sy + 20)) mousedown 1
for step in $(seq 1 12); do x mousemove $((sx - 300 + step * 50)) $((sy + 20 - (step % 3) * 30)); sleep 0.03; done
x mouseup 1
sleep 0.3
shot repair-signature
tap Next
wait_screen receipt
flow_done "repair check-in by serial, taps only (with two refusals and a checklist change)"
shot repair-receipt
repair_token=$(sqlite3 "$db" "SELECT token FROM cases WHERE serial = '$serial'")
scanned=$(zbarimg --raw -q "$shots/kiosk-repair-receipt.png" || true)
[ "$scanned" = "HTTP://LOCALHOST:8080/S/$repair_token" ] || fail "the QR on screen reads '$scanned'"
row=$(sqlite3 "$db" "SELECT customer_name, customer_email, notify_consent, problem_category, accessories,
  condition_notes, length(signature_strokes) > 20 FROM cases WHERE serial = '$serial'")
[ "$row" = "Bo Lee|bo@example.com|1|Screen|Charger|Scratches|1" ] || fail "the repair was not saved as entered: $row"
tap Done
wait_screen home

# --- Warranty lookup carries the serial into a repair --------------------------------------------
tap "Warranty lookup"
wait_screen warranty_serial
scan "$serial"
wait_screen warranty_card
shot warranty-card
tap "Start repair"
wait_screen repair_coverage
tap Cancel
wait_screen cancel_question
shot cancel-question
tap "Yes, cancel"
wait_screen home

# --- A receipt's QR scanned at Home shows its case -----------------------------------------------
token=$(sqlite3 "$db" "SELECT token FROM cases WHERE status = 'awaiting_approval' LIMIT 1")
scan "HTTP://LOCALHOST:8080/S/$token"
wait_screen track_status
shot track-status
tap Next
wait_screen home
tap "Track my case"
wait_screen track_code
scan "R00-000-000"
wait_screen track_code
shot track-bad-code

# --- Languages and high contrast ---------------------------------------------------------------
tap Cancel
wait_screen home
tap "Español"
sleep 0.3
shot home-es
tap "Devolver un artículo"
wait_screen return_0
shot return-receipt-es
tap Cancel
wait_screen home
tap "Français"
tap "High contrast"
sleep 0.5
shot home-fr-high-contrast
tap "English"
tap "High contrast"

# --- Inactivity: a countdown, then Home with everything wiped ----------------------------------
tap "Return an item"
wait_screen return_0
scan "$receipt"
wait_screen return_1
wait_screen still_there 15
shot still-there
tap "Still here"
wait_screen return_1
wait_screen still_there 15
wait_screen home 25

# --- Staff leave with a long press in the corner and the PIN -----------------------------------
x mousemove 20 20 mousedown 1
sleep 3.4
x mouseup 1
wait_screen staff_pin
keys "1111"
tap "key ok"
shot staff-pin-wrong
keys "2468"
tap "key ok"
wait_screen staff_menu
shot staff-menu
tap "Exit the kiosk"
for _ in $(seq 30); do kill -0 "$kiosk_pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$kiosk_pid" 2>/dev/null && fail "the kiosk did not exit from the staff menu"
wait "$kiosk_pid" || fail "the kiosk exited with an error"

# --- Other screen shapes; a repair with a scanner at 1366x768 ----------------------------------
scanned_serial=$(sqlite3 "$db" "SELECT l.serial FROM sales s JOIN sale_lines l ON l.sale_id = s.id
  JOIN products p ON p.id = l.product_id WHERE p.category = 'phones' AND l.serial IS NOT NULL
  AND s.sold_at > strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-200 days')
  AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.serial = l.serial) ORDER BY s.sold_at DESC LIMIT 1")
for size in 1366x768 1080x1920; do
  start_kiosk "$size"
  wait_screen home 15
  shot "home-$size"
  flow_started
  tap "Repair check-in"
  wait_screen repair_identify
  shot "repair-serial-$size"
  if [ "$size" = 1366x768 ]; then
    scan "$scanned_serial"
    wait_screen repair_coverage
    tap Next
    wait_screen repair_problem
    tap "Battery or charging"
    wait_screen repair_describe
    keys "Dies at noon"
    tap "key ok"
    wait_screen repair_accessories
    tap "No visible damage"
    tap Next
    wait_screen repair_contact
    # A short screen: the keyboard waits for a tap, so "tell me when it changes?" is seen first.
    caught_up; grep -q "^keyboard" "$map" && fail "at 1366x768 the keyboard hides the question about messages on arrival"
    tap "Name"
    keys "Al"
    tap "key ok"
    keys "5550199"
    tap "key ok"
    tap "key ok"
    tap "No messages"
    shot "repair-contact-$size"
    tap Next
    wait_screen repair_review
    tap Next
    wait_screen repair_signature
    read -r sx sy < <(target "signature pad")
    touches=$((touches + 1))
    x mousemove $((sx - 200)) "$sy" mousedown 1
    for step in $(seq 1 8); do x mousemove $((sx - 200 + step * 50)) $((sy - (step % 2) * 20)); sleep 0.03; done
    x mouseup 1
    tap Next
    wait_screen receipt
    flow_done "repair check-in with a scanned serial, name and phone, no messages"
    [ "$(sqlite3 "$db" "SELECT customer_name || '|' || notify_consent || '|' || condition_notes FROM cases
      WHERE serial = '$scanned_serial'")" = "Al|0|No visible damage" ] || fail "the scanned repair was not saved as entered"
  fi
  stop_kiosk
done
# --- The database is not there: a calm message, then back to work once it is --------------------
mkdir -p "$work/late"
start_kiosk 1920x1080 "$work/late/store.db"
wait_screen unavailable 15
shot database-unavailable
grep -q "database unavailable" "$app_log" || fail "the kiosk did not log why it is unavailable"
kill -0 "$kiosk_pid" || fail "the kiosk exited without its database"
sqlite3 "$db" ".backup '$work/late/store.db'"
wait_screen home 20
stop_kiosk

[ "$(sqlite3 "$db" "PRAGMA integrity_check")" = ok ] || fail "integrity check"
echo PASS
