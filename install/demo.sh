#!/usr/bin/env bash
# Installs what is missing, builds, creates a demo store database and starts what exists of the
# system on it: the status web server for customers' phones (until Ctrl-C), with the admin CLI to
# work the cases. The kiosk and back-office apps come next.
#   install/demo.sh           keep an existing demo database
#   install/demo.sh --fresh   start again from a new demo database
set -euo pipefail
cd "$(dirname "$0")/.."

bash install/deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build --parallel "$(nproc)"

cli=build/backoffice/cli/aftersales
export AFTERSALES_DB="$PWD/demo/aftersales-demo.db"
if [ "${1:-}" = "--fresh" ]; then rm -f "$AFTERSALES_DB" "$AFTERSALES_DB-wal" "$AFTERSALES_DB-shm"; fi
if [ ! -f "$AFTERSALES_DB" ]; then
  "$cli" demo --seed 2026
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
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null' EXIT INT TERM
sleep 0.5
token=$("$cli" case list --status awaiting_approval --limit 1 --json | sed -n 's/.*"token": "\(.*\)".*/\1/p' | head -1)
cat <<MSG

The demo store is in $AFTERSALES_DB; demo/receipt.png shows a receipt as it prints.
Status page of a repair waiting for the customer's approval (open it in a browser):
  http://127.0.0.1:$port/s/$token
Find a case by code and phone digits: http://127.0.0.1:$port/track
Work the cases with the admin CLI in another terminal, for example:
  export AFTERSALES_DB=$AFTERSALES_DB
  $cli case list --overdue
  $cli case advance CODE diagnosing --note "On the bench"
Press Ctrl-C to stop the status server.
MSG
wait $server
