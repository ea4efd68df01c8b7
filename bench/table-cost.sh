#!/usr/bin/env bash
# bench/table-cost.sh — what a large route table costs a router: the time to apply one delta (JMH,
# bench/jmh DeltaApplyBenchmark) and the heap of a `cutover router` process serving the table.
#
#   bench/table-cost.sh [--routes 10000] [--instances-per-route 5] [--out FILE]
#
# The table (bench/jmh SyntheticTable): ROUTES apps with one route and INSTANCES-PER-ROUTE instances
# each. The heap is measured on a real router process started on a saved table.json with no controller
# reachable (so nothing else changes it), after a full GC, against the same router with an empty table.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
ROUTES=10000
PER=5
OUT="$ROOT/bench/results/table-cost.md"
while [ $# -gt 0 ]; do
  case "$1" in
    --routes) ROUTES=$2; shift 2 ;;
    --instances-per-route) PER=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    *) echo "usage: $0 [--routes N] [--instances-per-route N] [--out FILE]" >&2; exit 2 ;;
  esac
done

source bench/lib.sh
build_jmh
WORK=$(mktemp -d /tmp/cutover-table-cost-XXXXXX)
trap 'stop_all; rm -rf "$WORK"' EXIT

echo "== JMH: one delta on a table of $ROUTES routes x $PER instances" >&2
"$JDK/bin/java" -jar "$JAR" DeltaApplyBenchmark -p routes="$ROUTES" -p instancesPerRoute="$PER" \
  -rf json -rff "$WORK/jmh.json" >"$WORK/jmh.log" 2>&1 || { tail -30 "$WORK/jmh.log" >&2; exit 1; }
# p50, p99, p99.9 and max in microseconds of each benchmark
jmh_row() { # benchmark-name
  python3 - "$WORK/jmh.json" "$1" <<'PY'
import json, sys
for b in json.load(open(sys.argv[1])):
    if b["benchmark"].endswith("." + sys.argv[2]):
        p = b["primaryMetric"]["scorePercentiles"]
        print("| %s | %.1f | %.1f | %.1f | %.1f |" % (sys.argv[2], p["50.0"], p["99.0"], p["99.9"], p["100.0"]))
PY
}

# heap_used PID: KiB used after a full GC
heap_used() {
  "$JDK/bin/jcmd" "$1" GC.run >/dev/null
  "$JDK/bin/jcmd" "$1" GC.heap_info | sed -n 's/.*used \([0-9]*\)K.*/\1/p' | head -1
}

start_router() { # name state-dir -> pid in $ROUTER_PID
  CUTOVER_SKIP_BUILD=1 CUTOVER_JAVA_OPTS="-Xmx256m" ./cutover router --controller http://127.0.0.1:9 \
    --listen 127.0.0.1:0 --id "$1" --state-dir "$2" >"$WORK/$1.log" 2>&1 &
  ROUTER_PID=$!
  PIDS+=("$ROUTER_PID")
  for _ in $(seq 1 600); do grep -q "listening on" "$WORK/$1.log" && return 0; sleep 0.1; done
  cat "$WORK/$1.log" >&2; return 1
}

echo "== heap of a router serving $ROUTES routes x $PER instances (-Xmx256m)" >&2
"$JDK/bin/java" -cp "$JAR" io.cutover.bench.SyntheticTable "$ROUTES" "$PER" "$WORK/big/table.json"
start_router empty "$WORK/empty"
start_router big "$WORK/big"
for _ in $(seq 1 600); do grep -q "serving the saved table" "$WORK/big.log" && break; sleep 0.1; done
grep -q "serving the saved table" "$WORK/big.log" || { cat "$WORK/big.log" >&2; exit 1; }
empty_kib=$(heap_used "${PIDS[0]}")
big_kib=$(heap_used "${PIDS[1]}")
rss_kib=$(awk '/VmRSS/ {print $2}' "/proc/${PIDS[1]}/status")
file_kib=$(( $(stat -c %s "$WORK/big/table.json") / 1024 ))
stop_all

mkdir -p "$(dirname "$OUT")"
{
  echo "$(machine), $("$JDK/bin/java" -version 2>&1 | head -1)."
  echo
  echo "One delta (one instance of one route replaced) on a table of $ROUTES routes and $((ROUTES * PER)) instances, in microseconds (JMH sample mode, 1 fork, 5 x 2 s after 5 x 2 s warm-up):"
  echo
  echo "| benchmark | p50 µs | p99 µs | p99.9 µs | max µs |"
  echo "|---|---|---|---|---|"
  jmh_row applyOneDelta
  jmh_row applyWholeTableWithOneChange
  echo
  echo "A \`cutover router\` process (-Xmx256m) serving that table from its saved table.json ($file_kib KiB), heap used after a full GC:"
  echo
  echo "| router | heap used MiB | RSS MiB |"
  echo "|---|---|---|"
  echo "| empty table | $((empty_kib / 1024)) | |"
  echo "| $ROUTES routes, $((ROUTES * PER)) instances | $((big_kib / 1024)) | $((rss_kib / 1024)) |"
  echo "| the table's share | $(((big_kib - empty_kib) / 1024)) | |"
} | tee "$OUT"
