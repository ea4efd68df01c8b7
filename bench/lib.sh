# bench/lib.sh — what the benchmark scripts share; sourced, not run.
#
#   PIDS            processes to stop at the end (stop_all)
#   stop_all        SIGTERM every pid in PIDS, wait for each, forget them
#   wait_for_line   FILE PATTERN: wait up to 60 s for a line, else print FILE and fail
#   machine         one line: when, and on what machine (CPUs, memory, kernel)
#   free_port       a free TCP port on 127.0.0.1
#   start_nginx_backends DIR NGINX   two nginx backends (/ and /64k), their ports in BACKENDS
#   write_bench_table DIR           a saved router table routing bench.localhost to BACKENDS
#   write_haproxy_config FILE PORT THREADS   an HAProxy config spreading PORT's requests over BACKENDS
#   need_tools TOOL...  install the Debian packages of these names that are missing
#   build_jmh           build bench/jmh's benchmarks.jar with the launcher's JDK; sets JDK and JAR
#   start_postgres DIR  a PostgreSQL server (Debian's, installed if missing) in DIR; sets PG_URL
#   create_database NAME  a database on that server
#   stop_postgres       stops it

PIDS=()

stop_all() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  PIDS=()
}

wait_for_line() { # file pattern
  for _ in $(seq 1 600); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "timed out waiting for '$2' in $1:" >&2; cat "$1" >&2; return 1
}

machine() {
  echo "Run $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr)"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

# start_nginx_backends DIR NGINX: two nginx backends (one worker each, on CPU 0) answering GET / with a
# small JSON body and GET /64k with a 65,536-byte file; sets BACKENDS to their ports, adds them to PIDS.
start_nginx_backends() {
  local dir=$1 nginx=$2 b port
  head -c 65536 /dev/urandom > "$dir/64k"
  chmod 755 "$dir"; chmod 644 "$dir/64k" # nginx workers run as nobody
  BACKENDS=()
  for b in 1 2; do
    port=$(free_port)
    mkdir -p "$dir/b$b"
    cat > "$dir/b$b/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $dir/b$b/nginx.pid;
error_log $dir/b$b/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$port reuseport;
    location = / { default_type application/json; return 200 '{"backend": $b, "ok": true}'; }
    location = /64k { root $dir; try_files /64k =404; }
  }
}
CONF
    taskset -c 0 "$nginx" -c "$dir/b$b/nginx.conf" -p "$dir/b$b" >"$dir/b$b.log" 2>&1 &
    PIDS+=($!)
    BACKENDS+=("$port")
  done
}

# write_bench_table DIR: a saved router table (DIR/table.json) routing bench.localhost to both BACKENDS,
# which a router started with --state-dir DIR serves without a controller.
write_bench_table() {
  mkdir -p "$1"
  cat > "$1/table.json" <<JSON
{"generation": 1, "routes": [{"host": "bench.localhost", "pathPrefix": "/", "app": "bench",
  "revisions": [{"revision": 1, "weight": 100, "endpoints": [
    {"instanceId": "b1", "host": "127.0.0.1", "port": ${BACKENDS[0]}},
    {"instanceId": "b2", "host": "127.0.0.1", "port": ${BACKENDS[1]}}]}]}]}
JSON
}

# write_haproxy_config FILE PORT THREADS [TLS_PORT PEM]: HAProxy listening on 127.0.0.1:PORT with THREADS
# threads, keep-alive to both BACKENDS (least connections, connections reused across clients); with TLS_PORT,
# also HTTPS there with the certificate and key of PEM, TLS 1.2/1.3, ALPN h2 and http/1.1.
write_haproxy_config() {
  local tls_bind=""
  [ -n "${4:-}" ] && tls_bind="  bind 127.0.0.1:$4 ssl crt $5 alpn h2,http/1.1 ssl-min-ver TLSv1.2"
  cat > "$1" <<CONF
global
  nbthread $3
  maxconn 8000
  tune.ssl.default-dh-param 2048
defaults
  mode http
  timeout connect 5s
  timeout client 30s
  timeout server 30s
  option http-keep-alive
  http-reuse always
frontend bench
  bind 127.0.0.1:$2
$tls_bind
  default_backend backends
backend backends
  balance leastconn
  server b1 127.0.0.1:${BACKENDS[0]}
  server b2 127.0.0.1:${BACKENDS[1]}
CONF
}

# need_tools TOOL...: installs (apt) the Debian packages of these names whose command is neither on PATH
# nor in /usr/sbin.
need_tools() {
  local tool missing=()
  for tool in "$@"; do
    command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || missing+=("$tool")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing ${missing[*]}…" >&2
  (apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq "${missing[@]}")) >&2
}

# build_jmh: builds the Cutover jar if needed and bench/jmh's benchmarks.jar (offline first) with the JDK the
# launcher picks; sets JDK (its home) and JAR (the benchmarks jar).
build_jmh() {
  ./cutover version >/dev/null 2>&1 || true # builds on first use
  JDK=$(CUTOVER_PRINT_JDK=1 ./cutover)
  JAR="$(pwd)/bench/jmh/target/benchmarks.jar"
  JAVA_HOME="$JDK" mvn -q -B -o -DskipTests package -pl bench/jmh -am 2>/dev/null \
    || JAVA_HOME="$JDK" mvn -q -B -DskipTests package -pl bench/jmh -am
}

# start_postgres DIR: initdb and start Debian's PostgreSQL (installed if missing) in DIR on a free port, as
# the postgres user when run as root (PostgreSQL refuses to run as root); sets PG_URL
# (postgresql://postgres@127.0.0.1:PORT, no database), PG_DATA and PGBIN.
start_postgres() {
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    echo "installing postgresql…" >&2
    (apt-get install -y -qq postgresql >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq postgresql)) >&2
  fi
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  PG_DATA="$1"
  mkdir -p "$PG_DATA" && chmod 755 "$(dirname "$PG_DATA")" && { chown postgres "$PG_DATA" 2>/dev/null || true; }
  as_postgres "$PGBIN/initdb" -D "$PG_DATA" -A trust -U postgres >"$PG_DATA.initdb.log" 2>&1
  PG_PORT=$(free_port)
  as_postgres "$PGBIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w \
    -o "-p $PG_PORT -k $PG_DATA -c listen_addresses=127.0.0.1 -c fsync=on" start >/dev/null
  PG_URL="postgresql://postgres@127.0.0.1:$PG_PORT"
}

create_database() { as_postgres "$PGBIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$1"; }

stop_postgres() {
  [ -n "${PG_DATA:-}" ] && [ -d "$PG_DATA" ] && as_postgres "$PGBIN/pg_ctl" -D "$PG_DATA" -m fast stop >/dev/null 2>&1
  return 0
}

as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
