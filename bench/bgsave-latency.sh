#!/usr/bin/env bash
# SET latency while a BGSAVE runs: the data node (key-level copy-on-write snapshot written by a background
# thread) against redis-server 7.0 (fork), side by side.
#
# Both servers get KEYS keys named like redis-benchmark's random keys (key:000000000042) with 100-byte
# values, so the benchmark's SETs overwrite keys the snapshot still has to write. Each run, per server:
# a baseline redis-benchmark SET run without a save, then the same run with a BGSAVE started 0.2 s into it
# (REQUESTS should make the run outlast the save: check bgsave_ms against the run time).
# Reports per server the median over RUNS of the p99 (and p50) SET latency with and without a BGSAVE, the
# BGSAVE wall time (until rdb_bgsave_in_progress drops to 0) and the data node's copy-on-write bytes.
#
# Environment (defaults in brackets):
#   RUNS [5]  KEYS [1000000]  REQUESTS [200000]  CLIENTS [50]  REDIS_PORT [7379]  NODE_PORT [7380]
#   JVM_OPTS [as bench/redis-benchmark.sh]
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR="$ROOT/datanode/target/datanode.jar"
RUNS=${RUNS:-5}
KEYS=${KEYS:-1000000}
REQUESTS=${REQUESTS:-200000}
CLIENTS=${CLIENTS:-50}
REDIS_PORT=${REDIS_PORT:-7379}
NODE_PORT=${NODE_PORT:-7380}
JVM_OPTS=${JVM_OPTS:-"-XX:+UseSerialGC -Xms2g -Xmx2g -Xmn16m -XX:TrimNativeHeapInterval=1000 -XX:+UseCompressedOops -Dio.netty.leakDetection.level=disabled -Dio.netty.allocator.maxOrder=7"}
WORK=$(mktemp -d /tmp/keyslot-bgsave.XXXXXX)
REDIS_PID=""
NODE_PID=""

# shellcheck source=servers.sh
source "$ROOT/bench/servers.sh"

info_field() {
    redis-cli -p "$1" INFO persistence | tr -d '\r' | awk -F: -v f="$2" '$1 == f { print $2 }'
}

# KEYS SETs in RESP, keys as redis-benchmark -r names them.
populate() {
    local port=$1
    redis-cli -p "$port" FLUSHALL >/dev/null
    awk -v n="$KEYS" 'BEGIN {
        v = sprintf("%0100d", 7)
        for (i = 0; i < n; i++) {
            k = sprintf("key:%012d", i)
            printf "*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$100\r\n%s\r\n", length(k), k, v
        }
    }' | redis-cli -p "$port" --pipe >/dev/null
}

# One SET run; prints "p50,p99" in milliseconds.
set_latency() {
    local port=$1
    redis-benchmark -h 127.0.0.1 -p "$port" -t set -n "$REQUESTS" -c "$CLIENTS" -r "$KEYS" -d 100 --csv \
        2>/dev/null | awk -F, 'NR == 2 { gsub(/"/, ""); print $5 "," $7 }'
}

now_ms() { date +%s%3N; }

# One run against one server: appends "server,base_p50,base_p99,save_p50,save_p99,bgsave_ms,cow_bytes".
# The BGSAVE is timed while the benchmark runs; the benchmark is started first so the save overlaps it.
run_once() {
    local server=$1 port=$2 base with start end bench
    base=$(set_latency "$port")
    set_latency "$port" >"$WORK/with.txt" &
    bench=$!
    sleep 0.2
    start=$(now_ms)
    redis-cli -p "$port" BGSAVE >/dev/null
    while [[ $(info_field "$port" rdb_bgsave_in_progress) != 0 ]]; do sleep 0.02; done
    end=$(now_ms)
    wait "$bench"
    with=$(cat "$WORK/with.txt")
    echo "$server,$base,$with,$((end - start)),$(info_field "$port" rdb_last_cow_size)" >>"$WORK/runs.csv"
    log "$server: baseline p50,p99=$base with BGSAVE p50,p99=$with bgsave=$((end - start))ms"
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

column() { awk -F, -v s="$1" -v c="$2" '$1 == s { print $c }' "$WORK/runs.csv" | median; }

[[ -f "$JAR" ]] || (cd "$ROOT" && ./mvnw -q -pl datanode -am package -DskipTests)
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$WORK" \
    --dbfilename redis.rdb --logfile "$WORK/redis.log" &
REDIS_PID=$!
await_port "$REDIS_PORT" "$REDIS_PID" 300 || { log "redis-server did not start"; exit 1; }
# shellcheck disable=SC2086
"${JAVA:-java}" $JVM_OPTS -jar "$JAR" --port "$NODE_PORT" --bind 127.0.0.1 --save '' --dir "$WORK" \
    --dbfilename node.rdb >"$WORK/node.log" 2>&1 &
NODE_PID=$!
await_port "$NODE_PORT" "$NODE_PID" 300 || { log "data node did not start"; cat "$WORK/node.log" >&2; exit 1; }

log "loading $KEYS keys into each server"
populate "$REDIS_PORT"
populate "$NODE_PORT"
: >"$WORK/runs.csv"
for run in $(seq 1 "$RUNS"); do
    log "run $run of $RUNS"
    run_once redis "$REDIS_PORT"
    run_once datanode "$NODE_PORT"
done

echo "SET latency during BGSAVE of $KEYS keys: $REQUESTS requests, $CLIENTS clients, medians of $RUNS runs (ms)"
printf "%-10s %10s %10s %10s %10s %12s %14s\n" server base_p50 base_p99 bgsave_p50 bgsave_p99 bgsave_ms cow_bytes
for server in redis datanode; do
    printf "%-10s %10s %10s %10s %10s %12s %14s\n" "$server" "$(column "$server" 2)" "$(column "$server" 3)" \
        "$(column "$server" 4)" "$(column "$server" 5)" "$(column "$server" 6)" "$(column "$server" 7)"
done
