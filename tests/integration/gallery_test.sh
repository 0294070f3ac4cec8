#!/usr/bin/env bash
# Every screen as its user meets it: renders the kiosk's gallery at every supported size, with and
# without "Large text, high contrast" (each run covers English, Spanish and French and every text
# field focused in turn), and the back office's at its sizes. Each gallery checks the target map of
# every screen (overlaps, targets outside the window or cut off, a focused field not in view or
# under the keyboard, an error out of sight) and exits 1 on any problem; this script also checks
# that every PNG has its map and that the gallery covered every screen it should.
# No display needed: SDL's offscreen video driver with the same software renderer as the apps.
# Usage: gallery_test.sh AFTERSALES_KIOSK AFTERSALES_BACKOFFICE OUT_DIR
set -euo pipefail
kiosk=$1
backoffice=$2
out=$3
rm -rf "$out"
mkdir -p "$out"
export SDL_VIDEODRIVER=offscreen
# SDL's offscreen driver dlopens and unloads EGL, whose allocations LeakSanitizer then reports
# from an "<unknown module>" no suppression can name. The apps' own leaks are checked by the GUI
# smoke tests under Xvfb (the same screens and code); here the sanitizers still catch memory errors.
export LSAN_OPTIONS=detect_leaks=0
status=0

run() {  # DIR PROGRAM ARGS...: one gallery; its problems are printed and counted
  local dir=$1; shift
  local log=$dir.log
  if "$@" --gallery "$dir" >"$log" 2>&1; then
    tail -n 1 "$log"
  else
    echo "FAIL: $*"; grep -v '^gallery:' "$log" | head -40; tail -n 1 "$log"
    status=1
  fi
}

for size in 1366x768 1920x1080 1080x1920; do
  for mode in standard large; do
    run "$out/kiosk" "$kiosk" --windowed "$size" --text-scale "$mode"
  done
done
for size in 1366x768 1920x1080; do
  run "$out/backoffice" "$backoffice" --windowed "$size"
done

# Each screen has its map; every flow's screens are there in every language, size and mode.
for png in "$out"/*/*.png; do
  [ -f "${png%.png}.map" ] || { echo "FAIL: $png has no map"; status=1; }
done
for stem in home repair-contact-E-mail repair-loaner repair-review repair-signature-error repair-save-failed repair-unknown-serial receipt receipt-choice receipt-sent \
            return-contact-Phone return-contact-required-Phone warranty-card track-status cancel-question still-there; do
  for lang in en es fr; do
    for mode in standard large; do
      for size in 1366x768 1920x1080 1080x1920; do
        ls "$out"/kiosk/"$stem"-*"$lang-$mode-$size".png >/dev/null 2>&1 ||
          { echo "FAIL: no kiosk screen $stem in $lang, $mode, $size"; status=1; }
      done
    done
  done
done
# Headquarters' dashboard: the stores side by side, the chain's total, what comes back most.
for size in 1366x768 1920x1080; do
  map="$out/backoffice/dashboard-headquarters-none-en-standard-$size.map"
  for target in "store Chain total" "store MAD01 Madrid Centro" "store ALC01" "sort by Promises kept" "repaired 1" "faults 1"; do
    grep -q "^target	$target	" "$map" 2>/dev/null ||
      { echo "FAIL: headquarters' dashboard at $size has no '$target'"; status=1; }
  done
done
# A store's bench: each report has its Export CSV button on screen.
for size in 1366x768 1920x1080; do
  map="$out/backoffice/dashboard-bench-none-en-standard-$size.map"
  for target in "Service figures" "Export technicians CSV" "Export status-times CSV" "Export parts-used CSV"; do
    grep -q "^target	$target	" "$map" 2>/dev/null ||
      { echo "FAIL: the bench dashboard at $size has no '$target'"; status=1; }
  done
done
# A store with return controls: Next without a contact is answered on screen, with the phone field
# given the keyboard.
for size in 1366x768 1920x1080 1080x1920; do
  map="$out/kiosk/return-contact-required-Phone-es-large-$size.map"
  grep -q "^error" "$map" 2>/dev/null && grep -q "^focus	Phone" "$map" ||
    { echo "FAIL: the return's required contact step at $size shows no error by a focused phone field"; status=1; }
done
# "No paper": the receipt screen offers each way to take the receipt, all of them on screen.
for size in 1366x768 1920x1080 1080x1920; do
  map="$out/kiosk/receipt-choice-none-fr-large-$size.map"
  for target in "Print it" "E-mail it" "Text it" "E-mail and text it" "Done"; do
    grep -q "^target	$target	" "$map" 2>/dev/null ||
      { echo "FAIL: the receipt's choice at $size has no '$target'"; status=1; }
  done
done
grep -q "^keyboard" "$out"/kiosk/repair-contact-E-mail-fr-large-1366x768.map ||
  { echo "FAIL: the contact screen shows no keyboard while a field is focused"; status=1; }
echo "gallery: $(ls "$out"/kiosk/*.png | wc -l) kiosk screens, $(ls "$out"/backoffice/*.png 2>/dev/null | wc -l) back-office screens in $out"
exit $status
