#!/usr/bin/env bash
# Fails when a tracked C++ file differs from .clang-format (Debian 12's clang-format 14), and says
# how to fix it. Called by install/test.sh before it builds.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files '*.cpp' '*.h' | grep -v '/node_modules/')
if ! clang-format --dry-run --Werror "${files[@]}" 2> /tmp/aftersales-format.$$; then
  grep -o '^[^:]*\.\(cpp\|h\)' /tmp/aftersales-format.$$ | sort -u | sed 's/^/format: differs from .clang-format: /'
  rm -f /tmp/aftersales-format.$$
  echo "format: run  git ls-files '*.cpp' '*.h' | xargs clang-format -i  and commit the result" >&2
  exit 1
fi
rm -f /tmp/aftersales-format.$$
echo "format: ${#files[@]} files follow .clang-format"
