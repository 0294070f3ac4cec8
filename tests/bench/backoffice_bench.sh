#!/usr/bin/env bash
# Measures the back office under a virtual X server, signed in on the queue of a demo store: how long
# a case opened elsewhere (a kiosk) takes to show with its notice, then CPU, frames drawn and
# resident memory while nobody touches it (it refreshes from the database every 2 s and draws only
# when something changed). Prints the numbers; it does not pass or fail on them.
# Usage: backoffice_bench.sh AFTERSALES_CLI AFTERSALES_BACKOFFICE [IDLE_SECONDS]
# On PostgreSQL (the queue hears of the case through LISTEN/NOTIFY, the poll stays as a fallback):
#   bash tests/support/with_postgres.sh tests/bench/backoffice_bench.sh CLI BACKOFFICE
set -euo pipefail
cli=$1
backoffice=$2
idle_seconds=${3:-20}
work=$(mktemp -d)
trap 'kill ${app:-} ${xvfb:-} 2>/dev/null || true; rm -rf "$work"' EXIT
if [ -n "${AFTERSALES_TEST_POSTGRES:-}" ]; then  # under tests/support/with_postgres.sh
  psql -q "$AFTERSALES_TEST_POSTGRES" -c "CREATE DATABASE backoffice_bench"
  db=${AFTERSALES_TEST_POSTGRES%/*}/backoffice_bench
  sql() { psql -qtA "$db" -c "$1"; }
else
  db=$work/store.db
  sql() { sqlite3 "$db" "$1"; }
fi
"$cli" --db "$db" demo --seed 3 >/dev/null
echo "bench-pass" | "$cli" --db "$db" staff add bench --role clerk >/dev/null
# shellcheck source=gui_bench_common.sh
source "$(dirname "$0")/gui_bench_common.sh"
start_bench_xvfb 1366x768

frames() { cat "$work/map.idle" 2>/dev/null || echo 0; }
wait_for() { for _ in $(seq 300); do grep -q "$1" "$work/map" 2>/dev/null && return 0; sleep 0.01; done; return 1; }

launched=$(date +%s%N)
AFTERSALES_UI_MAP=$work/map DISPLAY=$display "$backoffice" --db "$db" --size 1366x768 2>"$work/log" &
app=$!
wait_for "^screen	sign_in"
seen=$(date +%s%N)
DISPLAY=$display xdotool type --delay 10 "bench"
read -r x y < <(awk -F'\t' '$1 == "target" && $2 == "password" { print $3, $4 }' "$work/map")
DISPLAY=$display xdotool mousemove "$x" "$y" click 1 sleep 0.2 type --delay 10 "bench-pass"
DISPLAY=$display xdotool key Return
wait_for "^screen	queue"
sleep 3  # let the first refreshes settle

serial=$(sql "SELECT serial FROM sale_lines WHERE serial IS NOT NULL AND serial NOT IN
  (SELECT serial FROM cases WHERE serial IS NOT NULL) LIMIT 1")
opened=$(date +%s%N)
"$cli" --db "$db" case open-repair --serial "$serial" --problem "Bench" --name "Bench" --phone "+1 555 0100" \
  --by kiosk --accept-fee >/dev/null
wait_for "^target	arrivals" || echo "the arrival notice did not show"
arrived=$(date +%s%N)
sleep $(( idle_seconds >= 10 ? 21 : 1 ))  # the notice goes away after 20 s (a short smoke run does not wait)

before=$(cpu_ticks $app)
frames_before=$(frames)
sleep "$idle_seconds"
after=$(cpu_ticks $app)
frames_after=$(frames)
idle_cpu=$(cpu_percent $((after - before)) "$idle_seconds")

printf '%-44s %-12s %s\n' "What" "Goal" "Measured"
printf '%-44s %-12s %s ms\n' "Launch to the sign-in screen" "" $(( (seen - launched) / 1000000 ))
arrival_goal="< 2000 ms"
[ -z "${AFTERSALES_TEST_POSTGRES:-}" ] || arrival_goal="< 200 ms"
printf '%-44s %-12s %s ms\n' "A kiosk case shows in the queue, with notice" "$arrival_goal" $(( (arrived - opened) / 1000000 ))
printf '%-44s %-12s %s%% over %s s\n' "CPU while idle on the queue" "< 1%" "$idle_cpu" "$idle_seconds"
printf '%-44s %-12s %s over %s s\n' "Frames drawn while idle" "0" $((frames_after - frames_before)) "$idle_seconds"
printf '%-44s %-12s %s MB\n' "Resident memory on the queue" "" "$(rss_mb $app)"
