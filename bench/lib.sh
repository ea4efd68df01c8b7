# bench/lib.sh — what the benchmark scripts share; sourced, not run.
#
#   PIDS            processes to stop at the end (stop_all)
#   stop_all        SIGTERM every pid in PIDS, wait for each, forget them
#   wait_for_line   FILE PATTERN: wait up to 60 s for a line, else print FILE and fail
#   machine         one line: when, and on what machine (CPUs, memory, kernel)

PIDS=()

stop_all() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  PIDS=()
}

wait_for_line() { # file pattern
  for _ in $(seq 1 600); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "timed out waiting for '$2' in $1:" >&2; cat "$1" >&2; return 1
}

machine() {
  echo "Run $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr)"
}
