#!/usr/bin/env bash
# bench/failover.sh — leader failover under load. Three `cutover server` processes share one PostgreSQL
# (Debian's, started here in a temporary directory on a free port), a stand-alone router follows all three,
# `cutover load` sends steady traffic through it to the example app. Each round starts a rolling update,
# SIGKILLs the leader a second later, and measures, from the kill:
#   elected  — until another controller's /healthz says "leader" (the lease lapsed, a follower claimed it)
#   routed   — until the router follows the new leader (live at it, lag 0: the new leader's first table
#              applied, which comes after it adopted the instances and before its engine's next step)
# then restarts the killed controller as a follower and waits for the update to finish. The rounds run
# with each lease TTL given (the default 5 s, and 2 s). At the end: requests failed over the whole run.
# Then apply throughput: 100 applies of an app with no instances (each with its deployment, finished)
# against one controller on SQLite and one on PostgreSQL, in the same run.
#
#   bench/failover.sh [--kills 20] [--ttls "5s 2s"] [--rate 200] [--out FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
KILLS=20
TTLS="5s 2s"
RATE=200
APPLIES=100
OUT="$ROOT/bench/results/failover.md"
while [ $# -gt 0 ]; do
  case "$1" in
    --kills) KILLS=$2; shift 2 ;;
    --ttls) TTLS=$2; shift 2 ;;
    --rate) RATE=$2; shift 2 ;;
    --applies) APPLIES=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    *) echo "usage: $0 [--kills N] [--ttls \"5s 2s\"] [--rate R] [--applies N] [--out FILE]" >&2; exit 2 ;;
  esac
done

./cutover version >/dev/null 2>&1 || true # builds on first use
export CUTOVER_SKIP_BUILD=1
source bench/lib.sh
need_tools jq curl
WORK=$(mktemp -d /tmp/cutover-failover-XXXXXX)
chmod 755 "$WORK"

CONTROLLER_PIDS=(0 0 0)
cleanup() {
  set +e
  stop_all
  if [ -n "${TOKEN:-}" ]; then
    # to whichever controller answers: a follower redirects the delete to the leader (307 keeps the method)
    for _ in $(seq 1 150); do
      curl -s -m 2 --location-trusted -X DELETE -H "Authorization: Bearer $TOKEN" "$(leader_url)/v1/apps/hello" >/dev/null
      [ "$(curl -s -m 2 -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$(leader_url)/v1/apps/hello")" = 404 ] && break
      sleep 0.2
    done
  fi
  for pid in "${CONTROLLER_PIDS[@]}"; do [ "$pid" != 0 ] && kill "$pid" 2>/dev/null; done
  for pid in "${CONTROLLER_PIDS[@]}"; do [ "$pid" != 0 ] && wait "$pid" 2>/dev/null; done
  # instances outlive controllers by design: stop any this run's apps still have (they carry its mark)
  for pid in $(marked_pids); do echo "stopping instance $pid left running" >&2; kill "$pid" 2>/dev/null; done
  sleep 1
  for pid in $(marked_pids); do kill -9 "$pid" 2>/dev/null; done
  stop_postgres
  rm -rf "$WORK"
}
# the pids of processes whose environment carries this run's mark (CUTOVER_BENCH_RUN, set in the manifest)
marked_pids() {
  grep -lzx "CUTOVER_BENCH_RUN=$WORK" /proc/[0-9]*/environ 2>/dev/null | cut -d/ -f3
}
trap cleanup EXIT

# --- PostgreSQL
start_postgres "$WORK/pg"
create_database cutover
create_database throughput

PORTS=("$(free_port)" "$(free_port)" "$(free_port)")
URLS=("http://127.0.0.1:${PORTS[0]}" "http://127.0.0.1:${PORTS[1]}" "http://127.0.0.1:${PORTS[2]}")
TTL=""

start_controller() { # index
  local i=$1 renew
  renew=$([ "$TTL" = 2s ] && echo 500ms || echo 1s)
  ./cutover server --store "$PG_URL/cutover" --data-dir "$WORK/c$i" --api-addr "127.0.0.1:${PORTS[$i]}" --no-router \
    --lease-ttl "$TTL" --lease-renew "$renew" >>"$WORK/c$i.log" 2>&1 &
  CONTROLLER_PIDS[$i]=$!
  wait_for_line "$WORK/c$i.log" "API on"
}

