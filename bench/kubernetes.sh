#!/usr/bin/env bash
# bench/kubernetes.sh — the Kubernetes runtime on the sandbox (`cutover sandbox`): how soon a pod the
# kubelet marked Ready takes requests, and what 50 apps x 10 pods cost one controller.
#
#   bench/kubernetes.sh [--trials 20] [--apps 50] [--pods 10] [--out FILE]
#
# 1. Ready → routable: TRIALS times, an app of one pod (image static:1.0, answered inside the sandbox,
#    health check GET /health) is applied; the time from the kubelet marking its pod Ready (the Ready
#    condition's lastTransitionTime, written to the microsecond by the sandbox) to the first 200 through
#    the server's router (polled every 1 ms from the moment of the apply), and from the apply to it.
# 2. Scale: APPS apps of PODS pods each (static pods: no process each, so 500 fit on one machine), all
#    applied at once; the time until every one is routable; then 30 s of steady state: engine passes and
#    their mean and longest time (/metrics: cutover_engine_pass_*), and the controller's heap used after
#    a full GC (jcmd), against the same server before the apps.
# The sandbox and the server are separate processes; everything runs on this machine.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
TRIALS=20
APPS=50
PODS=10
OUT="$ROOT/bench/results/kubernetes.md"
while [ $# -gt 0 ]; do
  case "$1" in
    --trials) TRIALS=$2; shift 2 ;;
    --apps) APPS=$2; shift 2 ;;
    --pods) PODS=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    *) echo "usage: $0 [--trials N] [--apps N] [--pods N] [--out FILE]" >&2; exit 2 ;;
  esac
done

source bench/lib.sh
./cutover version >/dev/null 2>&1 || true # builds on first use
JDK=$(CUTOVER_PRINT_JDK=1 ./cutover)
WORK=$(mktemp -d /tmp/cutover-bench-kubernetes-XXXXXX)
cleanup() { stop_all; rm -rf "$WORK"; }
trap cleanup EXIT

echo "== sandbox and server" >&2
CUTOVER_SKIP_BUILD=1 ./cutover sandbox --log-dir "$WORK/pods" >"$WORK/sandbox.log" 2>&1 &
PIDS+=($!)
wait_for_line "$WORK/sandbox.log" "API server on"
API_SERVER=$(sed -n 's/.*API server on \([^,]*\),.*/\1/p' "$WORK/sandbox.log")
API_PORT=$(free_port)
ROUTER_PORT=$(free_port)
CUTOVER_SKIP_BUILD=1 CUTOVER_JAVA_OPTS="-Xmx1g" ./cutover server --runtime kubernetes --kubernetes-api "$API_SERVER" \
  --namespace cutover-test --data-dir "$WORK/data" --api-addr "127.0.0.1:$API_PORT" --router-addr "127.0.0.1:$ROUTER_PORT" \
  >"$WORK/server.log" 2>&1 &
PIDS+=($!)
wait_for_line "$WORK/server.log" "leader in term"
SERVER_PID=$(pgrep -f -- "--api-addr 127.0.0.1:$API_PORT" | head -1)

# heap_used PID: KiB used after a full GC
heap_used() {
  "$JDK/bin/jcmd" "$1" GC.run >/dev/null
  "$JDK/bin/jcmd" "$1" GC.heap_info | sed -n 's/.*used \([0-9]*\)K.*/\1/p' | head -1
}
BASE_KIB=$(heap_used "$SERVER_PID")

python3 - "$API_PORT" "$ROUTER_PORT" "$API_SERVER" "$WORK/data/admin.token" "$TRIALS" "$APPS" "$PODS" "$WORK/result.json" <<'PY'
import http.client, json, sys, time, datetime, threading
api_port, router_port, k8s, token_file, trials, apps, pods, out = sys.argv[1:9]
trials, apps, pods = int(trials), int(apps), int(pods)
token = open(token_file).read().strip()
ns = "cutover-test"

