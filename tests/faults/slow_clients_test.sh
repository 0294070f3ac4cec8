#!/usr/bin/env bash
# Abuse of the status server (issue 20): slow clients and malformed requests.
#   - slowhttptest holds 200 connections in slowloris mode (-H: a header line every 2 s, never the
#     end of the headers), then 200 in slow-body mode (-B: a POST whose body comes a few bytes
#     every 2 s), SECONDS each and coming back with 200 more whenever all were cut, while a probe
#     asks /healthz on a new connection every 50 ms;
#   - fails if /healthz ever fails, if its p99 is 500 ms or more (the goal is 50 ms: it says so when
#     it misses that), if the server's resident memory grew by 10 MB or more, or if any trickling
#     connection was held 2 s past the request deadline
#     (server.request_deadline_s, 10 s): never idle for the 10 s connection timeout, only the
#     deadline cuts them off;
#   - then malformed requests over bash's /dev/tcp: bad methods, a 64 KB header, pipelining,
#     chunked form bodies, invalid UTF-8, CRLF injection, an Accept-Language of 1000 entries:
#     never a 5xx, no injected header, and the server still answers afterwards.
#   slow_clients_test.sh PATH/TO/aftersales [SECONDS]   (14 by default; 30 or more is the long form)
# Prints the figures: waves and the longest-held connection, probes, p50, p99, the worst, RSS.
set -euo pipefail
cli=$1
seconds=${2:-${SLOW_CLIENTS_SECONDS:-14}}
deadline_s=10
work=$(mktemp -d)
server=
cleanup() {
  [ -z "$server" ] || kill "$server" 2> /dev/null || true
  jobs -p | xargs -r kill 2> /dev/null || true
  wait 2> /dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*"
  exit 1
}
[ "$seconds" -ge $((deadline_s + 4)) ] || fail "give each attack at least $((deadline_s + 4)) s, to see the deadline"
command -v slowhttptest > /dev/null || fail "slowhttptest is missing: bash install/deps.sh"
: > "$work/empty.toml"
export AFTERSALES_CONFIG=$work/empty.toml

db=$work/store.db
"$cli" --db "$db" demo --sales 600 --seed 4 > /dev/null
token=$(sqlite3 "$db" "SELECT token FROM cases WHERE closed_at IS NULL ORDER BY id LIMIT 1")
"$cli" --db "$db" serve --listen 127.0.0.1:0 > "$work/out" 2> "$work/log" &
server=$!
for _ in $(seq 50); do grep -q "(port" "$work/out" 2> /dev/null && break; sleep 0.1; done
port=$(sed -n 's/.*(port \([0-9]*\)).*/\1/p' "$work/out")
[ -n "$port" ] || fail "the server did not start: $(cat "$work/log")"
base=http://127.0.0.1:$port

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$server/status"; }
# AddressSanitizer keeps freed memory in quarantine (up to 256 MB) and adds shadow memory: what the
# server holds is held to its goal in the Release build only.
sanitized=no
if ldd "$cli" 2> /dev/null | grep -q libasan; then sanitized=yes; fi
for _ in $(seq 100); do curl -s "$base/s/$token" "$base/healthz" "$base/track" > /dev/null; done  # warm up
rss_before=$(rss_kb)

# A new connection every 50 ms, as phones come; "HTTP code, seconds" per line.
probe() {
  while [ ! -e "$work/stop" ]; do
    curl -s -o /dev/null --max-time 2 -w '%{http_code} %{time_total}\n' "$base/healthz" >> "$work/probe" || true
    sleep 0.05
  done
}

