#!/usr/bin/env bash
# A chain of stores on PostgreSQL's logical replication (issue 16, README "A chain of stores"):
# headquarters and two stores (A = MAD01, B = BCN01) as three PostgreSQL servers on this machine (each its own cluster,
# port and folder, wal_level = logical, a 64 MB cap on the WAL a slot may keep), all started here
# and removed afterwards.
#   - add-store sets up both directions and is harmless run again; a store with rows is refused;
#   - sales imported at headquarters reach both stores; a warranty bought at store A is looked up,
#     and a return opened, at store B, after which A refuses to take the same unit back; a store
#     cannot import its own catalog;
#   - a case opened at A appears on headquarters' status page (the time is printed; over the 2 s goal
#     it says so, and only a case that has not arrived after 30 s fails: a timed test on a machine
#     shared with other work is no measure, bench.chain_lag_smoke is); ids and case
#     codes of the two stores never collide; headquarters refuses to write a store's case;
#   - A cut off from headquarters (its server stopped) keeps opening cases; when it is back,
#     headquarters catches up with nothing lost or doubled, and A's slot stayed under its cap;
#   - an estimate answered on headquarters' page while A is down says "reached us", keeps only the
#     first answer, and moves A's case exactly once when A is back (its notifier applies it);
#   - a transfer A → B keeps the history and the customer's link: after an upgrade's add-store re-run
#     (B's subscription refreshed, and B named "Barcelona Diagonal" with its number for customers),
#     A's repair goes to B, headquarters' page for the old link says it is on its way, B's notifier
#     opens B's case once with A's history, the old link and /track show B's case (with B's name and
#     number) and follow it as B works it;
#   - no replication worker reported a conflict or an error on any server.
#   chain_of_stores_test.sh PATH/TO/aftersales
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cli=$1
# shellcheck source-path=SCRIPTDIR source=../support/chain_servers.sh
. "$here/../support/chain_servers.sh"

work=$(mktemp -d)
serve_pid=
cleanup() {
  if [ -n "$serve_pid" ]; then kill "$serve_pid" 2> /dev/null || true; fi
  chain_servers_cleanup
  rm -rf "$work"
}
trap cleanup EXIT
: > "$work/empty.toml"
export AFTERSALES_CONFIG=$work/empty.toml
unset AFTERSALES_DB

fail() {
  echo "FAIL: $*"
  for name in "${servers[@]}"; do
    echo "--- $name's server log (last lines)"
    tail -15 "${work_of[$name]}/server.log" || true
  done
  exit 1
}
json_field() { python3 -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }

start=$(date +%s)
start_server HQ
start_server A
start_server B
hq=${uri_of[HQ]} a=${uri_of[A]} b=${uri_of[B]}
for db in "$hq" "$a" "$b"; do "$cli" --db "$db" init > /dev/null; done

# 1. The chain's catalog and sales are imported at headquarters; the stores start empty.
"$cli" --db "$hq" import products <(printf 'sku,name,category,warranty_months\nPH-1,Phone,phones,24\nTV-1,Television,tv,36\n') > /dev/null
yesterday=$(date -u -d yesterday +%Y-%m-%dT10:00:00Z)
{
  echo "receipt_number,sold_at,sku,serial,quantity,price_cents,store"
  echo "A-1001,$yesterday,PH-1,SN-BOUGHT-AT-A,1,49900,MAD01"
  echo "A-1002,$yesterday,TV-1,,1,89900,MAD01"
  echo "B-2001,$yesterday,PH-1,SN-BOUGHT-AT-B,1,49900,BCN01"
} > "$work/sales.csv"
"$cli" --db "$hq" import sales "$work/sales.csv" > /dev/null

# A store that already holds rows of its own is refused, and nothing is set up for it.
start_server OLD
old=${uri_of[OLD]}
"$cli" --db "$old" init > /dev/null
"$cli" --db "$old" import products <(printf 'sku,name\nX-1,Thing\n') > /dev/null
if "$cli" --db "$hq" chain add-store OLD "$old" > "$work/old.out" 2> "$work/old.err"; then
  fail "add-store took a database that already had a catalog"
