#!/usr/bin/env bash
# bench/propagation.sh — how long a route change takes to be applied by every router: the time of
# `POST /v1/routes?wait=true` (it answers once every live router acknowledged the new generation),
# with 1, 5 and 20 router processes (plus the embedded one), route tables of 100 and 10,000 routes, and
# the controller's store on SQLite and on PostgreSQL (Debian's, started in a temporary directory).
# The table's routes belong to apps of 100 routes each; the changes map routes of one more app. The
# first --warmup changes of each case are not counted (the JVMs compile the path first).
#
#   bench/propagation.sh [--routers "1 5 20"] [--tables "100 10000"] [--stores "sqlite postgresql"]
#                        [--changes 200] [--warmup 50] [--out FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
ROUTERS="1 5 20"
TABLES="100 10000"
STORES="sqlite postgresql"
CHANGES=200
WARMUP=50
OUT="$ROOT/bench/results/propagation.md"
while [ $# -gt 0 ]; do
  case "$1" in
    --routers) ROUTERS=$2; shift 2 ;;
    --tables) TABLES=$2; shift 2 ;;
    --stores) STORES=$2; shift 2 ;;
    --changes) CHANGES=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    *) echo "usage: $0 [--routers \"1 5 20\"] [--tables \"100 10000\"] [--stores \"sqlite postgresql\"] [--changes N] [--out FILE]" >&2; exit 2 ;;
  esac
done

./cutover version >/dev/null 2>&1 || true # builds on first use
export CUTOVER_SKIP_BUILD=1
JAVA_OPTS_ROUTER="-Xmx256m -XX:+UseSerialGC"
WORK=$(mktemp -d /tmp/cutover-propagation-XXXXXX)
source bench/lib.sh
need_tools jq
trap 'stop_all; stop_postgres; rm -rf "$WORK"' EXIT
case " $STORES " in *" postgresql "*) chmod 755 "$WORK"; start_postgres "$WORK/pg" ;; esac

percentile() { # p file-of-numbers
  sort -n "$2" | awk -v p="$1" '{a[NR]=$1} END {i=int(NR*p/100+0.999); if (i<1) i=1; print a[i]}'
}

# route_changes API TOKEN PREFIX N: maps N new routes to app "bench", one after another, each with
# POST /v1/routes?wait=true over one kept-alive connection (as the CLI, routers and dashboards call the API;
# a new curl process and connection per call added 3-5 ms of its own); prints each call's milliseconds.
route_changes() {
  python3 - "$@" <<'PY'
import http.client, json, sys, time, urllib.parse
api, token, prefix, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
url = urllib.parse.urlsplit(api)
connection = http.client.HTTPConnection(url.hostname, url.port)
headers = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}
for i in range(1, n + 1):
    body = json.dumps({"host": f"{prefix}{i}.bench.example.com", "app": "bench"})
    start = time.perf_counter()
    connection.request("POST", "/v1/routes?wait=true&timeout=10s", body=body, headers=headers)
    answer = connection.getresponse()
    answer.read()
    elapsed = (time.perf_counter() - start) * 1000
    if answer.status != 201 and answer.status != 200:
        sys.exit(f"POST /v1/routes answered {answer.status}")
    print(f"{elapsed:.3f}")
PY
}

ROWS=()
for store in $STORES; do
for routes in $TABLES; do
  for n in $ROUTERS; do
    echo "== $store, $n router processes, $routes routes" >&2
    dir="$WORK/$store-$n-$routes"; mkdir -p "$dir"
    store_args=()
    if [ "$store" = postgresql ]; then
      create_database "p_${n}_$routes"
      store_args=(--store "$PG_URL/p_${n}_$routes")
    fi
    ./cutover server "${store_args[@]}" --data-dir "$dir/data" --api-addr 127.0.0.1:0 --router-addr 127.0.0.1:0 >"$dir/server.log" 2>&1 &
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
    route_changes "$api" "$(cat "$dir/data/admin.token")" warm "$WARMUP" >/dev/null
    route_changes "$api" "$(cat "$dir/data/admin.token")" probe "$CHANGES" >"$dir/ms"
    p50=$(percentile 50 "$dir/ms"); p99=$(percentile 99 "$dir/ms"); max=$(sort -n "$dir/ms" | tail -1)
    heap=$(for pid in "${router_pids[@]}"; do awk '/VmRSS/ {print $2}' "/proc/$pid/status"; done | sort -n | tail -1)
    ROWS+=("| $store | $n + embedded | $routes | $CHANGES | $p50 | $p99 | $max | $((heap / 1024)) |")
    echo "   p50 ${p50} ms, p99 ${p99} ms, max ${max} ms; largest router RSS $((heap / 1024)) MiB" >&2
    stop_all
  done
done
done

mkdir -p "$(dirname "$OUT")"
{
  echo "$(machine). Time of \`POST /v1/routes?wait=true\` (stored, published, acknowledged by every live router), measured by a kept-alive client on the same machine, after $WARMUP uncounted changes."
  echo
  echo "| store | routers | routes in the table | changes | p50 ms | p99 ms | max ms | largest router RSS MiB |"
  echo "|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${ROWS[@]}"
} | tee "$OUT"
