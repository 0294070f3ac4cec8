#!/usr/bin/env bash
# Builds the libFuzzer targets (clang 16, AddressSanitizer + UndefinedBehaviorSanitizer, in
# build-fuzz/) and runs each: first every input in regressions/<target>/ (what once crashed stays
# fixed), then libFuzzer for MINUTES (default 0.5: what the test command runs) starting from the
# seed corpus in corpus/<target>/. New inputs the fuzzer finds go to a temporary folder, not the
# repository. A crash stops the run: its input is copied to regressions/<target>/, to be fixed and
# committed with the fix. Prints, per target, the runs, the speed and the coverage reached.
#   tests/fuzz/run.sh [MINUTES [TARGET...]]      e.g. tests/fuzz/run.sh 30 fuzz_csv
# $AFTERSALES_FUZZ_BUILD names another build folder.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${AFTERSALES_FUZZ_BUILD:-build-fuzz}
minutes=${1:-0.5}
shift || true
seconds=$(python3 -c "import sys; print(max(1, round(float(sys.argv[1]) * 60)))" "$minutes")

# Line tables only: a crash's stack still names file and line, for a fraction of full debug info's build time.
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DAFTERSALES_FUZZ=ON \
  -DCMAKE_CXX_COMPILER=clang++-16 "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -gline-tables-only -DNDEBUG" \
  "-DCMAKE_CXX_FLAGS=-D__cpp_concepts=202002L -Wno-macro-redefined" > /dev/null
# libstdc++ 12's <expected> asks for concepts at level 202002L, which clang 16 has but reports as 201907L.
cmake --build "$build" --parallel "$(nproc)"

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(fuzz_codes fuzz_text fuzz_config fuzz_csv fuzz_receipt fuzz_status_request fuzz_transfer_snapshot fuzz_photo)
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

for target in "${targets[@]}"; do
  program=$build/tests/fuzz/$target
  regressions=tests/fuzz/regressions/$target
  if [ -d "$regressions" ] && [ -n "$(ls -A "$regressions")" ]; then
    "$program" -runs=0 "$regressions"/* > "$work/$target.replay" 2>&1 || {
      cat "$work/$target.replay"
      echo "FAIL: $target crashes again on an input in $regressions"
      exit 1
    }
  fi
  mkdir -p "$work/$target" "$work/$target-artifacts"
  if ! "$program" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=8192 -print_final_stats=1 \
    -artifact_prefix="$work/$target-artifacts/" "$work/$target" "tests/fuzz/corpus/$target" > "$work/$target.log" 2>&1; then
    tail -60 "$work/$target.log"
    mkdir -p "$regressions"
    for found in "$work/$target-artifacts"/*; do
      [ -e "$found" ] || continue
      cp "$found" "$regressions/"
      echo "FAIL: $target: the input that broke it is now $regressions/$(basename "$found")"
    done
    exit 1
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/$target.log" | grep -o '[0-9]*$' || echo '?')
  speed=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$work/$target.log" | grep -o '[0-9]*$' || echo '?')
  cov=$(grep -o 'cov: [0-9]*' "$work/$target.log" | tail -1 | grep -o '[0-9]*' || echo '?')
  printf '%-22s %10s runs in %s s (%s/s), coverage %s edges, no crash\n' "$target" "$runs" "$seconds" "$speed" "$cov"
done
