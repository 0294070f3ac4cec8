#!/usr/bin/env bash
# The store on one machine (SQLite) and on a database server (PostgreSQL 15, a throwaway one on this
# machine, TCP on loopback), measured side by side in one run by the same programs:
#   - opening repair cases from 4 connections at once       goal on PostgreSQL: >= 1,000 a second
#   - warranty lookup by serial over SALE_LINES sale lines  goal on PostgreSQL: p99 < 1 ms
#   - the status page of a case among 100,000 (wrk)         goal: >= 10,000 req/s, p99 < 10 ms
#   - a kiosk case arriving at the back office's queue      goal: < 200 ms on PostgreSQL, < 2 s on SQLite
# Prints one table; it does not pass or fail on the figures (the PostgreSQL server runs without fsync,
# as the tests' does: tests/support/with_postgres.sh).
# Usage: tests/bench/backends_bench.sh [BUILD_DIR [SALE_LINES [WRK_SECONDS]]]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-build}" && pwd)
lines=${2:-1000000}
seconds=${3:-5}
if [ -z "${AFTERSALES_TEST_POSTGRES:-}" ]; then
  exec bash "$here/../support/with_postgres.sh" bash "$0" "$build" "$lines" "$seconds"
fi
cli=$build/backoffice/cli/aftersales
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for backend in sqlite postgresql; do
  if [ $backend = sqlite ]; then on=(env -u AFTERSALES_TEST_POSTGRES); else on=(env); fi
  echo "== $backend: core (${lines} sale lines)" >&2
  "${on[@]}" AFTERSALES_BENCH_LINES="$lines" "$build/tests/bench/aftersales_bench" \
    --benchmark_filter='BM_WarrantyLookupBySerial|BM_OpenRepairCasesFromFourConnections' \
    --benchmark_format=json > "$work/core-$backend.json" 2> "$work/core-$backend.log"
  echo "== $backend: status page" >&2
  "${on[@]}" bash "$here/status_server_bench.sh" "$cli" "$seconds" > "$work/status-$backend.txt" 2>&1
  echo "== $backend: back office" >&2
  "${on[@]}" bash "$here/backoffice_bench.sh" "$cli" "$build/backoffice/app/aftersales-backoffice" 2 \
    > "$work/backoffice-$backend.txt" 2>&1
done

core() {  # backend benchmark-name counter
  python3 - "$work/core-$1.json" "$2" "$3" << 'EOF'
import json, sys
runs = [b for b in json.load(open(sys.argv[1]))["benchmarks"] if b["name"].startswith(sys.argv[2])]
print(f"{runs[0][sys.argv[3]]:,.2f}" if runs else "-")
EOF
}
status() {  # backend
  awk '/^aftersales status page/ { print $4 " req/s, p99 " $7 }' "$work/status-$1.txt"
}
arrival() {  # backend
  awk '/^A kiosk case shows in the queue/ { print $(NF - 1) " ms" }' "$work/backoffice-$1.txt"
}
row() { printf '%-46s %-32s %s\n' "$1" "$2" "$3"; }
echo
row "$(nproc) cores, $(date -u +%F)" "SQLite" "PostgreSQL 15"
row "case opens/s, 4 connections" "$(core sqlite BM_OpenRepairCasesFromFourConnections cases_per_s)" \
  "$(core postgresql BM_OpenRepairCasesFromFourConnections cases_per_s)"
row "warranty lookup p99 ms, ${lines} lines" "$(core sqlite BM_WarrantyLookupBySerial p99_ms)" \
  "$(core postgresql BM_WarrantyLookupBySerial p99_ms)"
row "status page, wrk -t2 -c32 ${seconds}s" "$(status sqlite)" "$(status postgresql)"
row "kiosk case to the back office's queue" "$(arrival sqlite)" "$(arrival postgresql)"
