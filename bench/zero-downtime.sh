#!/usr/bin/env bash
# bench/zero-downtime.sh — rolling deployments of simpleservice (4 instances) under steady load through
# the Cutover router, one scenario after another, counting every request that did not get a 2xx answer.
#
#   bench/zero-downtime.sh [--rate 300] [--routers 2] [--only NAME[,NAME...]] [--out FILE]
#
# Scenarios: defaults; minimumHealthCapacity/maximumOverCapacity 0.25/0.25; maxSurge 1/maxUnavailable 0;
# random /health delays (HEALTH_MIN/HEALTH_MAX); a new instance SIGKILLed mid-deployment; 2 s requests in
# flight while old instances drain; a cancel in the middle; a canary 20 -> pause -> continue -> 50 ->
# analysis -> 100; a canary canceled at 50%; a canary 0 -> 50 -> 100 with timed pauses, plain and with
# 50% of GETs mirrored to it and a background analysis (its latency beside the plain one's); blue-green
# with 2 s requests in flight: promote (then 200 requests through every router must get green), a
# rollback inside the window (200 requests through every router must get blue), a failing pre-promotion
# check; recreate, whose gap must be answered with maintenance 503s only (counted apart).
# --routers N stand-alone routers run beside the embedded one (every change waits for all of them). Prints a table and writes it (with the
# machine's details) to --out (default: bench/results/zero-downtime.md).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
source bench/lib.sh

RATE=300
ROUTERS=2
ONLY=""
OUT="$ROOT/bench/results/zero-downtime.md"
while [ $# -gt 0 ]; do
  case "$1" in
    --rate) RATE=$2; shift 2 ;;
    --only) ONLY=$2; shift 2 ;;
    --routers) ROUTERS=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    *) echo "usage: $0 [--rate R] [--routers N] [--only SCENARIO[,SCENARIO...]] [--out FILE]" >&2; exit 2 ;;
  esac
done
need_tools jq


./cutover version >/dev/null 2>&1 || true # builds on first use
export CUTOVER_SKIP_BUILD=1
WORK=$(mktemp -d /tmp/cutover-bench-XXXXXX)
SERVER_PID=""
LOAD_PIDS=()
EXTRA_ROUTER_PIDS=()

cleanup() {
  set +e
  for pid in "${LOAD_PIDS[@]}" "${EXTRA_ROUTER_PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${EXTRA_ROUTER_PIDS[@]}"; do wait "$pid" 2>/dev/null; done
  if [ -n "$SERVER_PID" ]; then
    ./cutover delete hello >/dev/null 2>&1
    for _ in $(seq 1 100); do ./cutover app hello >/dev/null 2>&1 || break; sleep 0.2; done
    kill "$SERVER_PID" 2>/dev/null
    wait "$SERVER_PID" 2>/dev/null
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

./cutover server --data-dir "$WORK/data" --api-addr 127.0.0.1:0 --router-addr 127.0.0.1:0 >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 300); do grep -q "API on" "$WORK/server.log" && break; sleep 0.1; done
API=$(sed -n 's/.*API on \(http:[^,]*\),.*/\1/p' "$WORK/server.log")
ROUTER_PORT=$(sed -n 's/.*router on http:[^,]*:\([0-9]*\),.*/\1/p' "$WORK/server.log")
[ -n "$API" ] && [ -n "$ROUTER_PORT" ] || { echo "server did not start:"; cat "$WORK/server.log"; exit 1; }
export CUTOVER_SERVER=$API
export CUTOVER_TOKEN; CUTOVER_TOKEN=$(cat "$WORK/data/admin.token") # the CLI's and curl's
ROUTER_TOKEN=$(./cutover tokens create bench-routers --role router -o json | jq -r .token)
echo "server: API $API, router port $ROUTER_PORT" >&2
ROUTER_PORTS=("$ROUTER_PORT")
for i in $(seq 1 "$ROUTERS"); do
  CUTOVER_TOKEN=$ROUTER_TOKEN ./cutover router --controller "$API" --id "bench-r$i" --listen 127.0.0.1:0 --state-dir "$WORK/r$i" >"$WORK/r$i.log" 2>&1 &
  LOAD_PIDS+=($!) # stopped with the loads at the end
  wait_for_line "$WORK/r$i.log" "listening on"
  ROUTER_PORTS+=("$(sed -n 's/.*listening on [^:]*:\([0-9]*\).*/\1/p' "$WORK/r$i.log" | head -1)")
done
EXTRA_ROUTER_PIDS=("${LOAD_PIDS[@]}")
LOAD_PIDS=()
echo "routers on ports ${ROUTER_PORTS[*]}" >&2

JAR="$ROOT/examples/simpleservice/target/simpleservice.jar"