# Every 0.25 s, the server's sockets (by inode: a client's port comes back in the next wave) that
# it never sent a byte: "nanoseconds inode" lines. Answered keep-alive connections, such as
# slowhttptest's own probe, may rightly stay.
sample_connections() {
  while [ ! -e "$work/phase_over" ]; do
    ss -Htnie state established "( sport = :$port )" |
      awk -v t="$(date +%s%N)" '/^[0-9]/ {socket = ""; if (match($0, /ino:[0-9]+/)) socket = substr($0, RSTART, RLENGTH)
                                              if (socket == "ino:0") socket = ""; next}
                                  socket != "" && !/bytes_sent:/ {print t, socket}' >> "$work/seen_$1"
    sleep 0.25
  done
}
# The longest any of those was seen open, in seconds.
longest_held() {
  awk '!($2 in first) {first[$2] = $1} {last[$2] = $1}
       END {for (s in first) if (last[s] - first[s] > most) most = last[s] - first[s]; printf "%.1f", most / 1e9}' \
    "$work/seen_$1"
}

# slowhttptest opens its 200 connections once; when the server has cut them all it stops, and the
# attacker comes back with 200 more until the time is up.
attack() {
  local name=$1 waves=0 left
  shift
  rm -f "$work/phase_over"
  : > "$work/seen_$name"
  sample_connections "$name" &
  local sampler=$! phase_end=$(($(date +%s) + seconds))
  while left=$((phase_end - $(date +%s))) && [ "$left" -ge 2 ]; do
    slowhttptest "$@" -c 200 -r 200 -i 2 -l "$left" -p 3 >> "$work/slowhttptest_$name" 2>&1 || true
    waves=$((waves + 1))
  done
  touch "$work/phase_over"
  wait "$sampler"
  echo "$name: $waves waves of 200 connections in $seconds s; the longest held: $(longest_held "$name") s"
}

probe &
prober=$!
attack slowloris -H -u "$base/healthz" -x 24
attack slow_body -B -u "$base/track" -s 4096 -x 10
touch "$work/stop"
wait "$prober"
rss_after=$(rss_kb)

total=$(wc -l < "$work/probe")
failed=$(awk '$1 != 200' "$work/probe" | wc -l)
sort -n -k2 "$work/probe" | awk '{print $2 * 1000}' > "$work/ms"
pct() { awk -v p="$1" -v n="$total" 'NR == int((n * p + 99) / 100) {printf "%.1f", $1}' "$work/ms"; }
p50=$(pct 50)
p99=$(pct 99)
worst=$(tail -1 "$work/ms")
growth_kb=$((rss_after - rss_before))
echo "probes: $total, failed: $failed, /healthz p50 ${p50} ms, p99 ${p99} ms, worst ${worst} ms"
echo "RSS: ${rss_before} kB before, ${rss_after} kB after the attacks (growth ${growth_kb} kB)"
[ "$total" -ge $((seconds * 10)) ] || fail "only $total probes in $((seconds * 2)) s"
[ "$failed" -eq 0 ] || fail "/healthz failed $failed times: $(awk '$1 != 200' "$work/probe" | sort | uniq -c | head -3)"
# The goal is a p99 under 50 ms (the README has the figures); a machine shared with other work can
# miss it by a little, so only a server that the attack starves (ten times the goal) fails here.
awk -v p="$p99" 'BEGIN {exit !(p < 50)}' || echo "note: /healthz p99 ${p99} ms under attack, over the 50 ms goal"
awk -v p="$p99" 'BEGIN {exit !(p < 500)}' || fail "/healthz p99 ${p99} ms under attack: starved (goal < 50 ms)"
if [ "$sanitized" = yes ]; then
  echo "note: AddressSanitizer build: resident memory not held to the 10 MB goal"
else
  [ "$growth_kb" -lt 10240 ] || fail "resident memory grew by ${growth_kb} kB under attack (goal < 10 MB)"
fi
for name in slowloris slow_body; do
  awk -v s="$(longest_held "$name")" -v d="$deadline_s" 'BEGIN {exit !(s < d + 2)}' ||
    fail "$name: a trickling connection was held $(longest_held "$name") s (request deadline ${deadline_s} s)"
done

