#!/usr/bin/env bash
# bench/router-vs-haproxy.sh — the Cutover router side by side with HAProxy and nginx (as a proxy) on this
# machine, in one run, rounds interleaved (A B C A B C …), so the ratios hold on a shared, noisy machine.
#
#   bench/router-vs-haproxy.sh [--duration 10] [--rounds 3] [--threads "1 2"] [--cases "keepalive close 64k idle1000"]
#                              [--proxies "haproxy nginx cutover"] [--out FILE]
#
# Two nginx backends answer a small JSON body (and /64k, a 65,536-byte file); each proxy spreads requests
# over both with keep-alive to them. The Cutover router serves a static table (a saved table.json, no
# controller). wrk (with a Lua script for p99.9) runs against each proxy in turn:
#   keepalive   50 keep-alive connections, GET /
#   close       50 connections, Connection: close on every request
#   64k         50 keep-alive connections, GET /64k
#   idle1000    1,000 idle keep-alive connections held open, plus the keepalive load
#   tls         the keepalive load over HTTPS (TLS 1.3, the same self-signed EC P-256 certificate for both)
#   h2          h2load over HTTPS with ALPN h2: 50 connections, 10 streams each in flight, GET /
#   h2c         h2load with prior knowledge on the plain port: 50 connections, 10 streams each
# (nginx is left out of the tls, h2 and h2c cases: HAProxy is the reference.)
# for each thread count in --threads: "1" pins every proxy to one CPU with one worker thread (wrk and the
# backends on the other CPUs); "2" gives each proxy two workers, unpinned. The JVM is warmed up first.
# Reports req/s, p50/p99/p99.9 and CPU seconds per request of the proxy's processes, and the ratios to
# HAProxy; writes the table, with the machine's details, to --out (default bench/results/router-vs-haproxy.md).
# Installs Debian's haproxy, nginx and wrk if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
source bench/lib.sh

DURATION=10
ROUNDS=3
THREADS="1 2"
OUT="$ROOT/bench/results/router-vs-haproxy.md"
KINDS="haproxy nginx cutover"
CASES="keepalive close 64k idle1000 tls h2 h2c"
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    --cases) CASES=$2; shift 2 ;;
    --proxies) KINDS=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    *) echo "usage: $0 [--duration S] [--rounds N] [--threads \"1 2\"] [--cases \"…\"] [--proxies \"haproxy …\"] [--out FILE]" >&2; exit 2 ;;
  esac
done

need_tools haproxy nginx wrk python3 openssl
command -v h2load >/dev/null || need_tools nghttp2-client
HAPROXY=$(command -v haproxy || echo /usr/sbin/haproxy)
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

./cutover version >/dev/null 2>&1 || true # builds on first use
export CUTOVER_SKIP_BUILD=1
WORK=$(mktemp -d /tmp/cutover-proxybench-XXXXXX)
trap 'stop_all; [ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"' EXIT
CPUS=$(nproc)
ulimit -n 65536 2>/dev/null || true

# ---- backends: two nginx processes, one worker each
start_nginx_backends "$WORK" "$NGINX"

# ---- one certificate for every proxy's TLS listener: HAProxy reads cert+key from one file, Cutover a pair
mkdir -p "$WORK/tls"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=bench.localhost \
  -addext subjectAltName=DNS:bench.localhost -keyout "$WORK/tls/default.key" -out "$WORK/tls/default.crt" 2>/dev/null
cat "$WORK/tls/default.crt" "$WORK/tls/default.key" > "$WORK/bench.pem"
declare -A TLS_OF # each proxy's TLS port, by its plain port (chosen before the proxy starts)
tls_port() { echo "${TLS_OF[$1]}"; }

# ---- one proxy of a kind with T worker threads on PORT (and HTTPS on its TLS port); echoes its pid
start_haproxy() { # port threads pin
  write_haproxy_config "$WORK/haproxy-$1.cfg" "$1" "$2" "$(tls_port "$1")" "$WORK/bench.pem"
  $3 "$HAPROXY" -f "$WORK/haproxy-$1.cfg" -db >"$WORK/haproxy-$1.log" 2>&1 &
  echo $!
}

