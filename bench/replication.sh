#!/usr/bin/env bash
# Replication benchmark, data node against redis-server 7.0, each replicating to its own kind on loopback:
#   1. full sync: time from REPLICAOF until the replica is up and at the master's offset, KEYS keys of
#      VALUE bytes (DEBUG POPULATE) on the master, diskless transfer (the default) without delay;
#   2. partial resync after a CUT_SECONDS link cut: the replica reaches its master through a TCP relay
#      (bench/link-proxy.py); the relay is killed, WRITES SETs go to the master during the cut, the relay
#      comes back, and the time until the replica is at the master's offset again is measured; the master's
#      sync_partial_ok says whether the resync was partial (repl-backlog-size 256mb so the cut fits).
#
# Environment (defaults in brackets): KEYS [1000000]  VALUE [100]  CUT_SECONDS [10]  WRITES [50000]
#   BASE_PORT [7400]  JVM_OPTS [as bench/redis-benchmark.sh]
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR="$ROOT/datanode/target/datanode.jar"
KEYS=${KEYS:-1000000}
VALUE=${VALUE:-100}
CUT_SECONDS=${CUT_SECONDS:-10}
WRITES=${WRITES:-50000}
BASE_PORT=${BASE_PORT:-7400}
JVM_OPTS=${JVM_OPTS:-"-XX:+UseSerialGC -Xms2g -Xmx2g -Xmn16m -XX:TrimNativeHeapInterval=1000 -XX:+UseCompressedOops -Dio.netty.leakDetection.level=disabled -Dio.netty.allocator.maxOrder=7"}
WORK=$(mktemp -d /tmp/keyslot-repl-bench.XXXXXX)
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

now_ms() { date +%s%3N; }

await_port() {
    local port=$1
    for _ in $(seq 1 300); do
        if redis-cli -p "$port" PING 2>/dev/null | grep -q PONG; then
            return 0
        fi
        sleep 0.1
    done
    log "nothing answers on port $port"
    return 1
}

info_field() { redis-cli -p "$1" INFO replication | tr -d '\r' | sed -n "s/^$2://p"; }
stat_field() { redis-cli -p "$1" INFO stats | tr -d '\r' | sed -n "s/^$2://p"; }

# Waits (at most 10 minutes) until the replica's link is up and it processed all the master sent.
await_in_sync() {
    local master=$1 replica=$2
    for _ in $(seq 1 60000); do
        if [[ "$(info_field "$replica" master_link_status)" == "up" &&
              "$(info_field "$master" master_repl_offset)" == "$(info_field "$replica" slave_repl_offset)" ]]; then
            return 0
        fi
        sleep 0.01
    done
    log "replica on $replica never caught up"
    return 1
}

start_server() {
    local kind=$1 port=$2
    local common=(--port "$port" --bind 127.0.0.1 --save '' --dir "$WORK" --dbfilename "dump-$port.rdb"
                  --repl-diskless-sync-delay 0 --repl-backlog-size 256mb --enable-debug-command local)
    if [[ $kind == redis ]]; then
        redis-server "${common[@]}" --appendonly no --logfile "$WORK/redis-$port.log" &
    else
        # shellcheck disable=SC2086
        "${JAVA:-java}" $JVM_OPTS -jar "$JAR" "${common[@]}" >"$WORK/node-$port.log" 2>&1 &
    fi
    PIDS+=($!)
    await_port "$port"
}

run() {
    local kind=$1 master=$2 replica=$3 relay=$4
    start_server "$kind" "$master"
    start_server "$kind" "$replica"
    redis-cli -p "$master" DEBUG POPULATE "$KEYS" key "$VALUE" >/dev/null
    log "$kind: $KEYS keys loaded, full sync"
    local start
    start=$(now_ms)
    redis-cli -p "$replica" REPLICAOF 127.0.0.1 "$master" >/dev/null
    await_in_sync "$master" "$replica"
    local full=$(( $(now_ms) - start ))
    redis-cli -p "$replica" REPLICAOF 127.0.0.1 "$relay" >/dev/null
    python3 "$ROOT/bench/link-proxy.py" "$relay" "$master" &
    local proxy=$!
    PIDS+=($proxy)
    await_in_sync "$master" "$replica"
    local partial_before
    partial_before=$(stat_field "$master" sync_partial_ok)
    log "$kind: cutting the link for $CUT_SECONDS s with $WRITES writes"
    kill "$proxy"
    wait "$proxy" 2>/dev/null || true
    start=$(now_ms)
    redis-benchmark -p "$master" -t set -n "$WRITES" -r 100000 -d "$VALUE" -q >/dev/null
    sleep $(( CUT_SECONDS - ($(now_ms) - start) / 1000 > 0 ? CUT_SECONDS - ($(now_ms) - start) / 1000 : 0 ))
    python3 "$ROOT/bench/link-proxy.py" "$relay" "$master" &
    PIDS+=($!)
    start=$(now_ms)
    await_in_sync "$master" "$replica"
    local resync=$(( $(now_ms) - start ))
    local partial=$(( $(stat_field "$master" sync_partial_ok) - partial_before ))
    echo "$kind,$full,$resync,$partial"
}

[[ -f "$JAR" ]] || (cd "$ROOT" && ./mvnw -q -o -pl datanode -am package -DskipTests)
echo "server,full_sync_ms,resync_after_cut_ms,partial_resyncs"
run redis $BASE_PORT $((BASE_PORT + 1)) $((BASE_PORT + 2))
run datanode $((BASE_PORT + 10)) $((BASE_PORT + 11)) $((BASE_PORT + 12))
