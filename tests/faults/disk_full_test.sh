#!/usr/bin/env bash
# A disk that fills up (or fails, or turns read-only) in the middle of a check-in (issue 20, item
# 4), on SQLite: an LD_PRELOAD shim (fail_io) makes the Nth write or sync fail, and every one after
# it, for N = 1, 2, ... until a check-in gets through untouched. Each time:
#   - the CLI fails with the clear message (disk full / read-only: nothing was saved), never a
#     crash or a raw SQLite message; or it succeeds and the case is there;
#   - afterwards, on a healthy disk, the database opens, checks clean, still holds the case saved
#     before, and the check-in that failed is either wholly there (with its first event) or not at all.
#   disk_full_test.sh PATH/TO/aftersales PATH/TO/libfail_io.so
set -euo pipefail
cli=$1 shim=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
: > "$work/empty.toml"
export AFTERSALES_CONFIG=$work/empty.toml
# In the sanitizer build the shim comes before ASan's runtime, which ASan would otherwise refuse.
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
fail() {
  echo "FAIL: $*"
  exit 1
}
db=$work/store.db
sql() { sqlite3 "$db" "$1"; }
open_repair() {
  "$cli" --db "$db" case open-repair --serial "$1" --product "Phone" --problem "Does not charge" \
    --name "Ana" --phone "+34 600 000 001" --accept-fee --by kiosk --json
}
"$cli" --db "$db" init > /dev/null
before=$(open_repair SAVED-BEFORE | python3 -c 'import json, sys; print(json.load(sys.stdin)["code"])')

for error in ENOSPC EIO EROFS; do
  case $error in
    ENOSPC) words="The disk is full: nothing was saved" ;;
    EROFS) words="read-only here: nothing was saved" ;;
    EIO) words="" ;;  # a failing disk: any clear storage message, checked below for what it must not be
  esac
  failures=0
  for n in $(seq 1 200); do
    serial="DISK-$error-$n"
    if AFTERSALES_FAIL_IO_AT=$n AFTERSALES_FAIL_IO_ERRNO=$error LD_PRELOAD=$shim \
      open_repair "$serial" > "$work/out" 2> "$work/err"; then
      break  # the whole check-in got through before the Nth call
    fi
    status=$?
    failures=$((failures + 1))
    [ "$status" -lt 128 ] || fail "$error at call $n: the CLI died with signal $((status - 128))"
    if [ -n "$words" ]; then
      grep -q "$words" "$work/err" || fail "$error at call $n: not the clear message: $(cat "$work/err")"
    fi
    if grep -qiE "sqlite|disk I/O error|unable to open" "$work/err"; then
      fail "$error at call $n: a raw storage message: $(cat "$work/err")"
    fi
    [ "$(sql 'PRAGMA integrity_check')" = ok ] || fail "$error at call $n: integrity_check fails"
    [ "$(sql "SELECT count(*) FROM cases WHERE code = '$before'")" = 1 ] || fail "$error at call $n: the saved case is gone"
    half=$(sql "SELECT count(*) FROM cases c WHERE c.serial = '$serial' AND NOT EXISTS
                (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.kind = 'opened')")
    [ "$half" = 0 ] || fail "$error at call $n: a half-written case"
  done
  [ "$failures" -gt 0 ] || fail "$error: the shim never made a check-in fail (is it loaded?)"
  [ "$(sql "SELECT count(*) FROM cases WHERE serial = 'DISK-$error-$n'")" = 1 ] || fail "$error: the check-in that got through is missing"
  echo "$error: check-ins failed at each of the first $failures writes or syncs with a clear message; database clean each time; the next went through"
done
"$cli" --db "$db" check > /dev/null || fail "aftersales check fails at the end"
echo PASS