fi
grep -q "empty database" "$work/old.err" || fail "the refusal does not say why: $(cat "$work/old.err")"
[ "$(query "$old" "SELECT count(*) FROM pg_subscription")" = 0 ] || fail "OLD got a subscription anyway"

# 2. add-store, both directions; a second run changes nothing.
"$cli" --db "$hq" chain add-store MAD01 "$a" --json > "$work/add-a.json" || fail "add-store A"
"$cli" --db "$hq" chain add-store BCN01 "$b" --json > "$work/add-b.json" || fail "add-store B"
[ "$(json_field number < "$work/add-a.json")" = 1 ] || fail "A is not store 1: $(cat "$work/add-a.json")"
[ "$(json_field number < "$work/add-b.json")" = 2 ] || fail "B is not store 2: $(cat "$work/add-b.json")"
"$cli" --db "$hq" chain add-store MAD01 "$a" --json > "$work/add-a2.json" || fail "add-store A again"
[ "$(json_field registered_now < "$work/add-a2.json")" = False ] || fail "A registered twice"
[ "$(query "$hq" "SELECT count(*) FROM pg_subscription")" = 2 ] || fail "headquarters has not exactly 2 subscriptions"
[ "$(query "$a" "SELECT count(*) FROM pg_subscription")" = 1 ] || fail "A has not exactly 1 subscription"

# 3. The sales reach both stores; a store may not import a catalog of its own.
# (each table is copied on its own at first: wait until every one is ready, not only sale_lines)
for db in "$a" "$b"; do
  wait_for "$db" "SELECT count(*) FROM pg_subscription_rel WHERE srsubstate <> 'r'" 30 0 \
    || fail "the first copy from headquarters did not finish at ${db##*@}"
  wait_for "$db" "SELECT count(*) FROM sale_lines" 15 3 || fail "sales did not reach ${db##*@}"
done
if "$cli" --db "$a" import products <(printf 'sku,name\nX-2,Other\n') > /dev/null 2> "$work/import-a.err"; then
  fail "store A imported a catalog of its own"
fi
grep -q "from headquarters" "$work/import-a.err" || fail "A's refusal does not say why: $(cat "$work/import-a.err")"

# A warranty bought at A, looked up and returned at B.
"$cli" --db "$b" warranty SN-BOUGHT-AT-A --json > "$work/warranty.json" || fail "warranty lookup at B"
grep -q '"A-1001"' "$work/warranty.json" || fail "B's warranty lookup does not find A's receipt: $(cat "$work/warranty.json")"
"$cli" --db "$b" case open-return --receipt A-1002 --sku TV-1 --reason changed_mind --condition sealed \
  --by counter-b --json > "$work/return-b.json" || fail "a return at B of a sale made at A"
# B's receipt says where the item was bought.
"$cli" --db "$b" receipt "$(json_field code < "$work/return-b.json")" --escpos "$work/return-b.escpos" > /dev/null \
  || fail "B's return receipt"
grep -aq "Bought at: MAD01" "$work/return-b.escpos" || fail "B's return receipt does not say the item was bought at MAD01"
# and the same unit is not returned again at A once headquarters has passed B's return on
wait_for "$a" "SELECT count(*) FROM chain_returns WHERE store_id = 'BCN01'" 15 1 || fail "B's return did not reach A"
if "$cli" --db "$a" case open-return --receipt A-1002 --sku TV-1 --reason changed_mind --condition sealed \
  --by counter-a > /dev/null 2> "$work/return-again.err"; then
  fail "A took back a unit already returned at B"
fi
grep -q "already been returned" "$work/return-again.err" || fail "A's refusal does not say why: $(cat "$work/return-again.err")"

# 4. A case opened at A shows on headquarters' status page (goal: within 2 s).
status_port=$(free_port)
printf '[server]\nlisten = "127.0.0.1:%s"\npublic_base_url = "http://127.0.0.1:%s"\naccess_log = false\n' \
  "$status_port" "$status_port" > "$work/hq.toml"
"$cli" --config "$work/hq.toml" --db "$hq" serve > "$work/serve.log" 2>&1 &
serve_pid=$!
for _ in $(seq 50); do
  if curl -s -o /dev/null "http://127.0.0.1:$status_port/healthz"; then break; fi
  sleep 0.1