role() { curl -s -m 0.3 "${URLS[$1]}/healthz" 2>/dev/null | jq -r '.role // empty' 2>/dev/null || true; }
leader_index() { local i; for i in 0 1 2; do [ "$(role "$i")" = leader ] && { echo "$i"; return; }; done; echo ""; }
leader_url() { local i; i=$(leader_index); [ -n "$i" ] && echo "${URLS[$i]}" || echo "${URLS[0]}"; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
api() { curl -s -H "Authorization: Bearer $TOKEN" "$@"; }
router_follows() { # leader-url
  api -m 1 "$1/v1/routers" | jq -e '[.[] | select(.id == "edge" and .live and .lag == 0)] | length == 1' >/dev/null 2>&1
}
percentile() { sort -n "$2" | awk -v p="$1" '{a[NR]=$1} END {i=int(NR*p/100+0.999); if (i<1) i=1; print a[i]}'; }

JAR="$ROOT/examples/simpleservice/target/simpleservice.jar"
manifest() { # version
  cat <<YAML
name: hello
instances: 2
run:
  command: exec java -Xmx48m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar $JAR
  env: {SIMPLE_SERVICE_VERSION: "$1", QUIET: "true", READY_AFTER_MS: "1500", CUTOVER_BENCH_RUN: "$WORK"}
healthCheck: {path: /health, intervalSeconds: 1, timeoutSeconds: 1, maxConsecutiveFailures: 3, gracePeriodSeconds: 10}
readinessCheck: {path: /ready, intervalSeconds: 1}
killGracePeriodSeconds: 5
drainTimeoutSeconds: 10
strategy: {type: rolling, maxSurge: 1, maxUnavailable: 0}
YAML
}
apply() { # version → deployment id
  manifest "$1" > "$WORK/hello.yaml"
  api -X POST -H 'Content-Type: application/yaml' --data-binary "@$WORK/hello.yaml" "$(leader_url)/v1/apps" | jq -r '.deployment'
}
await_deployed() { # id
  local state
  for _ in $(seq 1 600); do
    state=$(api -m 2 "$(leader_url)/v1/deployments/$1" | jq -r '"\(.status) \(.reason)"' 2>/dev/null || true)
    [ "$state" = "FINALIZED DEPLOYED" ] && return 0
    case "$state" in FINALIZED*) echo "deployment $1 ended $state" >&2; return 1 ;; esac
    sleep 0.1
  done
  echo "deployment $1 did not finish: $state" >&2; return 1
}

