# shellcheck shell=bash
# A chain's PostgreSQL servers on this machine, for tests and benchmarks (headquarters and stores,
# each its own cluster, port and folder, wal_level = logical, a 64 MB cap on the WAL a slot may
# keep). Sourced, not a program of its own; builds on postgres_server.sh.
#   start_server NAME       initdb, start on a free port, create database aftersales; its URI in
#                           ${uri_of[NAME]}, its port in ${port_of[NAME]}
#   stop_server NAME        immediate stop (a store cut off); restart_server NAME brings it back
#   use_server NAME         points postgres_server.sh's globals at that server
#   chain_servers_cleanup   stops every server and removes its folder (call it from an EXIT trap)
#   query URI SQL           one value, unaligned, no header
#   wait_for URI SQL SECONDS WANTED   waits until the query answers WANTED; 1 with a message if not
#   free_port               a free TCP port on 127.0.0.1
# shellcheck source-path=SCRIPTDIR source=postgres_server.sh
. "$(dirname "${BASH_SOURCE[0]}")/postgres_server.sh"

servers=()
declare -A work_of port_of uri_of
server_options=(-c listen_addresses=127.0.0.1 -c wal_level=logical -c max_slot_wal_keep_size=64MB
  -c wal_retrieve_retry_interval=500ms -c wal_receiver_status_interval=1s)

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
query() { psql -X -A -t -q -v ON_ERROR_STOP=1 "$1" -c "$2"; }

use_server() {
  pg_work=${work_of[$1]}
  pg_data=$pg_work/data
  pg_log=$pg_work/server.log
  pg_port=${port_of[$1]}
  export pg_data pg_log  # read by postgres_server.sh's functions
}
start_server() {
  local name=$1 port
  port=$(free_port)
  pg_server_prepare || exit 1
  servers+=("$name")
  work_of[$name]=$pg_work
  port_of[$name]=$port
  pg_server_initdb || exit 1
  pg_server_start "$port" "${server_options[@]}" || exit 1
  psql -X -q "postgresql://postgres@127.0.0.1:$port/postgres" -c "CREATE DATABASE aftersales" > /dev/null
  uri_of[$name]=postgresql://postgres@127.0.0.1:$port/aftersales
}
restart_server() {
  use_server "$1"
  pg_server_start "$pg_port" "${server_options[@]}" || exit 1
}
stop_server() {
  use_server "$1"
  pg_server_stop
}
chain_servers_cleanup() {
  local name
  for name in "${servers[@]}"; do
    use_server "$name"
    pg_server_cleanup
  done
}
wait_for() {
  local uri=$1 sql=$2 seconds=$3 wanted=$4 deadline got
  deadline=$(($(date +%s) + seconds))
  while :; do
    got=$(query "$uri" "$sql" 2> /dev/null || true)
    [ "$got" = "$wanted" ] && return 0
    [ "$(date +%s)" -lt "$deadline" ] || {
      echo "waited $seconds s for \"$sql\" on ${uri##*@} to give $wanted; it gives $got"
      return 1
    }
    sleep 0.1
  done
}
