#!/usr/bin/env bash
# Builds the Debian package and checks it as a store's IT person would meet it: its contents and
# declared dependencies, lintian, then a real install on this machine (the CI machine): the
# programs run from the installed paths against the installed config and data folder, the units
# pass `systemd-analyze verify`, an edited config survives a reinstall, a database from a newer
# version is refused. It purges the package afterwards and removes only what it created.
# Usage: install/package_test.sh [BUILD_DIR]   (install/test.sh runs it after the Release build)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}

fail() { echo "FAIL: $*"; exit 1; }

echo "== package: build =="
rm -f "$build"/aftersales_*.deb
cmake --build "$build" --target package >/dev/null
deb=$(ls "$build"/aftersales_*.deb)
version=$(dpkg-deb -f "$deb" Version)

echo "== package: contents =="
contents=$(dpkg-deb -c "$deb" | awk '{ print $6 }' | sed 's|^\./|/|')
for path in /usr/bin/aftersales /usr/bin/aftersales-kiosk /usr/bin/aftersales-backoffice \
            /etc/aftersales/aftersales.toml \
            /lib/systemd/system/aftersales-status.service /lib/systemd/system/aftersales-notify.service \
            /lib/systemd/system/aftersales-backup.service /lib/systemd/system/aftersales-backup.timer \
            /lib/systemd/system/aftersales-kiosk-session.service \
            /usr/lib/sysusers.d/aftersales.conf /usr/lib/tmpfiles.d/aftersales.conf \
            /usr/share/applications/aftersales-backoffice.desktop /usr/share/icons/hicolor/scalable/apps/aftersales.svg \
            /usr/share/doc/aftersales/copyright /usr/share/doc/aftersales/examples/nginx/aftersales-status.conf \
            /usr/share/man/man1/aftersales.1.gz; do
  grep -qx "$path" <<<"$contents" || fail "the package lacks $path"
done
dpkg-deb -I "$deb" conffiles | grep -qx /etc/aftersales/aftersales.toml || fail "the config is not a conffile"
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libsqlite3-0 libsdl2-2.0-0 libqrencode4 libsodium23 libmicrohttpd12 libtomlplusplus3 libphonenumber8 fonts-dejavu-core systemd; do
  grep -q "$lib" <<<"$depends" || fail "Depends lacks $lib: $depends"
done
dpkg-deb --fsys-tarfile "$deb" | tar -xO ./etc/aftersales/aftersales.toml | grep -q '^database = "/var/lib/aftersales/aftersales.db"' ||
  fail "the packaged config does not put the database in /var/lib/aftersales"

desktop-file-validate install/package/aftersales-backoffice.desktop || fail "the back office's desktop entry is not valid"

echo "== package: lintian =="
# initial-upload-closes-no-bugs is about uploads to Debian's archive, which this package is not for.
findings=$(lintian --suppress-tags initial-upload-closes-no-bugs "$deb" 2>/dev/null | grep -E '^(E|W):' || true)
[ -z "$findings" ] || fail "lintian: $findings"

echo "== package: install =="
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null; then echo "package: install test skipped (needs root or sudo)"; exit 0; fi
  sudo="sudo"
fi
if [ -e /var/lib/aftersales/aftersales.db ]; then
  echo "package: install test skipped: this machine already has a store database in /var/lib/aftersales"
  exit 0
fi
cleanup() {
  $sudo apt-get purge -y -qq aftersales >/dev/null 2>&1 || true
  $sudo rm -rf /var/lib/aftersales /var/lib/aftersales-kiosk /etc/aftersales
}
trap cleanup EXIT
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get install -y -qq --no-install-recommends "$(realpath "$deb")" >/dev/null