manifest() { # version strategy-yaml extra-env
  cat <<YAML
name: hello
instances: 4
run:
  command: exec java -Xmx48m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar $JAR
  env: {SIMPLE_SERVICE_VERSION: "$1", QUIET: "true"$3}
healthCheck: {path: /health, intervalSeconds: 1, timeoutSeconds: 1, maxConsecutiveFailures: 3, gracePeriodSeconds: 10}
readinessCheck: {path: /ready, intervalSeconds: 1}
killGracePeriodSeconds: 5
drainTimeoutSeconds: 10
strategy: $2
YAML
}

start_load() { # name path rate connections
  ./cutover load "http://127.0.0.1:$ROUTER_PORT$2" --host hello.localhost --rate "$3" --connections "$4" \
    --duration 10m -o json >"$WORK/$1.json" 2>"$WORK/$1.log" &
  LOAD_PIDS+=($!)
}

stop_loads() {
  for pid in "${LOAD_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${LOAD_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  LOAD_PIDS=()
}

deployment_field() { curl -s -H "Authorization: Bearer $CUTOVER_TOKEN" "$API/v1/deployments/$1" | jq -r ".$2"; }

# every_router VERSION: 200 requests through each router right away; prints how many did not get VERSION
every_router() {
  local wrong=0 port v
  for port in "${ROUTER_PORTS[@]}"; do
    for _ in $(seq 1 200); do
      v=$(curl -s -H 'Host: hello.localhost' "http://127.0.0.1:$port/endpoint0" | jq -r '.version // "-"')
      [ "$v" = "$1" ] || wrong=$((wrong + 1))
    done
  done
  echo "$wrong"
}
CHECK_LINE=
await_paused() { for _ in $(seq 1 1200); do [ "$(deployment_field "$1" reason)" = PAUSED ] && return; sleep 0.1; done; }

ROWS=()
run() { # name strategy extra-env action
  local name=$1 strategy=$2 env=$3 action=$4
  if [ -n "$ONLY" ] && [[ " ${ONLY//,/ } " != *" $name "* ]]; then return; fi
  echo "== $name" >&2
  manifest 1.0 "$strategy" "$env" >"$WORK/v1.yaml"
  manifest 2.0 "$strategy" "$env" >"$WORK/v2.yaml"
  ./cutover apply -f "$WORK/v1.yaml" >/dev/null
  start_load "$name" /endpoint0 "$RATE" 16
  case "$action" in slow|bg-*) start_load "$name-slow" "/slow?ms=2000" 8 24 ;; esac
  CHECK_LINE=
  sleep 2
  local started id
  started=$(date +%s%N)
  id=$(./cutover apply -f "$WORK/v2.yaml" --detach -o json 2>/dev/null | jq -r '.deployment')
  case "$action" in
    kill)
      local pid=""
      for _ in $(seq 1 200); do
        pid=$(curl -s -H "Authorization: Bearer $CUTOVER_TOKEN" "$API/v1/apps/hello/instances" | jq -r '[.[] | select(.revision == 2 and .routable)][0].pid // empty')
        [ -n "$pid" ] && break; sleep 0.05
      done
      echo "   SIGKILL new instance pid $pid" >&2
      kill -9 "$pid"
      ;;
    cancel)
      for _ in $(seq 1 400); do [ "$(deployment_field "$id" step)" -ge 1 ] && break; sleep 0.05; done
      echo "   cancel at step $(deployment_field "$id" step)" >&2
      # curl, not the CLI: a JVM's start on a busy machine can outlast this short deployment
      curl -sf -o /dev/null -X POST -H "Authorization: Bearer $CUTOVER_TOKEN" "$API/v1/deployments/$id/cancel"
      ;;
    continue-once) # continue at the first pause; analysis decides the rest
      await_paused "$id"; sleep 2
      echo "   continue at $(deployment_field "$id" canary.weight)%" >&2
      ./cutover continue hello >/dev/null
      ;;
    bg-promote) # green waits for promote; right after it returns, every router must send 2.0
      await_paused "$id"; sleep 2
      ./cutover promote hello >/dev/null
      local wrong; wrong=$(every_router 2.0)
      echo "   after promote: $wrong of $((200 * ${#ROUTER_PORTS[@]})) requests through ${#ROUTER_PORTS[@]} routers not green" >&2
      CHECK_LINE="; right after promote $wrong/$((200 * ${#ROUTER_PORTS[@]})) not green"
      ;;
    bg-rollback) # promote, then roll back inside the window: every router must send 1.0 at once
      await_paused "$id"; sleep 2
      ./cutover promote hello >/dev/null; sleep 2
      ./cutover rollback hello --detach >/dev/null
      local wrong; wrong=$(every_router 1.0)
      echo "   after rollback: $wrong of $((200 * ${#ROUTER_PORTS[@]})) requests not blue" >&2
      CHECK_LINE="; right after rollback $wrong/$((200 * ${#ROUTER_PORTS[@]})) not blue"
      ;;
    canary-cancel) # 20 -> pause -> continue -> 50 -> pause -> cancel
      await_paused "$id"; sleep 2; ./cutover continue hello >/dev/null
      await_paused "$id"; sleep 2
      echo "   cancel at $(deployment_field "$id" canary.weight)%" >&2
      ./cutover cancel hello --detach >/dev/null
      ;;
  esac
  for _ in $(seq 1 1200); do [ "$(deployment_field "$id" status)" = FINALIZED ] && break; sleep 0.1; done
  local seconds outcome
  seconds=$(( ($(date +%s%N) - started) / 1000000 ))
  outcome=$(deployment_field "$id" reason)
  local verdicts
  verdicts=$(curl -s -H "Authorization: Bearer $CUTOVER_TOKEN" "$API/v1/deployments/$id" | jq -r '[.canary.analysis[]? | "\(if .background then "bg " else "" end)\(.verdict)"] | join(", ")')
  [ -n "$verdicts" ] && outcome="$outcome ($verdicts)"
  sleep 2
  stop_loads
  local sent ok non2xx errors versions slow_line=""
  sent=$(jq '.totals.sent' "$WORK/$name.json"); ok=$(jq '.totals.ok' "$WORK/$name.json")
  non2xx=$(jq '.totals.non2xx' "$WORK/$name.json"); errors=$(jq '.totals.errors' "$WORK/$name.json")
  versions=$(jq -r '.totals.versions | to_entries | map("\(.key)=\(.value)") | join(" ")' "$WORK/$name.json")
  if [ -f "$WORK/$name-slow.json" ]; then
    local s_sent s_fail
    s_sent=$(jq '.totals.sent' "$WORK/$name-slow.json")
    s_fail=$(jq '.totals.non2xx + .totals.errors' "$WORK/$name-slow.json")
    slow_line=" + $s_sent slow (2 s), $s_fail failed"
  fi
  local maintenance
  maintenance=$(jq '.totals.versions["(maintenance)"] // 0' "$WORK/$name.json")
  [ "$maintenance" != 0 ] && non2xx="$non2xx ($maintenance maintenance)"
  local p50 p99
  p50=$(jq '.totals.latencyMs.p50' "$WORK/$name.json"); p99=$(jq '.totals.latencyMs.p99' "$WORK/$name.json")
  ROWS+=("| $name | $outcome | $(printf %d.%d $((seconds / 1000)) $((seconds % 1000 / 100))) | $sent$slow_line | $non2xx | $errors | $p50 / $p99 | $versions$CHECK_LINE |")
  echo "   $outcome in $((seconds / 1000))s: $sent requests, $non2xx non-2xx, $errors connection errors; $versions$slow_line" >&2
  ./cutover delete hello >/dev/null
  for _ in $(seq 1 300); do ./cutover app hello >/dev/null 2>&1 || break; sleep 0.1; done
}