start_nginx() { # port threads pin
  mkdir -p "$WORK/n$1"
  cat > "$WORK/n$1/nginx.conf" <<CONF
worker_processes $2;
daemon off;
pid $WORK/n$1/nginx.pid;
error_log $WORK/n$1/error.log warn;
events { worker_connections 8000; }
http {
  access_log off;
  keepalive_requests 1000000;
  upstream backends {
    least_conn;
    server 127.0.0.1:${BACKENDS[0]};
    server 127.0.0.1:${BACKENDS[1]};
    keepalive 256;
  }
  server {
    listen 127.0.0.1:$1;
    location / {
      proxy_pass http://backends;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering on;
    }
  }
}
CONF
  $3 "$NGINX" -c "$WORK/n$1/nginx.conf" -p "$WORK/n$1" >"$WORK/n$1.log" 2>&1 &
  echo $!
}

start_cutover() { # port threads pin
  write_bench_table "$WORK/c$1"
  # No controller: the router serves its saved table (static stability) and keeps retrying the link.
  CUTOVER_JAVA_OPTS="-Xms256m -Xmx256m -XX:+UseParallelGC ${ROUTER_JAVA_OPTS:-}" $3 ./cutover router --controller http://127.0.0.1:9 \
    --state-dir "$WORK/c$1" --listen "127.0.0.1:$1" --listen-tls "127.0.0.1:$(tls_port "$1")" --tls-dir "$WORK/tls" \
    --io-threads "$2" >"$WORK/c$1.log" 2>&1 &
  echo $!
}

await_port() { # port
  for _ in $(seq 1 300); do
    curl -s -o /dev/null -H 'Host: bench.localhost' "http://127.0.0.1:$1/" && return 0
    sleep 0.1
  done
  echo "nothing answers on port $1" >&2; return 1
}

# CPU seconds (user + system) of a process and its descendants
cpu_seconds() { # pid
  python3 - "$1" <<'PY'
import os, sys
hz = os.sysconf("SC_CLK_TCK")
root = int(sys.argv[1])
children = {}
for p in os.listdir("/proc"):
    if p.isdigit():
        try:
            fields = open(f"/proc/{p}/stat").read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(p))
        except OSError:
            pass
total, todo = 0, [root]
while todo:
    pid = todo.pop()
    try:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    except OSError:
        pass
    todo += children.get(pid, [])
print(total / hz)
PY
}

cat > "$WORK/report.lua" <<'LUA'
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT %d %.3f %.1f %.1f %.1f %d\n", summary.requests, summary.duration / 1e6,
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9), errors))
end
LUA

# hold N idle keep-alive connections to a port (each sent one request first); prints its pid
hold_idle() { # port count
  python3 - "$1" "$2" >"$WORK/idle-$1.log" 2>&1 <<'PY' &
import socket, sys, time
port, count = int(sys.argv[1]), int(sys.argv[2])
held = []
for i in range(count):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET / HTTP/1.1\r\nHost: bench.localhost\r\n\r\n")
    s.recv(65536)
    held.append(s)
print("holding", len(held), flush=True)
time.sleep(3600)
PY
  echo $!
}

# h2load's run as wrk's RESULT line: requests, seconds, p50/p99/p99.9 in µs (from its per-request log), errors
run_h2load() { # url
  local log="$WORK/h2load.log" out
  rm -f "$log"
  out=$(taskset -c 0 h2load -t2 -c50 -m10 -D "$DURATION" --log-file="$log" -H ':authority: bench.localhost' "$1" 2>&1 || true)
  python3 - "$log" "$out" <<'PY'
import re, sys
log, out = sys.argv[1], sys.argv[2]
durations = sorted(int(line.split()[2]) for line in open(log) if line.strip())
done = re.search(r"requests: \d+ total, \d+ started, (\d+) done, (\d+) succeeded, (\d+) failed, (\d+) errored", out)
secs = re.search(r"finished in ([\d.]+)s", out)
if not durations or not done or not secs:
    print("RESULT 0 1 0 0 0 1"); sys.exit()
pct = lambda p: durations[min(len(durations) - 1, int(len(durations) * p / 100))]
print(f"RESULT {done.group(2)} {secs.group(1)} {pct(50)} {pct(99)} {pct(99.9)} {int(done.group(3)) + int(done.group(4))}")
PY
}

