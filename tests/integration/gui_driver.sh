# Shared by the GUI smoke tests (source it): a virtual X server, the app started with
# $AFTERSALES_UI_MAP so it says where its targets are, and real input events through xdotool.
# The sourcing script sets `shots` (screenshot folder) and `shot_prefix`, and calls gui_setup first.

gui_setup() {
  work=$(mktemp -d)
  pids=()
  trap gui_cleanup EXIT
  # A command of the test script that fails under `set -e` says which, instead of a silent exit
  # (not inside the driver's functions: their polling tolerates a file not written yet).
  trap 'fail "this failed (line $LINENO): $BASH_COMMAND"' ERR
  # In the sanitizer build, leaks fail the run (the app exits non-zero), except libraries' own.
  export LSAN_OPTIONS=suppressions=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lsan-gui.supp
  app_log=$work/app.log
  mkdir -p "$shots"
}

gui_cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}

fail() {
  trap - ERR
  echo "FAIL: $*"
  set +e  # a report that finds nothing must not end the report
  [ -f "$app_log" ] && grep -m1 -A25 "ERROR: AddressSanitizer\|runtime error" "$app_log"; [ -f "$app_log" ] && tail -5 "$app_log"
  [ -n "${map:-}" ] && [ -f "$map" ] && { echo "what was on screen:"; cat "$map"; }
  [ -n "${display:-}" ] && DISPLAY=$display xwd -root -silent | convert xwd:- "$shots/$shot_prefix-FAILED.png"
  exit 1
}

start_xvfb() {  # SIZE: a fresh virtual screen; sets `display` and the app's `map` file
  local n
  for n in $(seq 150 250); do [ -e /tmp/.X$n-lock ] || { display=:$n; break; }; done
  Xvfb "$display" -screen 0 "${1}x24" -nolisten tcp >/dev/null 2>&1 &
  pids+=($!)
  for _ in $(seq 50); do DISPLAY=$display xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done
  map=$work/ui-$n.map
}

start_app() {  # PROGRAM ARGS...: on the current screen; sets `app_pid`
  AFTERSALES_UI_MAP=$map DISPLAY=$display "$@" >"$app_log" 2>&1 &
  app_pid=$!
  pids+=($app_pid)
}

stop_app() {
  kill "$app_pid" 2>/dev/null || true
  wait "$app_pid" 2>/dev/null || true
}

x() {  # xdotool on the test's screen; remembers when input was last sent
  DISPLAY=$display xdotool "$@"
  # Stamped once xdotool is done (the X server has the input): an idle mark the app wrote while a
  # slow xdotool was still starting says nothing about this input.
  last_sent=$(date +%s%N)
}

caught_up() {  # until the app has handled everything sent so far and gone idle (its map is current)
  local idle now
  for _ in $(seq 200); do
    # Not there yet (the app has not gone idle once): keep polling. `|| true`: under pipefail a
    # failed stat would end the test silently (ERR traps do not reach functions).
    idle=$(stat -c %.9Y "$map.idle" 2>/dev/null | tr -d .) || true
    now=$(date +%s%N)
    [ "${idle:-0}" -ge "${last_sent:-0}" ] && [ $(( (now - idle) / 1000000 )) -ge 80 ] && return 0
    sleep 0.05
  done
}

wait_screen() {  # NAME [SECONDS]
  local tries=$(( ${2:-10} * 10 ))
  for _ in $(seq "$tries"); do
    grep -q "^screen	$1\$" "$map" 2>/dev/null && return 0
    sleep 0.1
  done
  fail "screen '$1' did not show; it shows: $(grep '^screen' "$map" 2>/dev/null | cut -f2 | tr '\n' ' ')"
}

target() {  # NAME -> "X Y"
  awk -F'\t' -v n="$1" '$1 == "target" && $2 == n { print $3, $4; exit }' "$map"
}

touches=0  # what the shopper did: taps, strokes and scans (see count_touches)

tap() {  # NAME: a press and release on the target's centre
  local at
  touches=$((touches + 1))
  caught_up
  for _ in $(seq 30); do at=$(target "$1" 2>/dev/null) || true; [ -n "$at" ] && break; sleep 0.1; done
  [ -n "$at" ] || fail "no target '$1' on screen $(grep '^screen' "$map" | cut -f2)"
  # shellcheck disable=SC2086
  x mousemove $at mousedown 1
  sleep 0.05
  x mouseup 1
  caught_up
}

settle() {  # until the app's target map has stood still for 0.4 s (a save can take a moment)
  local now mtime
  for _ in $(seq 50); do
    now=$(date +%s%N)
    mtime=$(stat -c %.9Y "$map" 2>/dev/null | tr -d .) || true
    [ $(( (now - ${mtime:-0}) / 1000000 )) -ge 400 ] && return 0
    sleep 0.1
  done
}

wait_sql() {  # DB QUERY EXPECTED [SECONDS]: polls the database until the query answers EXPECTED
  local tries=$(( ${4:-5} * 10 )) got=""
  for _ in $(seq "$tries"); do
    got=$(sqlite3 "$1" "$2" 2>/dev/null || true)
    [ "$got" = "$3" ] && { settle; return 0; }
    sleep 0.1
  done
  fail "the database says '$got', not '$3' ($2)"
}

scan() {  # TEXT: what a barcode scanner sends: keystrokes, then Enter
  touches=$((touches + 1))
  x type --delay 8 "$1"
  x key Return
  sleep 0.4
}

flow_started() { touches=0; flow_started_at=$(date +%s%N); }
flow_done() {  # NAME: prints how many touches the flow took (the README's table comes from here)
  echo "touches: $1: $touches ($(( ($(date +%s%N) - flow_started_at) / 1000000 )) ms driven by the test)"
}

shot() {  # NAME
  sleep 0.3
  DISPLAY=$display xwd -root -silent | convert xwd:- "$shots/$shot_prefix-$1.png"
}
