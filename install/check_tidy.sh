#!/usr/bin/env bash
# Runs clang-tidy (Debian 12's clang-tidy-16, the checks in .clang-tidy) over every project .cpp in a build's
# compile database and fails on any finding. install/test.sh calls it after the Release build.
#   install/check_tidy.sh [BUILD_DIR]     (default: build; it needs BUILD_DIR/compile_commands.json and the
#                                          sources that the build generates)
# g++ builds the code; clang only analyses it, with two changes to the compile commands: clang 16 spells the
# standard -std=c++2b, and it announces __cpp_concepts as 201907, below the 202002 that libstdc++ 12 wants
# before it declares std::expected, so the analysis raises it (-Wno-macro-redefined: on purpose). Compiler
# warnings are g++'s job (-Werror), hence -Wno-error here.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd -P)
build=${1:-build}
tidy=clang-tidy-16
database=$build/compile_commands.json

command -v "$tidy" >/dev/null || { echo "tidy: $tidy is missing: run install/deps.sh" >&2; exit 1; }
[ -f "$database" ] || { echo "tidy: no $database: configure and build $build first" >&2; exit 1; }

# Our sources only: not what the build generates (embedded translations and migrations) nor anything outside.
# A source compiled into two targets (kiosk/app/speech.cpp) is checked once.
mapfile -t files < <(sed -n 's/^ *"file": "\(.*\)",\{0,1\}$/\1/p' "$database" |
  awk -v a="$root/" -v b="$PWD/" '{ rest = "" }
    index($0, a) == 1 { rest = substr($0, length(a) + 1) }
    rest == "" && index($0, b) == 1 { rest = substr($0, length(b) + 1) }
    rest ~ /^(shared|kiosk|backoffice|tests)\/.*\.cpp$/ { print }' | sort -u)
[ ${#files[@]} -gt 0 ] || { echo "tidy: no project sources in $database" >&2; exit 1; }

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
# Without the build's precompiled headers (cmake/precompiled_headers.cmake): clang cannot read g++'s, and
# each file is to be analysed with the includes it has itself.
mkdir "$logs/database"
sed -E 's# -Winvalid-pch -include [^ "]*cmake_pch\.hxx##g' "$database" > "$logs/database/compile_commands.json"
build=$logs/database
export tidy build logs root
start=$SECONDS
printf '%s\0' "${files[@]}" | xargs -0 -n 1 -P "$(nproc)" bash -c '
  log=$logs/$(printf %s "${1#"$root"/}" | tr / _)
  "$tidy" -p "$build" --quiet --extra-arg=-std=c++2b --extra-arg=-D__cpp_concepts=202002L \
    --extra-arg=-Wno-macro-redefined --extra-arg=-Wno-error "$1" > "$log" 2>&1 || touch "$log.failed"' _
elapsed=$((SECONDS - start))

failed=("$logs"/*.failed)
if [ -e "${failed[0]}" ]; then
  for f in "${failed[@]}"; do cat "${f%.failed}"; done
  findings=$(cat "${failed[@]%.failed}" | grep -E '^[^ ].*: (warning|error): .*\[[a-z].*\]$' | sort -u | wc -l)
  echo "tidy: FAILED: $findings findings (or errors) in ${#failed[@]} of ${#files[@]} files, ${elapsed} s." \
    "Fix them, or where the code is right as it stands: // NOLINTNEXTLINE(check-name): reason" >&2
  exit 1
fi
echo "tidy: ${#files[@]} files clean ($tidy, .clang-tidy), ${elapsed} s"
