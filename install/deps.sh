#!/usr/bin/env bash
# Installs every Debian package that building, testing and the demo need.
# Idempotent and non-interactive: when everything is already installed it only checks and returns.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build pkg-config git
  # core library
  libsqlite3-dev sqlite3 libpq-dev libsodium-dev libfmt-dev libspdlog-dev libtomlplusplus-dev
  nlohmann-json3-dev libhowardhinnant-date-dev tzdata
  # customers' phone numbers read as one key however typed (core/domain/phone_number)
  libphonenumber-dev
  # receipts: QR codes, PNG rendering with a real font, printing to CUPS queues
  libqrencode-dev libpng-dev libfreetype-dev fonts-dejavu-core cups-client
  # photos: checked, decoded and written again without their metadata (core/media)
  libturbojpeg0-dev
  # status web server
  libmicrohttpd-dev
  # admin CLI
  libcli11-dev
  # GUI apps: Dear ImGui (its static lib carries the SDL2 and OpenGL3 backends) on SDL2, spoken
  # prompts at the kiosk
  libimgui-dev libstb-dev libsdl2-dev libgl-dev espeak-ng
  # tests and benchmarks; the format check; a throwaway PostgreSQL server for the tests on that
  # backend (tests/support/with_postgres.sh), pg_dump for its backups; ip and ss for the store on
  # several machines in network namespaces (tests/integration/store_on_several_machines_test.sh)
  clang-format postgresql postgresql-client iproute2
  libgtest-dev libgmock-dev libbenchmark-dev libzbar-dev zbar-tools
  # the clang-tidy check (install/check_tidy.sh): Debian 12's newest clang-tidy; version 14 (the
  # plain clang-tidy package) stops on errors in libstdc++ 12's <variant> and <expected>
  clang-tidy-16
  # the fuzz targets (tests/fuzz/run.sh): clang 16 and its libFuzzer and sanitizer runtimes
  clang-16 libclang-rt-16-dev
  # GUI smoke tests: a virtual X server, real input events, screenshots
  xvfb xauth xdotool x11-apps x11-utils imagemagick
  # the Debian package: its checks; the kiosk session's compositor (and the Xwayland it insists on)
  lintian desktop-file-utils cage xwayland
  # browser test of the status page (Debian's Chromium driven by playwright-core from npm),
  # and the server benchmark against nginx; slow clients against the status server
  # (tests/faults/slow_clients_test.sh)
  chromium nodejs nginx-light wrk curl slowhttptest
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [ "$status" = installed ] || missing+=("$p")
done

# npm comes with some nodejs builds and is a package of its own in Debian's.
command -v npm >/dev/null || missing+=(npm)

if [ ${#missing[@]} -eq 0 ]; then
  echo "deps: all ${#packages[@]} packages present"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "deps: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi

echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