run defaults          "{type: rolling}"                                              "" none
run base-min-over     "{minimumHealthCapacity: 0.25, maximumOverCapacity: 0.25}"     "" none
run surge1-unavail0   "{maxSurge: 1, maxUnavailable: 0}"                             "" none
run health-delays     "{type: rolling}"  ', HEALTH_MIN: "100", HEALTH_MAX: "800"' none
run sigkill-new       "{maxSurge: 1, maxUnavailable: 0}"                             "" kill
run long-requests     "{type: rolling}"                                              "" slow
run cancel-midway     "{maxSurge: 1, maxUnavailable: 0}"                             "" cancel
ANALYSIS='{interval: 5s, minSamples: 100, latencyTolerance: 300}'
run canary-analysis   "{type: canary, steps: [{setWeight: 20}, {pause: {}}, {setWeight: 50}, {pause: {duration: 2s}}, {analysis: $ANALYSIS}, {setWeight: 100}]}" "" continue-once
run canary-cancel     "{type: canary, stepWeights: [20, 50, 100]}"                   "" canary-cancel
BG='type: blueGreen'
run bluegreen-promote  "{$BG, scaleDownDelaySeconds: 10, prePromotionChecks: [{path: /endpoint0, bodyContains: '\"2.0\"'}]}" "" bg-promote
run bluegreen-rollback "{$BG, scaleDownDelaySeconds: 60}"                               "" bg-rollback
run bluegreen-check-fails "{$BG, scaleDownDelaySeconds: 10, prePromotionChecks: [{path: /endpoint0, bodyContains: '\"9.9\"'}]}" "" bg-check
run recreate           "{type: recreate}"                                              "" none
STEPS_0_50='[{setWeight: 0}, {pause: {duration: 6s}}, {setWeight: 50}, {pause: {duration: 6s}}]'
run canary-plain      "{type: canary, steps: $STEPS_0_50}" "" none
run canary-mirror     "{type: canary, steps: $STEPS_0_50, mirror: {percent: 50}, analysis: $ANALYSIS}" "" none

mkdir -p "$(dirname "$OUT")"
{
  echo "$(machine); load $RATE req/s over 16 connections through the router."
  echo
  echo "| scenario | outcome | seconds | requests | non-2xx | connection errors | p50 / p99 ms | versions answered |"
  echo "|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${ROWS[@]}"
} | tee "$OUT"
