#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL server (the newest installed: Debian 12's is 15): initdb in a temporary folder, a free
# port on 127.0.0.1, then the command with AFTERSALES_TEST_POSTGRES set to a URI for the server's
# superuser; the server is stopped and the folder removed afterwards, whatever the command did.
# Tests make a database of their own per test (TestDatabase, tests/support/test_store.h).
#   with_postgres.sh COMMAND [ARGS...]
# Durability is off (fsync, synchronous_commit): the data is thrown away at the end.
set -euo pipefail

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "with_postgres: PostgreSQL is not installed (bash install/deps.sh)" >&2; exit 1; }

work=$(mktemp -d /tmp/aftersales-pg.XXXXXX)
chmod 755 "$work"
# initdb and postgres refuse to run as root: the server then runs as the postgres user.
as_server=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres: "$work"
  as_server=(runuser -u postgres --)
fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')

stop() {
  "${as_server[@]}" "$bin/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap stop EXIT

"${as_server[@]}" "$bin/initdb" -D "$work/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$work/initdb.log" 2>&1 ||
  { cat "$work/initdb.log" >&2; exit 1; }
"${as_server[@]}" "$bin/pg_ctl" -D "$work/data" -l "$work/server.log" -w -t 30 \
  -o "-p $port -k $work -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  start >/dev/null || { cat "$work/server.log" >&2; exit 1; }

export AFTERSALES_TEST_POSTGRES="postgresql://postgres@127.0.0.1:$port/postgres"
export AFTERSALES_TEST_POSTGRES_LOG="$work/server.log"
set +e
"$@"
status=$?
set -e
exit $status
