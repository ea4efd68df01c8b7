#!/usr/bin/env bash
# bench/request-path.sh — the router's per-request decisions on a large table, by JMH (bench/jmh
# RequestPathBenchmark): Host normalization and route lookup, the balancer's choice of an instance, and
# both together, on ROUTES routes of INSTANCES-PER-ROUTE instances (10,000 x 5 by default).
#
#   bench/request-path.sh [--routes 10000] [--instances-per-route 5] [--out FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
ROUTES=10000
PER=5
OUT="$ROOT/bench/results/request-path.md"
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
WORK=$(mktemp -d /tmp/cutover-request-path-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
"$JDK/bin/java" -jar "$JAR" RequestPathBenchmark -p routes="$ROUTES" -p instancesPerRoute="$PER" \
  -rf json -rff "$WORK/jmh.json" >"$WORK/jmh.log" 2>&1 || { tail -30 "$WORK/jmh.log" >&2; exit 1; }
mkdir -p "$(dirname "$OUT")"
{
  echo "$(machine); JMH average time, 5 x 1 s after 5 x 1 s of warm-up, 1 fork; $ROUTES routes x $PER instances."
  echo
  echo "| benchmark | ns per call | ± (99.9%) |"
  echo "|---|---|---|"
  python3 - "$WORK/jmh.json" <<'PY'
import json, sys
for b in json.load(open(sys.argv[1])):
    m = b["primaryMetric"]
    print(f"| {b['benchmark'].rsplit('.', 1)[1]} | {m['score']:.1f} | {m['scoreError']:.1f} |")
PY
} | tee "$OUT"