done
opened_at=$(now_ms)
"$cli" --db "$a" case open-repair --serial SN-BOUGHT-AT-A --problem "Does not charge" --name "Ana" \
  --phone "+34 600 000 001" --by kiosk-a --json > "$work/case-a.json" || fail "open-repair at A"
token=$(json_field token < "$work/case-a.json")
code=$(json_field code < "$work/case-a.json")
seen=
while [ $(($(now_ms) - opened_at)) -lt 30000 ]; do
  if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$status_port/s/$token")" = 200 ]; then
    seen=$(($(now_ms) - opened_at))
    break
  fi
  sleep 0.05
done
[ -n "$seen" ] || fail "A's case $code was not on headquarters' status page after 30 s"
echo "a case opened at A was on headquarters' status page after $seen ms"
[ "$seen" -le 2000 ] || echo "note: over the 2000 ms goal (a busy machine; bench/chain_lag_bench.sh measures it)"
curl -s "http://127.0.0.1:$status_port/s/$token" | grep -q "$code" || fail "headquarters' page does not show $code"

# Rows keep their store and their own share of ids; headquarters writes no store's case.
[ "$(query "$hq" "SELECT store_id FROM cases WHERE code = '$code'")" = MAD01 ] || fail "A's case is not marked A at headquarters"
[ "$(query "$hq" "SELECT (id >= 1000000000000 AND id < 2000000000000)::int FROM cases WHERE code = '$code'")" = 1 ] \
  || fail "A's case id is not in A's share"
if "$cli" --db "$hq" case open-repair --serial SN-BOUGHT-AT-A --problem "Screen is cracked" --name "Yves" --phone "+34 600 000 009" \
  > /dev/null 2> "$work/hq-open.err"; then
  fail "headquarters opened a case of its own"
fi
grep -q "headquarters" "$work/hq-open.err" || fail "headquarters' refusal does not say why: $(cat "$work/hq-open.err")"

# 5. A cut off from headquarters keeps working; headquarters catches up, nothing lost or doubled.
stop_server HQ
for i in $(seq 1 20); do
  "$cli" --db "$a" case open-repair --serial "SN-OFFLINE-$i" --product Phone --problem "Cracked screen" --accept-fee \
    --name "Customer $i" --phone "+34 600 100 $(printf %03d "$i")" --by kiosk-a > /dev/null \
    || fail "A could not open a case while headquarters was down"
done
# and B keeps working too
"$cli" --db "$b" case open-repair --serial SN-BOUGHT-AT-B --problem "No sound" --name "Bea" --phone "+34 600 000 002" \
  --by kiosk-b > /dev/null || fail "B could not open a case while headquarters was down"
# A's subscription worker retries the connection every few seconds, and while it tries it has a pid:
# the status is asked until it says what a person would see over those seconds (at most 20 s).
for _ in $(seq 40); do
  "$cli" --db "$a" chain status --json > "$work/status-a-offline.json" || fail "chain status at A while HQ is down"
  grep -q "Not receiving from HQ" "$work/status-a-offline.json" && break
  sleep 0.5
done
restart_server HQ
expected_a=$(query "$a" "SELECT count(*) FROM cases")
expected_b=$(query "$b" "SELECT count(*) FROM cases")
wait_for "$hq" "SELECT count(*) FROM cases WHERE store_id = 'MAD01'" 30 "$expected_a" || fail "headquarters did not catch up with A"
wait_for "$hq" "SELECT count(*) FROM cases WHERE store_id = 'BCN01'" 30 "$expected_b" || fail "headquarters did not catch up with B"
wait_for "$hq" "SELECT count(*) FROM case_events" 30 \
  "$(($(query "$a" "SELECT count(*) FROM case_events") + $(query "$b" "SELECT count(*) FROM case_events")))" \
  || fail "headquarters' events differ from the stores'"
[ "$(query "$hq" "SELECT count(DISTINCT code) FROM cases")" = "$((expected_a + expected_b))" ] \
  || fail "case codes collide or doubled at headquarters"
