#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: first a Release build (build/) and its
# Debian package (built, linted, installed and checked on this machine: install/package_test.sh),
# then clang-tidy over the sources (install/check_tidy.sh, with the Release build's compile
# database), then an AddressSanitizer + UndefinedBehaviorSanitizer build (build-sanitize/), then the
# libFuzzer targets for 30 s each (tests/fuzz/run.sh, clang, build-fuzz/). First the
# sources' format is checked (install/check_format.sh); the Release build treats warnings as errors.
# `.ci/run` calls exactly this.
#   install/test.sh           both builds, clang-tidy and the fuzz targets
#   install/test.sh --quick   the Release build only, for quick local loops
set -euo pipefail
cd "$(dirname "$0")/.."

bash install/deps.sh
bash install/check_format.sh

build_and_test() {
  local dir=$1; shift
  echo "== $dir: configure, build, test =="
  cmake -S . -B "$dir" -G Ninja "$@"
  cmake --build "$dir" --parallel "$(nproc)"
  ctest --test-dir "$dir" --output-on-failure --parallel "$(nproc)"
}

build_and_test build -DCMAKE_BUILD_TYPE=Release -DAFTERSALES_WERROR=ON
bash install/package_test.sh build
if [ "${1:-}" != "--quick" ]; then
  bash install/check_tidy.sh build
  build_and_test build-sanitize -DCMAKE_BUILD_TYPE=RelWithDebInfo -DAFTERSALES_SANITIZE=ON
  echo "== build-fuzz: libFuzzer targets, 30 s each =="
  bash tests/fuzz/run.sh 0.5
fi