run_wrk() { # port case pid -> "requests seconds p50 p99 p999 errors cpu"
  local port=$1 kind=$2 pid=$3 path=/ scheme=http extra=()
  case "$kind" in
    close) extra=(-H 'Connection: close') ;;
    64k) path=/64k ;;
    tls|h2) scheme=https; port=$(tls_port "$port") ;;
  esac
  local before after line
  before=$(cpu_seconds "$pid")
  case "$kind" in
    h2|h2c) line=$(run_h2load "$scheme://127.0.0.1:$port$path") ;;
    *) line=$(taskset -c 0 wrk -t2 -c50 -d"${DURATION}s" --timeout 5s -s "$WORK/report.lua" -H 'Host: bench.localhost' "${extra[@]}" \
         "$scheme://127.0.0.1:$port$path" 2>/dev/null | grep '^RESULT' || echo "RESULT 0 1 0 0 0 1") ;;
  esac
  after=$(cpu_seconds "$pid")
  echo "${line#RESULT } $(python3 -c "print($after - $before)")"
}

# the protocol and cipher a proxy's TLS listener negotiates with OpenSSL's client (the same for every proxy)
negotiated() { # port
  echo | openssl s_client -connect "127.0.0.1:$(tls_port "$1")" -servername bench.localhost -alpn h2 2>/dev/null \
    | awk '/^New, /{print $2, $5} /^ALPN protocol/{print "ALPN", $3}' | paste -sd' '
}

case " $KINDS " in *" haproxy "*) ;; *) echo "--proxies must include haproxy: the ratios are to it" >&2; exit 2 ;; esac
declare -A SUM_RPS SUM_P50 SUM_P99 SUM_P999 SUM_CPU SUM_ERR N NEGOTIATED

for threads in $THREADS; do
  if [ "$threads" = 1 ] && [ "$CPUS" -ge 2 ]; then PIN="taskset -c $((CPUS - 1))"; else PIN=""; fi
  declare -A PORT PID
  for kind in $KINDS; do
    PORT[$kind]=$(free_port)
    until TLS_OF[${PORT[$kind]}]=$(free_port); [ "${TLS_OF[${PORT[$kind]}]}" != "${PORT[$kind]}" ]; do :; done
    PID[$kind]=$(start_$kind "${PORT[$kind]}" "$threads" "$PIN")
    PIDS+=("${PID[$kind]}")
  done
  for kind in $KINDS; do await_port "${PORT[$kind]}"; done
  echo "== $threads thread(s):$(for kind in $KINDS; do printf ' %s :%s' "$kind" "${PORT[$kind]}"; done)${PIN:+ (pinned: $PIN)}" >&2
  if [ -n "${PORT[cutover]:-}" ]; then
    echo "   warming up the JVM…" >&2
    taskset -c 0 wrk -t2 -c50 -d10s -H 'Host: bench.localhost' "http://127.0.0.1:${PORT[cutover]}/" >/dev/null 2>&1
    taskset -c 0 wrk -t2 -c50 -d5s -H 'Host: bench.localhost' "http://127.0.0.1:${PORT[cutover]}/64k" >/dev/null 2>&1
    taskset -c 0 wrk -t2 -c50 -d5s -H 'Host: bench.localhost' -H 'Connection: close' "http://127.0.0.1:${PORT[cutover]}/" >/dev/null 2>&1
  fi
  for kind in $KINDS; do
    [ "$kind" = nginx ] || NEGOTIATED[$kind]=$(negotiated "${PORT[$kind]}")
  done
  if [ -n "${PORT[cutover]:-}" ] && [[ " $CASES " == *" h2"* ]]; then
    taskset -c 0 h2load -t2 -c50 -m10 -D 5 -H ':authority: bench.localhost' "https://127.0.0.1:$(tls_port "${PORT[cutover]}")/" >/dev/null 2>&1 || true
  fi
  for case in $CASES; do
    for round in $(seq 1 "$ROUNDS"); do
      for kind in $KINDS; do
        case "$case/$kind" in tls/nginx|h2/nginx|h2c/nginx) continue ;; esac
        idle_pid=""
        if [ "$case" = idle1000 ]; then
          idle_pid=$(hold_idle "${PORT[$kind]}" 1000)
          wait_for_line "$WORK/idle-${PORT[$kind]}.log" "holding"
        fi
        read -r requests seconds p50 p99 p999 errors cpu <<<"$(run_wrk "${PORT[$kind]}" "$case" "${PID[$kind]}")"
        [ -n "$idle_pid" ] && { kill "$idle_pid" 2>/dev/null; wait "$idle_pid" 2>/dev/null || true; }
        key="$threads/$case/$kind"
        rps=$(python3 -c "print($requests / $seconds)")
        echo "   $case round $round $kind: $(printf %.0f "$rps") req/s, p50 $p50 µs, p99 $p99 µs, p99.9 $p999 µs, errors $errors, cpu ${cpu}s" >&2
        SUM_RPS[$key]=$(python3 -c "print(${SUM_RPS[$key]:-0} + $rps)")
        SUM_P50[$key]=$(python3 -c "print(${SUM_P50[$key]:-0} + $p50)")
        SUM_P99[$key]=$(python3 -c "print(${SUM_P99[$key]:-0} + $p99)")
        SUM_P999[$key]=$(python3 -c "print(${SUM_P999[$key]:-0} + $p999)")
        SUM_CPU[$key]=$(python3 -c "print(${SUM_CPU[$key]:-0} + ($cpu / max($requests, 1)) * 1e6)")
        SUM_ERR[$key]=$(( ${SUM_ERR[$key]:-0} + errors ))
        N[$key]=$(( ${N[$key]:-0} + 1 ))
      done
    done
  done
  for kind in $KINDS; do kill "${PID[$kind]}" 2>/dev/null || true; wait "${PID[$kind]}" 2>/dev/null || true; done
  unset PORT PID
