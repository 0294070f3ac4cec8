# Shared by the GUI benchmark scripts (source it): a virtual X server of the size given, and readings
# of a process's CPU time and resident memory from /proc.

start_bench_xvfb() {  # SIZE: sets `display` and `xvfb` (its pid)
  local n
  for n in $(seq 150 250); do [ -e /tmp/.X$n-lock ] || { display=:$n; break; }; done
  Xvfb "$display" -screen 0 "${1}x24" -nolisten tcp >/dev/null 2>&1 &
  xvfb=$!
  for _ in $(seq 50); do DISPLAY=$display xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done
}

ticks=$(getconf CLK_TCK)
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
rss_mb() { awk '/VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
cpu_percent() {  # TICKS SECONDS
  awk -v t="$1" -v hz="$ticks" -v s="$2" 'BEGIN { printf "%.2f", 100 * t / hz / s }'
}
