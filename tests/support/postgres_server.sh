# shellcheck shell=bash
# A throwaway PostgreSQL server for tests (the newest installed: Debian 12's is 15), in a temporary
# folder that is removed afterwards. Sourced by tests/support/with_postgres.sh (a server on
# 127.0.0.1) and tests/integration/store_on_several_machines_test.sh (a server in a network
# namespace); not a program of its own.
#   pg_server_prepare             finds the server's programs ($pg_bin) and makes the folder
#                                 ($pg_work; the cluster in $pg_data, its log in $pg_log); as root the
#                                 server runs as the postgres user (initdb and postgres refuse root)
#   pg_server_initdb              a cluster whose superuser is postgres, trust authentication, UTF-8
#   pg_server_start PORT [OPT...] starts it on PORT with its Unix socket in $pg_work, durability off
#                                 (fsync, synchronous_commit, full_page_writes: the data is thrown
#                                 away), up to 200 connections, then the OPTs ("-c name=value", no
#                                 spaces); waits until it takes connections
#   pg_server_restart             pg_ctl restart (fast shutdown), the same options; waits for it
#   pg_server_stop                immediate stop; harmless when it is not running
#   pg_server_cleanup             stop, then remove the folder
# Each prints what went wrong and returns 1 on failure. Every server command runs through
# pg_server_run: "${pg_server_wrap[@]}" (empty unless the caller sets it, e.g. (ip netns exec
# server) to put the server in a network namespace), then the switch to the postgres user when root.

pg_server_wrap=()
pg_as_server=()
pg_bin=
pg_work=
pg_data=
pg_log=
pg_port=

pg_server_run() {
  "${pg_server_wrap[@]}" "${pg_as_server[@]}" "$@"
}

pg_server_prepare() {
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2> /dev/null | sort -V | tail -1)
  if [ ! -x "$pg_bin/initdb" ]; then
    echo "with_postgres: PostgreSQL is not installed (bash install/deps.sh)" >&2
    return 1
  fi
  pg_work=$(mktemp -d /tmp/aftersales-pg.XXXXXX) || return 1
  pg_data=$pg_work/data
  pg_log=$pg_work/server.log
  chmod 755 "$pg_work"
  pg_as_server=()
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$pg_work"
    pg_as_server=(runuser -u postgres --)
  fi
}

pg_server_initdb() {
  if ! pg_server_run "$pg_bin/initdb" -D "$pg_data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
    > "$pg_work/initdb.log" 2>&1; then
    cat "$pg_work/initdb.log" >&2
    return 1
  fi
}

pg_server_start() {
  pg_port=$1
  shift
  local options="-p $pg_port -k $pg_work -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  options+=" -c max_connections=200"
  [ $# -eq 0 ] || options+=" $*"
  if ! pg_server_run "$pg_bin/pg_ctl" -D "$pg_data" -l "$pg_log" -w -t 30 -o "$options" start > /dev/null; then
    cat "$pg_log" >&2
    return 1
  fi
}

pg_server_restart() {
  if ! pg_server_run "$pg_bin/pg_ctl" -D "$pg_data" -l "$pg_log" -w -t 30 -m fast restart > /dev/null; then
    cat "$pg_log" >&2
    return 1
  fi
}

pg_server_stop() {
  [ -n "$pg_data" ] && [ -d "$pg_data" ] || return 0
  pg_server_run "$pg_bin/pg_ctl" -D "$pg_data" -m immediate stop > /dev/null 2>&1 || true
}

pg_server_cleanup() {
  pg_server_stop
  if [ -n "$pg_work" ]; then rm -rf "$pg_work"; fi
  pg_work=
  pg_data=
}