done

mkdir -p "$(dirname "$OUT")"
{
  echo "$(machine); wrk -t2 -c50 for ${DURATION}s per run, $ROUNDS rounds interleaved; means over the rounds."
  for kind in $KINDS; do [ -n "${NEGOTIATED[$kind]:-}" ] && echo "TLS as negotiated with $kind: ${NEGOTIATED[$kind]}."; done
  echo "tls: wrk over HTTPS; h2, h2c: h2load -t2 -c50 -m10 (over HTTPS with ALPN h2; with prior knowledge), percentiles from its per-request log."
  echo "HAProxy $("$HAPROXY" -v | head -1 | awk '{print $3}'), nginx $("$NGINX" -v 2>&1 | sed 's/.*nginx\///'), Cutover router $(./cutover version 2>/dev/null | head -1 | awk '{print $NF}'); backends: 2 × nginx (1 worker)."
  echo
  echo "| threads | case | proxy | req/s | p50 ms | p99 ms | p99.9 ms | CPU µs/req | errors | req/s ÷ HAProxy | p99 ÷ HAProxy |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
  for threads in $THREADS; do
    for case in $CASES; do
      base="$threads/$case/haproxy"
      for kind in $KINDS; do
        key="$threads/$case/$kind"
        [ -n "${N[$key]:-}" ] || continue
        python3 - "$threads" "$case" "$kind" "${N[$key]}" "${SUM_RPS[$key]}" "${SUM_P50[$key]}" "${SUM_P99[$key]}" \
          "${SUM_P999[$key]}" "${SUM_CPU[$key]}" "${SUM_ERR[$key]}" "${SUM_RPS[$base]}" "${SUM_P99[$base]}" <<'PY'
import sys
t, case, kind, n, rps, p50, p99, p999, cpu, err, brps, bp99 = sys.argv[1:]
n = int(n)
mean = lambda v: float(v) / n
print(f"| {t} | {case} | {kind} | {mean(rps):,.0f} | {mean(p50)/1000:.2f} | {mean(p99)/1000:.2f} | {mean(p999)/1000:.2f} "
      f"| {mean(cpu):.1f} | {err} | {float(rps)/float(brps):.2f} | {float(p99)/float(bp99):.2f} |")
PY
      done
    done
  done
} | tee "$OUT"