# ---- Malformed requests: never a 5xx, never a crash.
statuses=()
# Sends the bytes as they are and prints the status of each response the server sent back.
raw() {
  (
    exec 3<> "/dev/tcp/127.0.0.1/$port" || exit 0
    printf '%s' "$1" >&3 2> /dev/null || true
    timeout 5 cat <&3 2> /dev/null || true
  ) > "$work/reply" 2> /dev/null || true
  # Not anchored: a response follows the previous body on the same line when that has no newline.
  { tr -d '\000' < "$work/reply" | grep -aoE 'HTTP/1\.[01] [1-5][0-9]{2} ' || true; } | cut -d' ' -f2 | tr '\n' ' '
}
check() {  # NAME REQUEST [A 5xx THAT IS A REFUSAL HERE]
  local name=$1 got
  got=$(raw "$2")
  echo "$name: ${got:-(closed without an answer)}"
  if [[ " ${got//${3:-none}/}" =~ \ 5[0-9][0-9] ]]; then fail "$name answered $got"; fi
  if tr -d '\r' < "$work/reply" | sed '/^$/q' | grep -qi '^set-cookie: injected'; then fail "$name: a header was injected"; fi
  statuses+=("$got")
}
crlf=$'\r\n'
end="Host: t${crlf}Connection: close${crlf}${crlf}"
# Requests are built with printf -v: $(...) would drop their final CR LF.
post() {  # PATH BODY [CONNECTION]: sets $req
  printf -v req 'POST %s HTTP/1.1\r\nHost: t\r\nConnection: %s\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n%s' \
    "$1" "${3:-close}" "${#2}" "$2"
}
chunked() {  # PATH CHUNKS...: sets $req
  local path=$1 piece
  shift
  printf -v req 'POST %s HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n%s' \
    "$path" "$end"
  for chunk in "$@"; do
    printf -v piece '%x\r\n%s\r\n' "${#chunk}" "$chunk"
    req+=$piece
  done
  req+="0${crlf}${crlf}"
}
long() { head -c "$1" /dev/zero | tr '\0' "$2"; }
languages=$(for i in $(seq 1000); do printf 'x%d-Y;q=0.%d, ' "$i" $((i % 10)); done)
short_languages=$(for i in $(seq 1000); do printf 'e,'; done)
many_headers=""
for i in $(seq 1000); do many_headers+="X-$i: y${crlf}"; done

