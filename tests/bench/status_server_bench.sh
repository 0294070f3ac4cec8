#!/usr/bin/env bash
# Benchmark: the status page of one case in a 100,000-case database, with keep-alive, measured by
# wrk on loopback, side by side with nginx serving the same page as a static file in the same run.
# Goal: at least 10,000 requests/s and p99 under 10 ms; the ratio to nginx (at least 0.5) is the figure
# that counts. The server runs as shipped (access log on, to a file), the page comes from its cache
# after the first request; the JSON API of the same case (built from the database every time) is
# measured too, for what an uncached request costs.
# Usage: tests/bench/status_server_bench.sh [build/backoffice/cli/aftersales] [seconds]
# On PostgreSQL (the same figures, the store in a database of a throwaway server):
#   bash tests/support/with_postgres.sh tests/bench/status_server_bench.sh build/backoffice/cli/aftersales
set -euo pipefail
cli=${1:-build/backoffice/cli/aftersales}
seconds=${2:-5}
work=$(mktemp -d)
cleanup() { kill ${server:-} 2>/dev/null || true; [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
if [ -n "${AFTERSALES_TEST_POSTGRES:-}" ]; then
  psql -q "$AFTERSALES_TEST_POSTGRES" -c "CREATE DATABASE status_bench"
  db=${AFTERSALES_TEST_POSTGRES%/*}/status_bench
  sql() { psql -qtA "$db" "$@"; }
  grow='WITH n(i) AS (SELECT generate_series(1, 100000 - (SELECT count(*) FROM cases)))
INSERT INTO cases (code, token, kind, status, created_at, updated_at, product_id, product_name, serial, sale_line_id,
                   warranty_status, customer_name, customer_phone, problem, due_at)
SELECT format($$BEN-%s$$, lpad(i::text, 6, $$0$$)), upper(substr(md5(random()::text || i), 1, 26)), kind, status,
       created_at, updated_at, product_id, product_name, serial, sale_line_id, warranty_status, customer_name,
       customer_phone, problem, due_at
FROM n CROSS JOIN (SELECT * FROM cases WHERE kind = $$repair$$ LIMIT 1) AS c'
else
  db=$work/store.db
  sql() { sqlite3 "$db" "$@"; }
  grow="WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000 - (SELECT count(*) FROM cases))
INSERT INTO cases (code, token, kind, status, created_at, updated_at, product_id, product_name, serial, sale_line_id,
                   warranty_status, customer_name, customer_phone, problem, due_at)
SELECT printf('BEN-%06d', i), upper(substr(hex(randomblob(16)), 1, 26)), kind, status, created_at, updated_at,
       product_id, product_name, serial, sale_line_id, warranty_status, customer_name, customer_phone, problem, due_at
FROM n JOIN (SELECT * FROM cases WHERE kind = 'repair' LIMIT 1);"
fi

"$cli" --db "$db" demo --sales 5000 --seed 3 >/dev/null
# Grow to 100,000 cases: copies of the demo cases with fresh codes and random 26-symbol tokens.
sql <<< "$grow"
token=$(sql <<< "SELECT token FROM cases WHERE status = 'awaiting_approval' LIMIT 1")
backend=sqlite
[ -z "${AFTERSALES_TEST_POSTGRES:-}" ] || backend=postgresql
echo "backend: $backend, cases: $(sql <<< 'SELECT count(*) FROM cases')"

"$cli" --db "$db" serve --listen 127.0.0.1:18090 > "$work/serve.out" 2>"$work/serve.log" &
server=$!
sleep 0.5
curl -sf "http://127.0.0.1:18090/s/$token" > "$work/page.html"

mkdir -p "$work/www/s"
cp "$work/page.html" "$work/www/s/$token"
cat > "$work/nginx.conf" <<NGINX
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  default_type text/html;
  keepalive_requests 100000;
  client_body_temp_path $work/tmp; proxy_temp_path $work/tmp; fastcgi_temp_path $work/tmp;
  uwsgi_temp_path $work/tmp; scgi_temp_path $work/tmp;
  server { listen 127.0.0.1:18091; root $work/www; }
}
NGINX
mkdir -p "$work/tmp"
nginx -c "$work/nginx.conf"
sleep 0.3

run() {  # name url
  wrk -t2 -c32 -d"${seconds}s" --latency "$2" > "$work/$1.txt"
  local rps p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/$1.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$work/$1.txt")
  printf "%-28s %12s req/s   p99 %8s\n" "$1" "$rps" "$p99"
  echo "$rps" > "$work/$1.rps"
}
echo "wrk -t2 -c32 -d${seconds}s, keep-alive, loopback, $(nproc) cores"
run "aftersales status page" "http://127.0.0.1:18090/s/$token"
run "nginx static copy" "http://127.0.0.1:18091/s/$token"
run "aftersales JSON API" "http://127.0.0.1:18090/api/v1/status/$token"
awk -v a="$(cat "$work/aftersales status page.rps")" -v b="$(cat "$work/nginx static copy.rps")" \
  'BEGIN { printf "ratio aftersales / nginx: %.2f\n", a / b }'