[ "$(query "$hq" "SELECT count(DISTINCT store_id) FROM cases")" = 2 ] || fail "headquarters does not hold both stores' cases"

# The slot kept for headquarters stayed under its cap and was never lost.
"$cli" --db "$a" chain status --json > "$work/status-a.json" || fail "chain status at A"
python3 - "$work/status-a-offline.json" << 'EOF' || fail "A's chain status offline: $(cat "$work/status-a-offline.json")"
import json, sys
status = json.load(open(sys.argv[1]))
sending = [l for l in status["links"] if l["direction"] == "sending"]
assert len(sending) == 1 and not sending[0]["running"] and sending[0]["behind_bytes"] > 0, sending
assert 0 < sending[0]["retained_bytes"] <= status["max_slot_wal_keep_bytes"], sending
assert any("Not receiving from HQ" in w for w in status["warnings"]), status["warnings"]
EOF
python3 - "$work/status-a.json" << 'EOF' || fail "A's chain status: $(cat "$work/status-a.json")"
import json, sys
status = json.load(open(sys.argv[1]))
assert status["role"] == "store" and status["store"] == "MAD01", status
sending = [l for l in status["links"] if l["direction"] == "sending"]
assert len(sending) == 1 and sending[0]["peer"] == "HQ", sending
assert sending[0]["slot_state"] in ("reserved", "extended"), sending
assert sending[0]["retained_bytes"] <= status["max_slot_wal_keep_bytes"], sending
receiving = [l for l in status["links"] if l["direction"] == "receiving"]
assert len(receiving) == 1 and receiving[0]["peer"] == "HQ", receiving
EOF
wait_for "$hq" "SELECT count(*) FROM pg_stat_subscription WHERE pid IS NOT NULL AND relid IS NULL" 30 2 \
  || fail "headquarters' subscriptions did not start again"
"$cli" --db "$hq" chain status --json > "$work/status-hq.json" || fail "chain status at headquarters"
python3 - "$work/status-hq.json" << 'EOF' || fail "headquarters' chain status: $(cat "$work/status-hq.json")"
import json, sys
status = json.load(open(sys.argv[1]))
assert status["role"] == "headquarters", status
receiving = {l["peer"]: l for l in status["links"] if l["direction"] == "receiving"}
assert set(receiving) == {"MAD01", "BCN01"} and all(l["running"] for l in receiving.values()), receiving
assert all(l["last_contact_seconds_ago"] < 30 for l in receiving.values()), receiving
sending = {l["peer"] for l in status["links"] if l["direction"] == "sending"}
assert sending == {"MAD01", "BCN01"}, sending
EOF
"$cli" --db "$hq" chain status

# 6. An estimate answered on headquarters' page while A is offline moves A's case once it is back.
"$cli" --db "$a" case advance "$code" diagnosing --by tech-a > /dev/null || fail "advance at A"
"$cli" --db "$a" case estimate "$code" --part 'Charging port=4900' --by tech-a > /dev/null || fail "estimate at A"
wait_for "$hq" "SELECT estimate_state FROM cases WHERE code = '$code'" 15 pending || fail "the estimate did not reach headquarters"
stop_server A
page=http://127.0.0.1:$status_port/s/$token
# The page (or URL) once it says TEXT (with -v: once it no longer does), or as it is after 10 s: the
# status server hears of a change replicated to headquarters a moment after the change can be read
# there, and until then a worker thread that kept the page shows it as it was.
page_once() {
  local absent=false body
  if [ "$1" = -v ]; then absent=true; shift; fi
  for _ in $(seq 200); do
    body=$(curl -s "${2:-$page}")
    if grep -q "$1" <<< "$body"; then $absent || break; else $absent && break; fi
    sleep 0.05
  done
  printf '%s\n' "$body"
}
answer() {
  curl -s -o /dev/null -w '%{http_code}' --data "decision=$1&confirmed=yes" "$page/estimate"
}
[ "$(answer approve)" = 303 ] || fail "headquarters' page did not take the answer"
curl -s "$page" > "$work/page-after-answer.html"
grep -q "Your answer has reached us" "$work/page-after-answer.html" || fail "the page does not say the answer reached us: $(query "$hq" "SELECT * FROM phone_answers"); $(grep -o "<h1>[^<]*</h1>\|<p class=notice[^<]*" "$work/page-after-answer.html")"
grep -q 'name=decision' "$work/page-after-answer.html" && fail "the page still asks for a decision"
[ "$(answer decline)" = 303 ] || fail "a second answer was not answered with the page"
[ "$(query "$hq" "SELECT count(*) || ':' || min(approved) FROM phone_answers")" = "1:1" ] \
  || fail "headquarters kept other than the first answer: $(query "$hq" "SELECT * FROM phone_answers")"