ROWS=()
ROUND=0
for TTL in $TTLS; do
  # a fresh set of controllers for each TTL (the store, its apps and instances stay)
  for i in 0 1 2; do [ "${CONTROLLER_PIDS[$i]}" != 0 ] && kill "${CONTROLLER_PIDS[$i]}" 2>/dev/null && { wait "${CONTROLLER_PIDS[$i]}" 2>/dev/null || true; }; done
  for i in 0 1 2; do
    start_controller "$i"
    if [ -z "${TOKEN:-}" ]; then
      for _ in $(seq 1 100); do [ -n "$(leader_index)" ] && break; sleep 0.1; done
      TOKEN=$(cat "$WORK/c0/admin.token")
      for j in 1 2; do mkdir -p "$WORK/c$j"; cp "$WORK/c0/admin.token" "$WORK/c$j/"; done
    fi
  done
  for _ in $(seq 1 100); do [ -n "$(leader_index)" ] && break; sleep 0.1; done
  if [ -z "${ROUTER_PORT:-}" ]; then
    ROUTER_TOKEN=$(api -X POST -H 'Content-Type: application/json' -d '{"name": "edge", "role": "router"}' "$(leader_url)/v1/tokens" | jq -r .token)
    CUTOVER_TOKEN=$ROUTER_TOKEN ./cutover router --controller "${URLS[0]},${URLS[1]},${URLS[2]}" --id edge \
      --listen 127.0.0.1:0 --state-dir "$WORK/edge" >"$WORK/edge.log" 2>&1 &
    PIDS+=($!)
    wait_for_line "$WORK/edge.log" "listening on"
    ROUTER_PORT=$(sed -n 's/.*listening on [^:]*:\([0-9]*\).*/\1/p' "$WORK/edge.log" | head -1)
    await_deployed "$(apply 1.0)"
    for _ in $(seq 1 300); do
      [ "$(curl -s -o /dev/null -w '%{http_code}' -H 'Host: hello.localhost' "http://127.0.0.1:$ROUTER_PORT/endpoint0")" = 200 ] && break
      sleep 0.1
    done
    ./cutover load "http://127.0.0.1:$ROUTER_PORT/endpoint0" --host hello.localhost --rate "$RATE" --connections 8 \
      --duration 60m -o json >"$WORK/load.json" 2>"$WORK/load.log" &
    LOAD_PID=$!
    PIDS+=($LOAD_PID)
  fi
  for _ in $(seq 1 200); do router_follows "$(leader_url)" && break; sleep 0.1; done
  : >"$WORK/elected-$TTL"; : >"$WORK/routed-$TTL"
  for k in $(seq 1 "$KILLS"); do
    ROUND=$((ROUND + 1))
    id=$(apply "$([ $((ROUND % 2)) = 0 ] && echo 1.0 || echo 2.0)")
    sleep 1 # the update is under way: its first new instance is starting
    old=$(leader_index)
    t0=$(now_ms)
    kill -9 "${CONTROLLER_PIDS[$old]}"; wait "${CONTROLLER_PIDS[$old]}" 2>/dev/null || true
    CONTROLLER_PIDS[$old]=0
    new=""
    while [ -z "$new" ]; do
      new=$(leader_index)
      [ $(( $(now_ms) - t0 )) -lt 60000 ] || { echo "no controller leads 60 s after the kill" >&2; exit 1; }
    done
    t1=$(now_ms)
    until router_follows "${URLS[$new]}"; do
      sleep 0.02
      [ $(( $(now_ms) - t0 )) -lt 60000 ] || { echo "the router does not follow controller $new 60 s after the kill" >&2; exit 1; }
    done
    t2=$(now_ms)
    echo $((t1 - t0)) >>"$WORK/elected-$TTL"; echo $((t2 - t0)) >>"$WORK/routed-$TTL"
    echo "TTL $TTL kill $k: controller $old killed, controller $new leads after $((t1 - t0)) ms, the router follows it after $((t2 - t0)) ms" >&2
    start_controller "$old"
    await_deployed "$id"
  done
  ROWS+=("| $TTL | $KILLS | $(percentile 50 "$WORK/elected-$TTL") | $(percentile 99 "$WORK/elected-$TTL") | $(percentile 50 "$WORK/routed-$TTL") | $(percentile 99 "$WORK/routed-$TTL") |")
done

kill -TERM "$LOAD_PID"; wait "$LOAD_PID" 2>/dev/null || true
SENT=$(jq '.totals.sent' "$WORK/load.json"); FAILED=$(jq '.totals.non2xx + .totals.errors' "$WORK/load.json")

# --- apply throughput: SQLite vs PostgreSQL, one controller each, the same applies
throughput() { # store-args... → applies per second
  local dir="$WORK/t$RANDOM" port pid start end i ids=()
  port=$(free_port)
  ./cutover server "$@" --data-dir "$dir" --api-addr "127.0.0.1:$port" --no-router >"$dir.log" 2>&1 &
  pid=$!
  wait_for_line "$dir.log" "API on"
  local token; token=$(cat "$dir/admin.token")
  start=$(now_ms)
  for i in $(seq 1 "$APPLIES"); do
    ids+=("$(curl -s -H "Authorization: Bearer $token" -H 'Content-Type: application/yaml' -X POST \
      --data-binary "name: t$i
instances: 0
run: {command: 'true'}" "http://127.0.0.1:$port/v1/apps" | jq -r .deployment)")
  done
  for i in "${ids[@]}"; do
    until [ "$(curl -s -H "Authorization: Bearer $token" "http://127.0.0.1:$port/v1/deployments/$i" | jq -r .status)" = FINALIZED ]; do sleep 0.02; done
  done
  end=$(now_ms)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  awk -v n="$APPLIES" -v ms=$((end - start)) 'BEGIN {printf "%.1f", n * 1000 / ms}'
}
SQLITE_RATE=$(throughput)
PG_RATE=$(throughput --store "$PG_URL/throughput")

{
  echo "## Failover ($(machine))"
  echo
  echo "Three controllers on one PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}'), a stand-alone router, $RATE req/s"
  echo "through it; each kill (SIGKILL of the leader) one second into a rolling update of 2 instances."
  echo "Milliseconds from the kill."
  echo
  echo "| lease TTL | kills | elected p50 | elected p99 | router follows p50 | router follows p99 |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${ROWS[@]}"
  echo
  echo "Requests through the router over the whole run: $SENT sent, $FAILED failed."
  echo
  echo "Apply throughput ($APPLIES applies of an app with no instances, each deployment finished), one controller:"
  echo "SQLite $SQLITE_RATE/s, PostgreSQL $PG_RATE/s (ratio $(awk -v a="$PG_RATE" -v b="$SQLITE_RATE" 'BEGIN {printf "%.2f", a / b}'))."
} | tee "$OUT"
