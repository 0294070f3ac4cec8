#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL server (the newest installed: Debian 12's is 15): initdb in a temporary folder, a free
# port on 127.0.0.1, then the command with AFTERSALES_TEST_POSTGRES set to a URI for the server's
# superuser; the server is stopped and the folder removed afterwards, whatever the command did.
# Tests make a database of their own per test (TestDatabase, tests/support/test_store.h).
#   with_postgres.sh COMMAND [ARGS...]
# Durability is off (fsync, synchronous_commit): the data is thrown away at the end.
# The server's start and stop are tests/support/postgres_server.sh's.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=postgres_server.sh
. "$(dirname "${BASH_SOURCE[0]}")/postgres_server.sh"

pg_server_prepare || exit 1
trap pg_server_cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')

pg_server_initdb || exit 1
pg_server_start "$port" -c listen_addresses=127.0.0.1 || exit 1

export AFTERSALES_TEST_POSTGRES="postgresql://postgres@127.0.0.1:$port/postgres"
export AFTERSALES_TEST_POSTGRES_LOG="$pg_log"
set +e
"$@"
status=$?
set -e
exit $status