restart_server A
wait_for "$a" "SELECT count(*) FROM phone_answers" 30 1 || fail "the answer did not reach A"
"$cli" --db "$a" notify --once > "$work/notify1.out" 2>&1 || fail "notify at A: $(cat "$work/notify1.out")"
"$cli" --db "$a" notify --once > "$work/notify2.out" 2>&1 || fail "notify again at A: $(cat "$work/notify2.out")"
[ "$(query "$a" "SELECT status || ' ' || estimate_state FROM cases WHERE code = '$code'")" = "repairing approved" ] \
  || fail "A's case did not move on: $(query "$a" "SELECT status, estimate_state FROM cases WHERE code = '$code'")"
[ "$(query "$a" "SELECT count(*) FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.code = '$code' AND e.kind = 'estimate_approved'")" = 1 ] \
  || fail "the answer was applied more than once"
[ "$(query "$a" "SELECT outcome FROM phone_answers_applied")" = applied ] || fail "A did not record the answer as applied"
wait_for "$hq" "SELECT count(*) FROM phone_answers_applied" 30 1 || fail "A's confirmation did not reach headquarters"
wait_for "$hq" "SELECT estimate_state FROM cases WHERE code = '$code'" 30 approved || fail "headquarters did not see the decision"
page_once -v "Your answer has reached us" > "$work/page-confirmed.html"
grep -q "Your answer has reached us" "$work/page-confirmed.html" && fail "the page still waits for the store after it confirmed"

# 7. A transfer A → B keeps the history and the customer's link.
# B as an older version set it up (its publication without the transfers): add-store run again after
# the upgrade adds the table and refreshes B's subscription.
query "$hq" "ALTER PUBLICATION aftersales_answers_bcn01 DROP TABLE chain_transfers" > /dev/null
query "$b" "ALTER SUBSCRIPTION aftersales_to_bcn01 REFRESH PUBLICATION" > /dev/null
# The re-run also names the store for customers, as headquarters may do at any time. While B's first
# copy of the added table is held up (B's server may start no copy worker for a while), B's chain
# status says so; once it may, the copy finishes by itself.
query "$b" "ALTER SYSTEM SET max_sync_workers_per_subscription = 0" > /dev/null
query "$b" "SELECT pg_reload_conf()" > /dev/null
wait_for "$b" "SHOW max_sync_workers_per_subscription" 10 0 || fail "B's server did not take the setting"
"$cli" --db "$hq" chain add-store BCN01 "$b" --name "Barcelona Diagonal" --phone "+34 930 000 002" --json \
  > "$work/add-b2.json" || fail "add-store B again"
[ "$(json_field refreshed_now < "$work/add-b2.json")" = True ] || fail "B's subscription was not refreshed: $(cat "$work/add-b2.json")"
"$cli" --db "$b" chain status --json > "$work/status-b-copying.json" || fail "chain status at B"
python3 - "$work/status-b-copying.json" << 'EOF' || fail "B's status does not say the first copy is in progress: $(cat "$work/status-b-copying.json")"
import json, sys
links = json.load(open(sys.argv[1]))["links"]
assert any(l["direction"] == "receiving" and l["tables_copying"] >= 1 for l in links), links
EOF
"$cli" --db "$b" chain status | grep -q "first copy of 1 table(s) in progress" || fail "B's status text does not say it"
query "$b" "ALTER SYSTEM RESET max_sync_workers_per_subscription" > /dev/null
query "$b" "SELECT pg_reload_conf()" > /dev/null
wait_for "$b" "SELECT count(*) FROM pg_subscription_rel WHERE srsubstate <> 'r'" 15 0 || fail "B's first copy did not finish"
"$cli" --db "$hq" chain add-store BCN01 "$b" --json > "$work/add-b3.json" || fail "add-store B a third time"
[ "$(json_field refreshed_now < "$work/add-b3.json")" = False ] || fail "a third add-store refreshed again"
"$cli" --db "$a" case transfer "$code" BCN01 --actor tech-a --note "Needs the depot's board station" --json \
  > "$work/transfer.json" || fail "transfer at A"
