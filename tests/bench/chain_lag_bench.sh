#!/usr/bin/env bash
# Replication lag from a store to headquarters under a steady load of case changes (issue 16,
# README "Benchmarks"): headquarters and one store as two PostgreSQL servers on this machine, linked
# by `aftersales chain add-store`, then chain_lag_bench writes at the store and times each change's
# arrival at headquarters. Commits are durable-ish as in a real store (synchronous_commit on, so
# the WAL is sent as soon as each commit returns; fsync stays off on these throwaway servers).
#   chain_lag_bench.sh PATH/TO/aftersales PATH/TO/chain_lag_bench [SECONDS [CHANGES_PER_SECOND]]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cli=$1 bench=$2 seconds=${3:-20} rate=${4:-50}
# shellcheck source-path=SCRIPTDIR source=../support/chain_servers.sh
. "$here/../support/chain_servers.sh"
server_options+=(-c synchronous_commit=on)

work=$(mktemp -d)
cleanup() {
  chain_servers_cleanup
  rm -rf "$work"
}
trap cleanup EXIT
: > "$work/empty.toml"
export AFTERSALES_CONFIG=$work/empty.toml
unset AFTERSALES_DB

start_server HQ
start_server STORE
hq=${uri_of[HQ]} store=${uri_of[STORE]}
for db in "$hq" "$store"; do "$cli" --db "$db" init > /dev/null; done
"$cli" --db "$hq" chain add-store MAD01 "$store" > /dev/null
# The first copy of the shared tables must be done before the store's link to headquarters is timed.
wait_for "$store" "SELECT count(*) FROM pg_subscription_rel WHERE srsubstate <> 'r'" 30 0 || exit 1
wait_for "$hq" "SELECT count(*) FROM pg_subscription_rel WHERE srsubstate <> 'r'" 30 0 || exit 1

"$bench" "$store" "$hq" "$seconds" "$rate"
echo "slot at the store after the run: $(query "$store" \
  "SELECT slot_name || ' ' || wal_status || ', ' || pg_size_pretty(pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)) || ' retained' FROM pg_replication_slots")"
echo "PostgreSQL's own view at the store: $(query "$store" \
  "SELECT 'write_lag ' || COALESCE(write_lag::text, '-') || ', replay_lag ' || COALESCE(replay_lag::text, '-') FROM pg_stat_replication")"
