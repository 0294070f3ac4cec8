#!/usr/bin/env bash
# The kiosk as the kiosk session starts it: fullscreen under cage (Debian's Wayland kiosk compositor),
# here nested in a virtual X server instead of on tty1, as an unprivileged user (cage refuses root).
# Checks that it comes up on Wayland filling cage's output, answers a tap, and stops cleanly.
# Usage: kiosk_under_cage_test.sh AFTERSALES_CLI AFTERSALES_KIOSK SHOTS_DIR
set -euo pipefail
cli=$1
kiosk=$2
shots=$3
shot_prefix=cage
# shellcheck source=gui_driver.sh
source "$(dirname "$0")/gui_driver.sh"
gui_setup
for tool in cage Xwayland; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool is not installed (install/deps.sh installs it)"; exit 1; }
done
chmod 755 "$work"
runtime=$work/runtime
mkdir -m 700 "$runtime"
"$cli" --db "$work/store.db" demo --seed 5 >/dev/null
as_user=()
if [ "$(id -u)" -eq 0 ]; then
  # nobody may not reach the build folder (a clone under /root, say): it runs a copy of the kiosk.
  cp "$kiosk" "$work/aftersales-kiosk"
  kiosk=$work/aftersales-kiosk
  chown -R nobody "$work"
  as_user=(runuser -u nobody --)
fi

start_xvfb 1366x768
"${as_user[@]}" env XDG_RUNTIME_DIR="$runtime" DISPLAY="$display" WLR_BACKENDS=x11 WLR_RENDERER=pixman \
  SDL_VIDEODRIVER=wayland AFTERSALES_UI_MAP="$map" \
  cage -d -- "$kiosk" --db "$work/store.db" >"$app_log" 2>&1 &
cage_pid=$!
pids+=($cage_pid)
wait_screen home 20
grep -q "first frame" "$app_log" || fail "the kiosk did not report its first frame"
shot home
# cage's output is the nested window at the top left; the kiosk fills it, so its targets are where
# the map says. A tap goes through wlroots' input to the Wayland client.
tap "Return an item"
wait_screen return_0 10
shot return
kiosk_pid=$(pgrep -f -n "^$kiosk " || true)
[ -n "$kiosk_pid" ] || fail "no kiosk process under cage"
kill -TERM "$kiosk_pid"
for _ in $(seq 50); do kill -0 "$cage_pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$cage_pid" 2>/dev/null; then fail "cage did not end when the kiosk stopped"; fi
echo PASS
