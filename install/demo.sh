#!/usr/bin/env bash
# Installs what is missing, builds, creates a demo store database and starts the system on it: the
# kiosk and the back office (in windows, when there is a display) and the status web server for
# customers' phones, until Ctrl-C, with the admin CLI to work the cases too.
#   install/demo.sh           keep an existing demo database
#   install/demo.sh --fresh   start again from a new demo database
set -euo pipefail
cd "$(dirname "$0")/.."

bash install/deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build --parallel "$(nproc)"

cli=build/backoffice/cli/aftersales
kiosk=build/kiosk/app/aftersales-kiosk
backoffice=build/backoffice/app/aftersales-backoffice
mkdir -p demo
export AFTERSALES_DB="$PWD/demo/aftersales-demo.db"
export AFTERSALES_CONFIG="$PWD/demo/aftersales-demo.toml"
if [ "${1:-}" = "--fresh" ]; then rm -f "$AFTERSALES_DB" "$AFTERSALES_DB-wal" "$AFTERSALES_DB-shm" "$AFTERSALES_CONFIG"; fi
if [ ! -f "$AFTERSALES_CONFIG" ]; then
  # The demo's own config: receipts "print" to a file, the kiosk opens in a window, staff PIN 1234,
  # and the customers' messages (`aftersales notify`) go to a file.
  pin_hash=$(echo 1234 | "$cli" --json kiosk-pin | sed -n 's/.*"staff_pin_hash": "\(.*\)".*/\1/p')
  cat > "$AFTERSALES_CONFIG" <<TOML
[store]
price_format = "\${}"
[printer]
connection = "file:$PWD/demo/printer-output.escpos"
[kiosk]
fullscreen = false
staff_pin_hash = "$pin_hash"
send_receipts_by = ["email", "sms"]
[notifications]
email_command = "cat >> $PWD/demo/sent-messages.txt"
sms_command = "cat >> $PWD/demo/sent-messages.txt"
TOML
fi
if [ ! -f "$AFTERSALES_DB" ]; then
  "$cli" demo --seed 2026
fi
if [ "$("$cli" --json staff list)" = "[]" ]; then
  echo 1234 | "$cli" staff add manager --name "Demo Manager" --role manager >/dev/null
fi

echo
echo "== Open cases (aftersales case list --open) =="
"$cli" case list --open --limit 15
code=$("$cli" case list --status ready_for_pickup --limit 1 --json | sed -n 's/.*"code": "\(.*\)".*/\1/p' | head -1)
if [ -n "$code" ]; then
  echo
  echo "== One case (aftersales case show $code) =="
  "$cli" case show "$code"
  "$cli" receipt "$code" --png demo/receipt.png --escpos demo/receipt.escpos
fi
serial=$("$cli" case list --kind repair --limit 1 --json | sed -n 's/.*"serial": "\(.*\)".*/\1/p' | head -1)
if [ -n "$serial" ]; then
  echo
  echo "== Its warranty (aftersales warranty $serial) =="
  "$cli" warranty "$serial"
fi
port=${AFTERSALES_DEMO_PORT:-8080}
"$cli" serve --listen "127.0.0.1:$port" &
server=$!
kiosk_pid=
backoffice_pid=
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  "$kiosk" --windowed 1366x768 &
  kiosk_pid=$!
  "$backoffice" --size 1366x768 &
  backoffice_pid=$!
fi
trap 'kill $server $kiosk_pid $backoffice_pid 2>/dev/null; wait $server $kiosk_pid $backoffice_pid 2>/dev/null' EXIT INT TERM
sleep 0.5
token=$("$cli" case list --status awaiting_approval --limit 1 --json | sed -n 's/.*"token": "\(.*\)".*/\1/p' | head -1)
cat <<MSG

The demo store is in $AFTERSALES_DB; demo/receipt.png shows a receipt as it prints.
Status page of a repair waiting for the customer's approval (open it in a browser):
  http://127.0.0.1:$port/s/$token
Find a case by code and phone digits: http://127.0.0.1:$port/track
Work the cases with the admin CLI in another terminal, for example:
  export AFTERSALES_DB=$AFTERSALES_DB AFTERSALES_CONFIG=$AFTERSALES_CONFIG
  $cli case list --overdue
  $cli case advance CODE diagnosing --note "On the bench"
MSG
if [ -n "$kiosk_pid" ]; then
  cat <<MSG
The kiosk is open in a window (1366x768). Try a return with receipt $(sqlite3 "$AFTERSALES_DB" \
  "SELECT s.receipt_number FROM sales s JOIN sale_lines l ON l.sale_id = s.id JOIN products p ON p.id = l.product_id
   WHERE p.category = 'phones' ORDER BY s.sold_at DESC LIMIT 1" 2>/dev/null || echo "from the demo data"),
or type a serial at "Warranty lookup". Its receipts print to demo/printer-output.escpos. Staff leave
the kiosk with a 3-second press in its top-left corner and the PIN 1234.
The back office is open in another window: sign in as "manager" with PIN 1234, find the case you
just made at the kiosk, and move it along; its status page follows.
MSG
else
  echo "No display here: on a desktop, start the kiosk with: $kiosk --windowed 1366x768"
  echo "and the back office with: $backoffice (sign in as manager, PIN 1234)"
fi
echo "Press Ctrl-C to stop."
wait $server
