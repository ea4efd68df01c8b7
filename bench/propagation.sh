#!/usr/bin/env bash
# bench/propagation.sh — how long a route change takes to be applied by every router: the time of
# `POST /v1/routes?wait=true` (it answers once every live router acknowledged the new generation),
# with 1, 5 and 20 router processes (plus the embedded one) and route tables of 100 and 10,000 routes.
# The table's routes belong to apps of 100 routes each; the changes map routes of one more app. The
# first --warmup changes of each case are not counted (the JVMs compile the path first).
#
#   bench/propagation.sh [--routers "1 5 20"] [--tables "100 10000"] [--changes 200] [--warmup 50] [--out FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
ROUTERS="1 5 20"
TABLES="100 10000"
CHANGES=200
WARMUP=50
OUT="$ROOT/bench/results/propagation.md"
while [ $# -gt 0 ]; do
  case "$1" in
    --routers) ROUTERS=$2; shift 2 ;;
    --tables) TABLES=$2; shift 2 ;;
    --changes) CHANGES=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    *) echo "usage: $0 [--routers \"1 5 20\"] [--tables \"100 10000\"] [--changes N] [--out FILE]" >&2; exit 2 ;;
  esac
done

./cutover version >/dev/null 2>&1 || true # builds on first use
export CUTOVER_SKIP_BUILD=1
JAVA_OPTS_ROUTER="-Xmx256m -XX:+UseSerialGC"
WORK=$(mktemp -d /tmp/cutover-propagation-XXXXXX)
source bench/lib.sh
need_tools jq
trap 'stop_all; rm -rf "$WORK"' EXIT

percentile() { # p file-of-numbers
  sort -n "$2" | awk -v p="$1" '{a[NR]=$1} END {i=int(NR*p/100+0.999); if (i<1) i=1; print a[i]}'
}

ROWS=()
for routes in $TABLES; do
  for n in $ROUTERS; do
    echo "== $n router processes, $routes routes" >&2
    dir="$WORK/$n-$routes"; mkdir -p "$dir"
    ./cutover server --data-dir "$dir/data" --api-addr 127.0.0.1:0 --router-addr 127.0.0.1:0 >"$dir/server.log" 2>&1 &
    PIDS+=($!)
    wait_for_line "$dir/server.log" "API on"
    api=$(sed -n 's/.*API on \(http:[^,]*\),.*/\1/p' "$dir/server.log")
    auth="Authorization: Bearer $(cat "$dir/data/admin.token")"
    router_token=$(curl -sf -X POST -H "$auth" -H 'Content-Type: application/json' \
      --data '{"name": "bench-routers", "role": "router"}' "$api/v1/tokens" | jq -r .token)
    router_pids=()
    for i in $(seq 1 "$n"); do
      CUTOVER_TOKEN=$router_token CUTOVER_JAVA_OPTS="$JAVA_OPTS_ROUTER" ./cutover router --controller "$api" --id "r$i" --listen 127.0.0.1:0 \
        --state-dir "$dir/r$i" >"$dir/r$i.log" 2>&1 &
      PIDS+=($!)
      router_pids+=($!)
    done
    for i in $(seq 1 "$n"); do wait_for_line "$dir/r$i.log" "listening on"; done
    # Apps with no instances and 100 routes each: the table the routers hold; and the app the changes map to.
    for a in $(seq 1 $(( (routes + 99) / 100 ))); do
      { echo "name: table$a"; echo "instances: 0"; echo "run: {command: 'sleep 1000'}"; echo "routes:";
        for r in $(seq 1 100); do [ $(( (a - 1) * 100 + r )) -le "$routes" ] && echo "  - r$r.table$a.example.com"; done; } >"$dir/table.yaml"
      curl -sf -X POST -H "$auth" -H 'Content-Type: application/yaml' --data-binary @"$dir/table.yaml" "$api/v1/apps" >/dev/null
    done
    printf 'name: bench\ninstances: 0\nrun: {command: "sleep 1000"}\n' >"$dir/bench.yaml"
    curl -sf -X POST -H "$auth" -H 'Content-Type: application/yaml' --data-binary @"$dir/bench.yaml" "$api/v1/apps" >/dev/null
    for _ in $(seq 1 600); do
      live=$(curl -s -H "$auth" "$api/v1/routers" | jq '[.[] | select(.live and .lag == 0)] | length')
      [ "$live" -eq $((n + 1)) ] && break; sleep 0.1
    done
    : >"$dir/times"
    for c in $(seq 1 "$WARMUP"); do
      curl -s -o /dev/null -X POST -H "$auth" -H 'Content-Type: application/json' \
        --data "{\"host\": \"warm$c.bench.example.com\", \"app\": \"bench\"}" "$api/v1/routes?wait=true&timeout=10s"
    done
    for c in $(seq 1 "$CHANGES"); do
      curl -s -o /dev/null -w '%{time_total}\n' -X POST -H "$auth" -H 'Content-Type: application/json' \
        --data "{\"host\": \"probe$c.bench.example.com\", \"app\": \"bench\"}" \
        "$api/v1/routes?wait=true&timeout=10s" >>"$dir/times"
    done
    awk '{printf "%.3f\n", $1 * 1000}' "$dir/times" >"$dir/ms"
    p50=$(percentile 50 "$dir/ms"); p99=$(percentile 99 "$dir/ms"); max=$(sort -n "$dir/ms" | tail -1)
    heap=$(for pid in "${router_pids[@]}"; do awk '/VmRSS/ {print $2}' "/proc/$pid/status"; done | sort -n | tail -1)
    ROWS+=("| $n + embedded | $routes | $CHANGES | $p50 | $p99 | $max | $((heap / 1024)) |")
    echo "   p50 ${p50} ms, p99 ${p99} ms, max ${max} ms; largest router RSS $((heap / 1024)) MiB" >&2
    stop_all
  done
done

mkdir -p "$(dirname "$OUT")"
{
  echo "$(machine). Time of \`POST /v1/routes?wait=true\` (stored, published, acknowledged by every live router), measured by curl on the same machine, after $WARMUP uncounted changes."
  echo
  echo "| routers | routes in the table | changes | p50 ms | p99 ms | max ms | largest router RSS MiB |"
  echo "|---|---|---|---|---|---|---|"
  printf '%s\n' "${ROWS[@]}"
} | tee "$OUT"
