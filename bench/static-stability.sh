#!/usr/bin/env bash
# bench/static-stability.sh — routers keep serving while the controller is down (DESIGN §2.7).
#
#   bench/static-stability.sh [--minutes 3] [--rate 200] [--out FILE]
#
# Starts `cutover server` and two `cutover router` processes, deploys simpleservice (2 instances), then
# sends steady load through router r1 while: the controller is stopped (its instances keep running) for
# --minutes; halfway, router r2 is stopped and started again on its saved table, and load through it is
# counted too; then the controller is started again and both routers must rejoin. Every request that did
# not get a 2xx answer is counted. Writes a table to --out (default bench/results/static-stability.md).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
MINUTES=3
RATE=200
OUT="$ROOT/bench/results/static-stability.md"
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) MINUTES=$2; shift 2 ;;
    --rate) RATE=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    *) echo "usage: $0 [--minutes M] [--rate R] [--out FILE]" >&2; exit 2 ;;
  esac
done

./cutover version >/dev/null 2>&1 || true # builds on first use
export CUTOVER_SKIP_BUILD=1
WORK=$(mktemp -d /tmp/cutover-static-XXXXXX)
SERVER_PID=""
source bench/lib.sh
need_tools jq
LOADS=()
INSTANCE_PIDS=()
cleanup() {
  set +e
  stop_all
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    ./cutover delete hello >/dev/null 2>&1
    for _ in $(seq 1 100); do ./cutover app hello >/dev/null 2>&1 || break; sleep 0.2; done
    kill "$SERVER_PID"; wait "$SERVER_PID"
  fi
  # Stopped early with the controller down: its instances are still running.
  for pid in "${INSTANCE_PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  rm -rf "$WORK"
}
trap cleanup EXIT

API_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
start_server() {
  ./cutover server --data-dir "$WORK/data" --api-addr "127.0.0.1:$API_PORT" --router-addr 127.0.0.1:0 >>"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  wait_for_line "$WORK/server.log" "API on"
}
start_router() { # id port(0 = any) -> sets ROUTER_PID and ROUTER_PORT
  : >"$WORK/$1.log"
  CUTOVER_TOKEN=$ROUTER_TOKEN CUTOVER_JAVA_OPTS="-Xmx128m" ./cutover router --controller "http://127.0.0.1:$API_PORT" --id "$1" \
    --listen "127.0.0.1:$2" --state-dir "$WORK/$1" >"$WORK/$1.log" 2>&1 &
  ROUTER_PID=$!
  wait_for_line "$WORK/$1.log" "listening on http"
  ROUTER_PORT=$(sed -n 's/.*listening on http:[^ ]*:\([0-9]*\),.*/\1/p' "$WORK/$1.log")
}
live_routers() { # 0 while the controller does not answer
  local n
  n=$(curl -s -H "Authorization: Bearer $CUTOVER_TOKEN" "http://127.0.0.1:$API_PORT/v1/routers" | jq '[.[] | select(.live and .lag == 0)] | length' 2>/dev/null)
  echo "${n:-0}"
}
load() { # port seconds name
  ./cutover load "http://127.0.0.1:$1/endpoint0" --host hello.localhost --rate "$RATE" --duration "${2}s" \
    --connections 8 -o json >"$WORK/$3.json" 2>"$WORK/$3.err" &
  PIDS+=($!)
  LOADS+=($!)
}
count() { # name -> "requests 2xx failed"
  jq -r '.totals | "\(.sent) \(.ok) \(.sent - .ok)"' "$WORK/$1.json"
}

start_server
export CUTOVER_SERVER="http://127.0.0.1:$API_PORT"
export CUTOVER_TOKEN; CUTOVER_TOKEN=$(cat "$WORK/data/admin.token") # the CLI's and curl's
ROUTER_TOKEN=$(./cutover tokens create bench-routers --role router -o json | jq -r .token)
start_router r1 0; R1_PID=$ROUTER_PID; R1_PORT=$ROUTER_PORT; PIDS+=("$R1_PID")
start_router r2 0; R2_PID=$ROUTER_PID; R2_PORT=$ROUTER_PORT; PIDS+=("$R2_PID")
JAR="$ROOT/examples/simpleservice/target/simpleservice.jar"
cat >"$WORK/hello.yaml" <<YAML
name: hello
instances: 2
run:
  command: exec java -Xmx64m -XX:+UseSerialGC -jar $JAR
  env: {SIMPLE_SERVICE_VERSION: "1.0", QUIET: "true"}
healthCheck: {path: /health, intervalSeconds: 1, timeoutSeconds: 1, maxConsecutiveFailures: 3}
YAML
./cutover apply -f "$WORK/hello.yaml" >/dev/null
for _ in $(seq 1 300); do [ "$(live_routers)" -eq 3 ] && break; sleep 0.1; done
mapfile -t INSTANCE_PIDS < <(curl -s -H "Authorization: Bearer $CUTOVER_TOKEN" "http://127.0.0.1:$API_PORT/v1/apps/hello/instances" | jq -r '.[].pid')

DOWN=$((MINUTES * 60))
echo "== controller down for ${DOWN}s; load through r1 at $RATE req/s" >&2
load "$R1_PORT" $((DOWN + 10)) r1
sleep 5
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
down_at=$(date +%s)
sleep $((DOWN / 2))
echo "== router r2 restarted while the controller is down" >&2
kill "$R2_PID"; wait "$R2_PID" 2>/dev/null || true
start_router r2 "$R2_PORT"; R2_PID=$ROUTER_PID; PIDS+=("$R2_PID")
grep -q "serving the saved table" "$WORK/r2.log" && saved=yes || saved=no
load "$R2_PORT" $((DOWN / 2 - 10)) r2
sleep $((DOWN - DOWN / 2))
echo "== controller back after $(( $(date +%s) - down_at ))s" >&2
start_server
rejoined=no
for _ in $(seq 1 300); do [ "$(live_routers)" -eq 3 ] && { rejoined=yes; break; }; sleep 0.1; done
for pid in "${LOADS[@]}"; do wait "$pid" 2>/dev/null || true; done

read -r r1_sent r1_ok r1_failed <<<"$(count r1)"
read -r r2_sent r2_ok r2_failed <<<"$(count r2)"
mkdir -p "$(dirname "$OUT")"
{
  echo "$(machine). Controller stopped for ${DOWN} s; load $RATE req/s per router."
  echo
  echo "| load through | while | requests | 2xx | failed |"
  echo "|---|---|---|---|---|"
  echo "| r1 | 5 s before, ${DOWN} s with the controller down, 5 s after | $r1_sent | $r1_ok | $r1_failed |"
  echo "| r2, restarted with the controller down (served its saved table: $saved) | $((DOWN / 2 - 10)) s | $r2_sent | $r2_ok | $r2_failed |"
  echo
  echo "Both routers counted again (live, no lag) after the controller came back: $rejoined."
} | tee "$OUT"
