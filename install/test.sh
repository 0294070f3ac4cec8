#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: first a Release build (build/) and its
# Debian package (built, linted, installed and checked on this machine: install/package_test.sh),
# with clang-tidy over the sources alongside its tests (install/check_tidy.sh, with the Release
# build's compile database), then an AddressSanitizer + UndefinedBehaviorSanitizer build
# (build-sanitize/), then the libFuzzer targets for 30 s each (tests/fuzz/run.sh, clang,
# build-fuzz/). First the sources' format is checked (install/check_format.sh); the Release build
# treats warnings as errors. `.ci/run` calls exactly this.
#   install/test.sh           both builds, clang-tidy and the fuzz targets
#   install/test.sh --quick   the Release build only, for quick local loops
set -euo pipefail
cd "$(dirname "$0")/.."
full=true
[ "${1:-}" != "--quick" ] || full=false

bash install/deps.sh
bash install/check_format.sh

configure_and_build() {
  local dir=$1; shift
  echo "== $dir: configure, build =="
  cmake -S . -B "$dir" -G Ninja "$@"
  cmake --build "$dir" --parallel "$(nproc)"
}
run_tests() {
  local dir=$1; shift
  echo "== $dir: test =="
  ctest --test-dir "$dir" --output-on-failure --parallel "$(nproc)" "$@"
}

configure_and_build build -DCMAKE_BUILD_TYPE=Release -DAFTERSALES_WERROR=ON
if $full; then
  # clang-tidy reads the build's compile database and generated sources, nothing the tests touch, so
  # it runs while they do, at idle priority: on the processor time they leave (they wait on servers,
  # browsers and displays).
  idle=(chrt --idle 0)
  chrt --idle 0 true 2> /dev/null || idle=(nice -n 19)  # where the machine refuses SCHED_IDLE
  tidy_log=$(mktemp)
  setsid --wait "${idle[@]}" bash install/check_tidy.sh build > "$tidy_log" 2>&1 &
  tidy=$!
  trap 'kill -- -"$tidy" 2> /dev/null || true; rm -f "$tidy_log"' EXIT
fi
run_tests build
bash install/package_test.sh build
if $full; then
  echo "== clang-tidy =="
  tidy_status=0
  wait "$tidy" || tidy_status=$?
  cat "$tidy_log"
  [ "$tidy_status" -eq 0 ]
  # -O1 and line tables only: half the compile time of -O2 -g, and reports still name file and line.
  configure_and_build build-sanitize -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG" \
    -DAFTERSALES_SANITIZE=ON
  # Not the tests labelled release_only (tests/CMakeLists.txt says which and why).
  run_tests build-sanitize --label-exclude release_only
  echo "== build-fuzz: libFuzzer targets, 30 s each =="
  bash tests/fuzz/run.sh 0.5
fi
