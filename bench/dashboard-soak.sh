#!/usr/bin/env bash
# bench/dashboard-soak.sh — an app's dashboard page left open in Debian's headless Chromium while the app
# is deployed again and again under traffic: the page's JavaScript heap (after a forced GC) and element
# count each minute, to show its memory stays flat (docs/dashboard.md).
#
#   bench/dashboard-soak.sh [--minutes 60] [--out FILE] [--profile] [--snapshots DIR]
#
# --profile adds, at the end, where the bytes the page allocated from minute 1 on and still holds were
# allocated (Chromium's sampling heap profiler), to find what grows. Full heap snapshots of the page are
# taken at minute 1 and at the end, their totals reported (Blink's objects included, which the JS heap
# figure leaves out); --snapshots DIR keeps them (minute-N.heapsnapshot, for DevTools' Memory panel).
set -euo pipefail
cd "$(dirname "$0")/.."
MINUTES=60
PROFILE=false
SNAPSHOTS=""
OUT="$(pwd)/bench/results/dashboard-soak.md"
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) MINUTES=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --profile) PROFILE=true; shift ;;
    --snapshots) SNAPSHOTS=$(realpath -m "$2"); shift 2 ;;
    *) echo "usage: $0 [--minutes N] [--out FILE] [--profile] [--snapshots DIR]" >&2; exit 2 ;;
  esac
done
source bench/lib.sh
./cutover version >/dev/null 2>&1 || true # builds on first use (and installs the modules the soak needs)
JDK=$(CUTOVER_PRINT_JDK=1 ./cutover)
TMP=$(mktemp /tmp/cutover-soak-XXXXXX.md)
SNAPSHOT_TMP=$(mktemp -d /tmp/cutover-soak-snapshots-XXXXXX)
trap 'rm -rf "$SNAPSHOT_TMP"' EXIT
JAVA_HOME="$JDK" mvn -q -B -o install -DskipTests >/dev/null 2>&1 || JAVA_HOME="$JDK" mvn -q -B install -DskipTests
JAVA_HOME="$JDK" mvn -q -B -o -pl tools/browser failsafe:integration-test -Dit.test=DashboardSoak -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dsoak.minutes="$MINUTES" -Dsoak.out="$TMP" -Dsoak.profile="$PROFILE" -Dsoak.snapshots="${SNAPSHOTS:-$SNAPSHOT_TMP}" >/dev/null
{ echo "### Dashboard soak (bench/dashboard-soak.sh --minutes $MINUTES)"; echo; machine; echo; cat "$TMP"; } >"$OUT"
rm -f "$TMP"
cat "$OUT"