def call(port, method, path, body=None, host=None, headers=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    h = {"Authorization": "Bearer " + token, "Content-Type": "application/json"} if host is None else {"Host": host}
    h.update(headers or {})
    c.request(method, path, body=None if body is None else json.dumps(body), headers=h)
    r = c.getresponse(); data = r.read(); c.close()
    return r.status, data

def manifest(name, n):
    return {"name": name, "instances": n, "run": {"image": "static:1.0"}, "healthCheck": {"path": "/health"}}

def k8s_get(path):
    u = k8s.rstrip("/").replace("http://", "")
    hostport = u.split("/")[0]
    c = http.client.HTTPConnection(hostport, timeout=10)
    c.request("GET", path); r = c.getresponse(); data = r.read(); c.close()
    return json.loads(data)

def ready_time(app):
    for pod in k8s_get("/api/v1/namespaces/%s/pods?labelSelector=cutover.io/app=%s" % (ns, app))["items"]:
        for cond in pod.get("status", {}).get("conditions", []):
            if cond["type"] == "Ready" and cond["status"] == "True" and cond.get("lastTransitionTime"):
                return datetime.datetime.fromisoformat(cond["lastTransitionTime"].replace("Z", "+00:00")).timestamp()
    return None

def pct(xs, p):
    xs = sorted(xs); return xs[min(len(xs) - 1, int(round(p / 100.0 * (len(xs) - 1))))]

ready_to_routable, apply_to_routable = [], []
for i in range(trials):
    name = "lat%d" % i
    t_apply = time.time()
    status, body = call(api_port, "POST", "/v1/apps", manifest(name, 1))
    assert status < 300, body
    conn = http.client.HTTPConnection("127.0.0.1", router_port, timeout=5)
    while True:
        try:
            conn.request("GET", "/", headers={"Host": name + ".localhost"})
            r = conn.getresponse(); r.read()
            if r.status == 200:
                t_routable = time.time(); break
        except (http.client.HTTPException, OSError):
            conn.close(); conn = http.client.HTTPConnection("127.0.0.1", router_port, timeout=5)
        time.sleep(0.001)
        if time.time() - t_apply > 60:
            raise SystemExit("app %s not routable within 60 s" % name)
    conn.close()
    t_ready = ready_time(name)
    ready_to_routable.append((t_routable - t_ready) * 1000)
    apply_to_routable.append((t_routable - t_apply) * 1000)
    call(api_port, "DELETE", "/v1/apps/" + name)
deadline = time.time() + 60
while time.time() < deadline and k8s_get("/api/v1/namespaces/%s/pods" % ns)["items"]:
    time.sleep(0.2)

def metrics():
    _, data = call(api_port, "GET", "/metrics")
    m = {}
    for line in data.decode().splitlines():
        if line.startswith("cutover_engine_pass"):
            k, v = line.rsplit(" ", 1); m[k] = float(v)
    return m

t0 = time.time()
for a in range(apps):
    status, body = call(api_port, "POST", "/v1/apps", manifest("scale%d" % a, pods))
    assert status < 300, body
while True:
    _, data = call(api_port, "GET", "/v1/apps")
    listed = [x for x in json.loads(data) if x["name"].startswith("scale")]
    if len(listed) == apps and all(x["instances"]["routable"] == pods for x in listed):
        break
    if time.time() - t0 > 600:
        raise SystemExit("not every app routable within 600 s")
    time.sleep(0.2)
all_routable = time.time() - t0
before = metrics(); time.sleep(30); after = metrics()
passes = after["cutover_engine_passes_total"] - before["cutover_engine_passes_total"]
seconds = after["cutover_engine_pass_seconds_total"] - before["cutover_engine_pass_seconds_total"]
json.dump({"ready_to_routable": ready_to_routable, "apply_to_routable": apply_to_routable,
           "r2r": [pct(ready_to_routable, p) for p in (50, 90, 99, 100)],
           "a2r": [pct(apply_to_routable, p) for p in (50, 90, 99, 100)],
           "all_routable_s": all_routable, "steady_passes_per_s": passes / 30.0,
           "steady_mean_pass_ms": (seconds / passes * 1000) if passes else 0.0,
           "longest_pass_s": after.get("cutover_engine_pass_longest_seconds", 0.0)}, open(out, "w"))
PY
SCALE_KIB=$(heap_used "$SERVER_PID")

python3 - "$WORK/result.json" "$BASE_KIB" "$SCALE_KIB" "$TRIALS" "$APPS" "$PODS" "$(machine)" >"$OUT" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); base, scale = int(sys.argv[2]), int(sys.argv[3])
trials, apps, pods, machine = sys.argv[4], int(sys.argv[5]), int(sys.argv[6]), sys.argv[7]
print("### Kubernetes runtime on the sandbox (bench/kubernetes.sh)\n")
print(machine + "\n")
print("Ready → routable, %s apps of one pod: from the kubelet marking the pod Ready to the first 200 through the router\n" % trials)
print("| | p50 | p90 | p99 | max |\n|---|---|---|---|---|")
print("| pod Ready → routable (ms) | %.1f | %.1f | %.1f | %.1f |" % tuple(r["r2r"]))
print("| apply → routable (ms) | %.1f | %.1f | %.1f | %.1f |" % tuple(r["a2r"]))
print("\nThe first trial (the server's first app since it started): Ready → routable %.1f ms, apply → routable %.1f ms."
      % (r["ready_to_routable"][0], r["apply_to_routable"][0]))
print("\n%d apps × %d pods on one controller (static pods):\n" % (apps, pods))
print("| measure | value |\n|---|---|")
print("| applied at once → all %d pods routable | %.1f s |" % (apps * pods, r["all_routable_s"]))
print("| steady state: engine passes | %.1f /s |" % r["steady_passes_per_s"])
print("| steady state: mean pass | %.2f ms |" % r["steady_mean_pass_ms"])
print("| longest pass since start (the rollout included) | %.0f ms |" % (r["longest_pass_s"] * 1000))
print("| controller heap after GC: no apps → %d pods | %d KiB → %d KiB (+%d KiB, %.1f KiB per pod) |"
      % (apps * pods, base, scale, scale - base, (scale - base) / float(apps * pods)))
PY
cat "$OUT"