check "unknown method" "FROB /healthz HTTP/1.1${crlf}${end}"
check "lower-case method" "get /healthz HTTP/1.1${crlf}${end}"
check "TRACE" "TRACE /s/$token HTTP/1.1${crlf}${end}"
check "CONNECT" "CONNECT 127.0.0.1:443 HTTP/1.1${crlf}${end}"
check "PROPFIND" "PROPFIND /s/$token HTTP/1.1${crlf}Content-Length: 0${crlf}${end}"
check "DELETE" "DELETE /s/$token HTTP/1.1${crlf}Content-Length: 0${crlf}${end}"
check "8 KB method" "$(long 8192 A) / HTTP/1.1${crlf}${end}"
check "control byte in the method" $'G\x01T /healthz HTTP/1.1\r\n'"$end"
check "HTTP/0.9" "GET /healthz${crlf}${crlf}"
# libmicrohttpd's own refusal of a version it does not speak: 505 names the client's fault.
check "HTTP/2.0 over text" "GET /healthz HTTP/2.0${crlf}${end}" 505
check "absolute URI" "GET http://t/healthz HTTP/1.1${crlf}${end}"
check "64 KB header" "GET /s/$token HTTP/1.1${crlf}X-Junk: $(long 65536 j)${crlf}${end}"
check "1000 headers" "GET /healthz HTTP/1.1${crlf}${many_headers}${end}"
check "header without a colon" "GET /healthz HTTP/1.1${crlf}Just words${crlf}${end}"
check "pipelined" "GET /healthz HTTP/1.1${crlf}Host: t${crlf}${crlf}GET /s/$token HTTP/1.1${crlf}Host: t${crlf}${crlf}GET /robots.txt HTTP/1.1${crlf}${end}"
[ "${statuses[-1]}" = "200 200 200 " ] || fail "three pipelined requests got: ${statuses[-1]}"
post /track 'code=A&phone=1' keep-alive
check "pipelined POST then GET" "${req}GET /healthz HTTP/1.1${crlf}${end}"
chunked /track 'code=R7K-' '4PQ-92X&ph' 'one=1234'
check "chunked /track" "$req"
chunked "/s/$token/feedback" 'rating=5&comment=' 'fine'
check "chunked feedback" "$req"
check "chunked bad size" "POST /track HTTP/1.1${crlf}Transfer-Encoding: chunked${crlf}${end}zz${crlf}code=1${crlf}0${crlf}${crlf}"
check "chunked huge size" "POST /track HTTP/1.1${crlf}Transfer-Encoding: chunked${crlf}${end}ffffffffffffffff${crlf}code=1${crlf}0${crlf}${crlf}"
check "chunked and Content-Length" "POST /track HTTP/1.1${crlf}Content-Length: 4${crlf}Transfer-Encoding: chunked${crlf}${end}6${crlf}code=1${crlf}0${crlf}${crlf}"
check "UTF-8 invalid in the path" "GET /s/%FF%FE%FD HTTP/1.1${crlf}${end}"
check "UTF-8 raw bytes in the path" $'GET /s/\xff\xfe\xc0\xaf HTTP/1.1\r\n'"$end"
check "UTF-8 invalid in the query" "GET /track?code=%C0%AF%FF&error=1&lang=%FF HTTP/1.1${crlf}${end}"
check "UTF-8 invalid in a status page query" "GET /s/$token?lang=%ED%A0%80&confirm=%FF HTTP/1.1${crlf}${end}"
post /track 'code=%FF%FE&phone=%C3%28'
check "UTF-8 invalid in a form" "$req"
post "/s/$token/feedback" 'rating=5&comment=%ED%A0%80%C3'
check "UTF-8 invalid in feedback" "$req"
check "CRLF in the query" "GET /track?code=A%0D%0ASet-Cookie:%20injected=1&error=1 HTTP/1.1${crlf}${end}"
post /track 'code=A%0D%0ASet-Cookie:%20injected=1&phone=1'
check "CRLF in a form's redirect" "$req"
check "CRLF in lang" "GET /s/$token?lang=en%0D%0ASet-Cookie:%20injected=1 HTTP/1.1${crlf}${end}"
check "bare CR in the request line" "GET /track?a=1${crlf}Set-Cookie: injected=1 HTTP/1.1${crlf}${end}"
check "Accept-Language of 1000 entries" "GET /s/$token HTTP/1.1${crlf}Accept-Language: ${short_languages}${crlf}${end}"
check "Accept-Language of 1000 weighted entries" "GET /s/$token HTTP/1.1${crlf}Accept-Language: ${languages}${crlf}${end}"
check "X-Forwarded-For of junk" "GET /healthz HTTP/1.1${crlf}X-Forwarded-For: $(long 3000 ,)${crlf}${end}"

answered=0
for s in "${statuses[@]}"; do [ -n "$s" ] && answered=$((answered + 1)); done
[ "$answered" -ge $((${#statuses[@]} - 5)) ] || fail "only $answered of ${#statuses[@]} malformed requests got an answer"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/healthz")" = 200 ] || fail "/healthz after the malformed requests"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/s/$token")" = 200 ] || fail "the status page after them"
kill -0 "$server" 2> /dev/null || fail "the server is gone"
rss_end=$(rss_kb)
echo "RSS after the malformed requests: ${rss_end} kB (growth since the start $((rss_end - rss_before)) kB)"
[ "$sanitized" = yes ] || [ $((rss_end - rss_before)) -lt 10240 ] ||
  fail "resident memory grew by $((rss_end - rss_before)) kB"
echo PASS
