#!/usr/bin/env bash
# TLS throughput of the data node against redis-server 7.0 (Debian's build has TLS): both serve the same
# throwaway certificates on loopback with mutual TLS, and redis-benchmark --tls runs SET and GET against each
# in alternation (PAIRS rounds, so load from elsewhere on a shared machine hits both alike) at each pipeline
# depth. Prints the median requests/s of each server and the ratio datanode/redis.
# Needs openssl (certificates), redis-server, redis-benchmark and the data node jar (built when missing).
#
# Environment (defaults in brackets):
#   PAIRS [5]  REQUESTS [100000]  CLIENTS [50]  PIPELINES ["1 16"]  TESTS [set,get]
#   REDIS_PORT [7391]  NODE_PORT [7392]  (TLS ports; the plain ports are these plus 10)  JVM_OPTS [as redis-benchmark.sh]
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR="$ROOT/datanode/target/datanode.jar"
PAIRS=${PAIRS:-5}
REQUESTS=${REQUESTS:-100000}
CLIENTS=${CLIENTS:-50}
PIPELINES=${PIPELINES:-"1 16"}
TESTS=${TESTS:-set,get}
REDIS_PORT=${REDIS_PORT:-7391}
NODE_PORT=${NODE_PORT:-7392}
JVM_OPTS=${JVM_OPTS:-"-XX:+UseSerialGC -Xms2g -Xmx2g -XX:+UseCompressedOops -Dio.netty.leakDetection.level=disabled"}
WORK=$(mktemp -d /tmp/keyslot-tls-bench.XXXXXX)
PIDS=()

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

cleanup() {
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$WORK"
}
trap cleanup EXIT

make_certificates() {
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$WORK/ca.key" -out "$WORK/ca.crt" -subj /CN=bench-ca \
        -days 1 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -keyout "$WORK/node.key" -out "$WORK/node.csr" -subj /CN=localhost 2>/dev/null
    openssl x509 -req -in "$WORK/node.csr" -CA "$WORK/ca.crt" -CAkey "$WORK/ca.key" -CAcreateserial \
        -out "$WORK/node.crt" -days 1 2>/dev/null
}

TLS_ARGS=()
tls_args() {
    TLS_ARGS=(--tls-cert-file "$WORK/node.crt" --tls-key-file "$WORK/node.key" --tls-ca-cert-file "$WORK/ca.crt")
}

CLIENT_TLS=()
client_tls() {
    CLIENT_TLS=(--tls --cacert "$WORK/ca.crt" --cert "$WORK/node.crt" --key "$WORK/node.key")
}

await_port() {
    local port=$1 pid=$2
    for _ in $(seq 1 300); do
        kill -0 "$pid" 2>/dev/null || return 1
        if redis-cli -p "$port" "${CLIENT_TLS[@]}" PING 2>/dev/null | grep -q PONG; then
            return 0
        fi
        sleep 0.1
    done
    return 1
}

start_servers() {
    redis-server --port $((REDIS_PORT + 10)) --tls-port "$REDIS_PORT" "${TLS_ARGS[@]}" --bind 127.0.0.1 \
        --save '' --appendonly no --daemonize no --logfile "$WORK/redis.log" &
    PIDS+=($!)
    await_port "$REDIS_PORT" "${PIDS[-1]}" || { log "redis-server did not start"; exit 1; }
    # shellcheck disable=SC2086
    "${JAVA:-java}" $JVM_OPTS -jar "$JAR" --port $((NODE_PORT + 10)) --tls-port "$NODE_PORT" "${TLS_ARGS[@]}" \
        --bind 127.0.0.1 --save '' >"$WORK/node.log" 2>&1 &
    PIDS+=($!)
    await_port "$NODE_PORT" "${PIDS[-1]}" || { log "data node did not start"; cat "$WORK/node.log" >&2; exit 1; }
}

# One redis-benchmark run; appends "server,pipeline,test,rps" rows to $WORK/runs.csv.
run_benchmark() {
    local server=$1 port=$2 pipeline=$3
    if ! timeout 600 redis-benchmark -h 127.0.0.1 -p "$port" "${CLIENT_TLS[@]}" -t "$TESTS" -n "$REQUESTS" \
            -c "$CLIENTS" -P "$pipeline" --csv >"$WORK/out.csv" 2>"$WORK/bench.err"; then
        log "redis-benchmark against $server (P=$pipeline) failed: $(tail -1 "$WORK/bench.err")"
    fi
    awk -F'","' -v s="$server" -v p="$pipeline" 'NR > 1 {
        gsub(/"/, "", $1); split($1, name, " "); print s "," p "," tolower(name[1]) "," $2 }' \
        "$WORK/out.csv" >>"$WORK/runs.csv"
}

median() {
    sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print 0; else if (NR % 2) print v[(NR + 1) / 2];
        else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

stat_of() {
    awk -F, -v s="$1" -v p="$2" -v t="$3" '$1 == s && $2 == p && $3 == t { print $4 }' "$WORK/runs.csv" | median
}

if [[ ! -f "$JAR" ]]; then
    log "building $JAR"
    (cd "$ROOT" && ./mvnw -q -pl datanode -am package -DskipTests)
fi
make_certificates
tls_args
client_tls
start_servers
log "warming up the data node"
run_benchmark warmup "$NODE_PORT" 16
: >"$WORK/runs.csv"
for pair in $(seq 1 "$PAIRS"); do
    for p in $PIPELINES; do
        log "pair $pair/$PAIRS, pipeline $p"
        run_benchmark redis "$REDIS_PORT" "$p"
        run_benchmark datanode "$NODE_PORT" "$p"
    done
done
printf '\n%-6s %3s %12s %12s %8s\n' test P redis_rps node_rps ratio
for p in $PIPELINES; do
    IFS=, read -r -a tests <<<"$TESTS"
    for t in "${tests[@]}"; do
        awk -v t="$t" -v p="$p" -v rr="$(stat_of redis "$p" "$t")" -v nr="$(stat_of datanode "$p" "$t")" 'BEGIN {
            printf "%-6s %3s %12.0f %12.0f %8.2f\n", t, p, rr, nr, (rr > 0 ? nr / rr : 0) }'
    done
done