[ "$(json_field status < "$work/transfer.json")" = transferred ] || fail "A's case is not transferred: $(cat "$work/transfer.json")"
wait_for "$hq" "SELECT count(*) FROM chain_transfers WHERE to_store = 'BCN01'" 15 1 || fail "headquarters did not pass the transfer on"
page_once "on its way to our store Barcelona Diagonal" > "$work/page-in-transit.html"
grep -q "on its way to our store Barcelona Diagonal" "$work/page-in-transit.html" || fail "the old link does not say the repair is on its way"
wait_for "$b" "SELECT count(*) FROM chain_transfers" 15 1 || fail "the transfer did not reach B"
[ "$(query "$a" "SELECT count(*) FROM chain_transfers")" = 0 ] || fail "the transfer went to A as well"
"$cli" --db "$b" notify --once > "$work/notify-b1.out" 2>&1 || fail "notify at B: $(cat "$work/notify-b1.out")"
"$cli" --db "$b" notify --once > "$work/notify-b2.out" 2>&1 || fail "notify again at B: $(cat "$work/notify-b2.out")"
[ "$(query "$b" "SELECT count(*) FROM cases WHERE transferred_from = '$code'")" = 1 ] || fail "B did not open exactly one case"
new_code=$(query "$b" "SELECT code FROM cases WHERE transferred_from = '$code'")
[ "$(query "$b" "SELECT status FROM cases WHERE code = '$new_code'")" = checked_in ] || fail "B's case is not checked in"
a_events=$(query "$a" "SELECT count(*) FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.code = '$code'")
[ "$(query "$b" "SELECT count(*) FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.code = '$new_code' AND e.details->>'at_store' = 'MAD01'")" = "$a_events" ] \
  || fail "B's case does not carry A's $a_events events"
[ "$(query "$b" "SELECT count(*) FROM estimate_lines l JOIN cases c ON c.id = l.case_id WHERE c.code = '$new_code'")" = 1 ] \
  || fail "B's case lost the estimate"
wait_for "$hq" "SELECT count(*) FROM cases WHERE transferred_from = '$code'" 15 1 || fail "B's case did not reach headquarters"
page_once "$new_code" > "$work/page-moved.html"
grep -q "$new_code" "$work/page-moved.html" || fail "the old link does not show B's case $new_code"
grep -q "has moved to our store Barcelona Diagonal" "$work/page-moved.html" || fail "the old link does not say where the repair moved"
grep -q 'href="tel:+34930000002"' "$work/page-moved.html" || fail "headquarters' page for B's case does not give B's number"
"$cli" --db "$b" case advance "$new_code" diagnosing --by tech-b > /dev/null || fail "advance at B"
wait_for "$hq" "SELECT status FROM cases WHERE code = '$new_code'" 15 diagnosing || fail "B's change did not reach headquarters"
page_once "Being diagnosed" | grep -q "Being diagnosed" || fail "the old link does not follow B's case"
tracked=$(curl -s -o /dev/null -w '%{redirect_url}' --data "code=$code&phone=0001" "http://127.0.0.1:$status_port/track")
page_once "$new_code" "$tracked" | grep -q "$new_code" || fail "/track with the old code does not lead to B's case (redirect: $tracked)"

# 8. No replication worker met a conflict or an error anywhere.
for name in HQ A B; do
  log=${work_of[$name]}/server.log
  if grep -E "duplicate key|conflict|violates" "$log" > "$work/errors-$name"; then
    head "$work/errors-$name"
    fail "$name's server log shows replication errors"
  fi
done
echo "PASS: chain of stores ($(($(date +%s) - start)) s)"
