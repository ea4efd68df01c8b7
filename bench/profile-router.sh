#!/usr/bin/env bash
# bench/profile-router.sh — where the Cutover router spends its CPU and allocates, under wrk load (JFR).
#
#   bench/profile-router.sh [--case keepalive|close|64k|h2c] [--duration 15] [--threads 1] [--top 25]
#
# Starts two nginx backends and a router serving a static table (as bench/router-vs-haproxy.sh does), warms
# the JVM up, records a JFR profile (execution samples and allocation samples) during one wrk run, and prints
# the hottest methods by self time, by stack (the top 3 frames), and the allocation sites by weight.
# h2c: h2load with prior knowledge (50 connections, 10 streams each) instead of wrk.
# Installs Debian's nginx, wrk and nghttp2-client (h2load) if missing. The recording stays in --jfr FILE if given.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

CASE=keepalive
DURATION=15
THREADS=1
TOP=25
JFR_OUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --case) CASE=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    --top) TOP=$2; shift 2 ;;
    --jfr) JFR_OUT=$2; shift 2 ;;
    *) echo "usage: $0 [--case keepalive|close|64k|h2c] [--duration S] [--threads N] [--top N] [--jfr FILE]" >&2; exit 2 ;;
  esac
done
need_tools nginx wrk
command -v h2load >/dev/null || need_tools nghttp2-client
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
./cutover version >/dev/null 2>&1 || true
export CUTOVER_SKIP_BUILD=1
WORK=$(mktemp -d /tmp/cutover-profile-XXXXXX)
trap 'stop_all; rm -rf "$WORK"' EXIT
JAVA=$(CUTOVER_PRINT_JDK=1 ./cutover 2>/dev/null | head -1)/bin

start_nginx_backends "$WORK" "$NGINX"
ROUTER=$(free_port)
write_bench_table "$WORK/router"
CPU=$(( $(nproc) - 1 ))
CUTOVER_JAVA_OPTS="-Xms256m -Xmx256m -XX:+UseParallelGC ${ROUTER_JAVA_OPTS:-}" taskset -c "$CPU" ./cutover router --controller http://127.0.0.1:9 \
  --state-dir "$WORK/router" --listen "127.0.0.1:$ROUTER" --io-threads "$THREADS" >"$WORK/router.log" 2>&1 &
PID=$! # taskset, the launcher and java exec one another: this is the JVM
PIDS+=("$PID")
wait_for_line "$WORK/router.log" "listening on"
PATH_=/; EXTRA=()
case "$CASE" in close) EXTRA=(-H 'Connection: close') ;; 64k) PATH_=/64k ;; esac
load() { # seconds
  if [ "$CASE" = h2c ]; then
    taskset -c 0 h2load -t2 -c50 -m10 -D "$1" -H ':authority: bench.localhost' "http://127.0.0.1:$ROUTER/" | grep -E 'finished in|requests:'
  else
    taskset -c 0 wrk -t2 -c50 -d"$1s" --latency -H 'Host: bench.localhost' "${EXTRA[@]}" "http://127.0.0.1:$ROUTER$PATH_" | sed -n '/Latency Distribution/,$p'
  fi
}
echo "warming up…" >&2
load 10 >/dev/null
"$JAVA/jcmd" "$PID" JFR.start name=profile settings=profile filename="$WORK/router.jfr" >/dev/null
echo "recording $CASE for ${DURATION}s…" >&2
load "$DURATION"
"$JAVA/jcmd" "$PID" JFR.stop name=profile >/dev/null
[ -n "$JFR_OUT" ] && cp "$WORK/router.jfr" "$JFR_OUT"

"$JAVA/jfr" print --json --events jdk.ExecutionSample "$WORK/router.jfr" > "$WORK/cpu.json"
"$JAVA/jfr" print --json --events jdk.ObjectAllocationSample "$WORK/router.jfr" > "$WORK/alloc.json"
python3 - "$WORK/cpu.json" "$WORK/alloc.json" "$TOP" <<'PY'
import json, sys, collections
top = int(sys.argv[3])
def frames(event):
    trace = event["values"].get("stackTrace") or {}
    return [f"{f['method']['type']['name'].split('/')[-1]}.{f['method']['name']}" for f in trace.get("frames") or []]
cpu = json.load(open(sys.argv[1]))["recording"]["events"]
self_time, stacks = collections.Counter(), collections.Counter()
for e in cpu:
    f = frames(e)
    if f:
        self_time[f[0]] += 1
        stacks[" < ".join(f[:3])] += 1
n = max(1, len(cpu))
print(f"\nCPU: {len(cpu)} samples; hottest methods by self time")
for m, c in self_time.most_common(top):
    print(f"  {100*c/n:5.1f}%  {m}")
print(f"\nhottest stacks (top 3 frames)")
for m, c in stacks.most_common(top):
    print(f"  {100*c/n:5.1f}%  {m}")
alloc = json.load(open(sys.argv[2]))["recording"]["events"]
weight = collections.Counter()
for e in alloc:
    f = frames(e)
    cls = e["values"]["objectClass"]["name"].split(".")[-1]
    site = next((x for x in f if "cutover" in x or x.startswith(("Exchange", "FrontendHandler"))), f[0] if f else "?")
    weight[f"{cls} at {f[0] if f else '?'} (from {site})"] += e["values"]["weight"]
total = max(1, sum(weight.values()))
print(f"\nallocation by weight ({total / 1e6:.0f} MB sampled)")
for m, w in weight.most_common(top):
    print(f"  {100*w/total:5.1f}%  {m}")
PY