[ "$(/usr/bin/aftersales --version)" = "aftersales ${version%-*}" ] || fail "aftersales --version says $(/usr/bin/aftersales --version)"
/usr/bin/aftersales-kiosk --version >/dev/null || fail "aftersales-kiosk --version"
/usr/bin/aftersales-backoffice --version >/dev/null || fail "aftersales-backoffice --version"
getent passwd aftersales >/dev/null || fail "no aftersales user"
id -nG aftersales-kiosk | grep -qw aftersales || fail "the kiosk user is not in the aftersales group"
[ "$(stat -c '%U:%G %a' /var/lib/aftersales)" = "aftersales:aftersales 2770" ] || fail "the data folder is $(stat -c '%U:%G %a' /var/lib/aftersales)"
[ -f /var/lib/aftersales/aftersales.db ] || fail "the postinst did not create the database"
[ "$(stat -c '%a' /var/lib/aftersales/aftersales.db)" = 660 ] || fail "the kiosk's group cannot write the database"
$sudo runuser -u aftersales -- /usr/bin/aftersales --config /etc/aftersales/aftersales.toml check | grep -q "Integrity: ok" ||
  fail "aftersales check against the installed paths"

echo "== package: systemd-analyze verify =="
for unit in /lib/systemd/system/aftersales-*; do
  out=$(systemd-analyze verify "$unit" 2>&1 | grep -v "^$" || true)
  # Only findings about our own units count (not other units of this machine pulled in by them).
  mine=$(grep -i "aftersales" <<<"$out" || true)
  [ -z "$mine" ] || fail "systemd-analyze verify $unit: $mine"
done

echo "== package: reinstall keeps the edited config, and the database =="
$sudo sed -i 's/^name = .*/name = "Tienda Centro"/' /etc/aftersales/aftersales.toml
echo "pin-2468" | $sudo runuser -u aftersales -- /usr/bin/aftersales --config /etc/aftersales/aftersales.toml \
  staff add boss --role manager >/dev/null
$sudo apt-get install -y -qq --reinstall "$(realpath "$deb")" >/dev/null
grep -q '^name = "Tienda Centro"' /etc/aftersales/aftersales.toml || fail "the reinstall replaced the edited config"
$sudo runuser -u aftersales -- /usr/bin/aftersales --config /etc/aftersales/aftersales.toml staff list | grep -q boss ||
  fail "the reinstall lost the data"

echo "== package: upgrading a database of an older schema backs it up, then migrates it once =="
latest=$(ls assets/migrations/sqlite/*.sql | sed -n 's|.*/0*\([0-9]*\)_.*|\1|p' | sort -n | tail -1)
$sudo rm -f /var/lib/aftersales/aftersales.db /var/lib/aftersales/aftersales.db-wal /var/lib/aftersales/aftersales.db-shm
cat assets/migrations/sqlite/0001_*.sql | $sudo runuser -u aftersales -- sqlite3 /var/lib/aftersales/aftersales.db
$sudo runuser -u aftersales -- sqlite3 /var/lib/aftersales/aftersales.db \
  "PRAGMA user_version = 1; INSERT INTO settings(key, value) VALUES ('marker', 'kept')"
$sudo apt-get install -y -qq --reinstall "$(realpath "$deb")" >/dev/null
[ "$($sudo sqlite3 /var/lib/aftersales/aftersales.db 'PRAGMA user_version')" = "$latest" ] || fail "the postinst did not migrate"
[ "$($sudo sqlite3 /var/lib/aftersales/aftersales.db "SELECT value FROM settings WHERE key = 'marker'")" = kept ] ||
  fail "the migration lost data"
copy=$($sudo sh -c 'ls /var/lib/aftersales/backups/aftersales-schema-1-before-*.db' 2>/dev/null | head -1)
[ -n "$copy" ] || fail "no backup was taken before the upgrade"
[ "$($sudo sqlite3 "$copy" 'PRAGMA user_version')" = 1 ] || fail "the backup is not the database as it was"
$sudo apt-get install -y -qq --reinstall "$(realpath "$deb")" >/dev/null
[ "$($sudo sh -c 'ls /var/lib/aftersales/backups/ | wc -l')" = 1 ] || fail "a second install migrated (and backed up) again"

echo "== package: a database from a newer version is refused =="

$sudo sqlite3 /var/lib/aftersales/aftersales.db "PRAGMA user_version = 999"
if out=$($sudo runuser -u aftersales -- /usr/bin/aftersales --config /etc/aftersales/aftersales.toml check 2>&1); then
  fail "a newer database was accepted"
fi
grep -q "newer version of aftersales" <<<"$out" || fail "the refusal does not say why: $out"
echo "package: PASS ($deb)"
