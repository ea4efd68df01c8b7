#!/usr/bin/env bash
# bench/router-ab.sh — two builds of the Cutover router side by side, with HAProxy as the yardstick, on one
# pinned CPU: for a change to the request path, measured in one run so the machine's noise hits both alike.
#
#   bench/router-ab.sh JAR_A JAR_B [--case keepalive|close] [--rounds 3] [--duration 6]
#
# JAR_A and JAR_B are cutover.jar files (e.g. one built before the change, copied aside, and
# cli/target/cutover.jar). Starts two nginx backends, HAProxy (1 thread) and a router from each jar
# (1 event loop, run by the launcher with CUTOVER_JAR, so with its JDK and JVM options), all pinned to the last CPU, wrk and the backends on CPU 0;
# warms both JVMs up, then runs wrk against H, A, B in turn for --rounds rounds. Prints, per proxy,
# req/s, the ratio to HAProxy, and the user and system CPU µs per request (from /proc). Extra JVM options
# for either router: OPTS_A / OPTS_B. Installs Debian's haproxy, nginx and wrk if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

[ $# -ge 2 ] || { echo "usage: $0 JAR_A JAR_B [--case keepalive|close] [--rounds N] [--duration S]" >&2; exit 2; }
JAR_A=$(readlink -f "$1"); JAR_B=$(readlink -f "$2"); shift 2
CASE=keepalive; ROUNDS=3; DURATION=6
while [ $# -gt 0 ]; do
  case "$1" in
    --case) CASE=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
for jar in "$JAR_A" "$JAR_B"; do [ -f "$jar" ] || { echo "no such jar: $jar" >&2; exit 2; }; done
need_tools haproxy nginx wrk
CPU=$(( $(nproc) - 1 ))
WORK=$(mktemp -d /tmp/cutover-ab-XXXXXX)
trap 'stop_all; rm -rf "$WORK"' EXIT
start_nginx_backends "$WORK" "$(command -v nginx || echo /usr/sbin/nginx)"

declare -A PORT PID
for v in A B; do
  jar=JAR_$v; opts=OPTS_$v
  PORT[$v]=$(free_port)
  write_bench_table "$WORK/$v"
  # The launcher runs each jar with its own JDK and JVM options; taskset and the launcher exec, so $! is the JVM.
  CUTOVER_JAR="${!jar}" CUTOVER_JAVA_OPTS="-Xms256m -Xmx256m -XX:+UseParallelGC ${!opts:-}" taskset -c "$CPU" ./cutover router \
    --controller http://127.0.0.1:9 --state-dir "$WORK/$v" --listen "127.0.0.1:${PORT[$v]}" --io-threads 1 >"$WORK/$v.log" 2>&1 &
  PID[$v]=$!; PIDS+=("${PID[$v]}")
done
PORT[H]=$(free_port)
write_haproxy_config "$WORK/haproxy.cfg" "${PORT[H]}" 1
taskset -c "$CPU" "$(command -v haproxy || echo /usr/sbin/haproxy)" -f "$WORK/haproxy.cfg" -db >"$WORK/haproxy.log" 2>&1 &
PID[H]=$!; PIDS+=("${PID[H]}")
for v in A B; do wait_for_line "$WORK/$v.log" "listening on"; done
EXTRA=(); [ "$CASE" = close ] && EXTRA=(-H 'Connection: close')
echo "warming up both JVMs…" >&2
for v in A B; do taskset -c 0 wrk -t2 -c50 -d10s -H 'Host: bench.localhost' "${EXTRA[@]}" "http://127.0.0.1:${PORT[$v]}/" >/dev/null; done

declare -A REQ USR SYS
ticks() { awk '{print $14, $15}' "/proc/$1/stat"; } # user and system clock ticks of the whole process
for round in $(seq 1 "$ROUNDS"); do
  for v in H A B; do
    read -r u1 s1 < <(ticks "${PID[$v]}")
    n=$(taskset -c 0 wrk -t2 -c50 -d"${DURATION}s" -H 'Host: bench.localhost' "${EXTRA[@]}" "http://127.0.0.1:${PORT[$v]}/" \
      | awk '/requests in/ {print $1}')
    read -r u2 s2 < <(ticks "${PID[$v]}")
    REQ[$v]="${REQ[$v]:-} $n"; USR[$v]="${USR[$v]:-} $((u2 - u1))"; SYS[$v]="${SYS[$v]:-} $((s2 - s1))"
    echo "  round $round $v: $((n / DURATION)) req/s" >&2
  done
done
echo "$(machine); case $CASE, wrk -t2 -c50, ${DURATION}s × $ROUNDS rounds; A = $JAR_A, B = $JAR_B"
for v in H A B; do
  python3 - "$v" "${REQ[$v]}" "${USR[$v]}" "${SYS[$v]}" "$DURATION" "${REQ[H]}" "$(getconf CLK_TCK)" <<'PY'
import sys
v, req, usr, sys_, duration, base, hz = sys.argv[1:]
req, usr, sys_, base = ([int(x) for x in s.split()] for s in (req, usr, sys_, base))
n, tick = sum(req), 1e6 / int(hz)
name = {"H": "haproxy", "A": "A", "B": "B"}[v]
print(f"{name:8} {n / len(req) / float(duration):9,.0f} req/s  ÷ HAProxy {n / sum(base):.2f}  "
      f"user {sum(usr) * tick / n:5.1f} µs/req  system {sum(sys_) * tick / n:5.1f} µs/req")
PY
done
