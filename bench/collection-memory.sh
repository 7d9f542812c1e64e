#!/usr/bin/env bash
# Memory per element of small collections, the data node against redis-server 7.0 (issue 6's 1.5x target).
#
# For each type, starts a fresh redis-server and data node side by side, loads KEYS keys of ELEMENTS
# elements each through redis-cli --pipe (RPUSH, HSET, ZADD, SADD with 4-byte members and values, so the
# collections keep Redis's compact encodings), and prints the growth of each process's resident memory per
# element, both encodings as OBJECT ENCODING reports them, and the data node's live heap after a full
# collection. The growth includes the keys themselves, spread over their elements, as a user would count it.
# Memory hardly depends on the machine's load, so one run per type is enough.
#
# Environment (defaults in brackets): KEYS [500000]  ELEMENTS [10]  TYPES ["list hash zset set"]
#   REDIS_PORT [7379]  NODE_PORT [7380]  JAR [datanode/target/datanode.jar, built when missing]
#   JVM_OPTS [README's flags with a 2 GB heap, as bench/redis-benchmark.sh]
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=${JAR:-"$ROOT/datanode/target/datanode.jar"}
KEYS=${KEYS:-500000}
ELEMENTS=${ELEMENTS:-10}
TYPES=${TYPES:-"list hash zset set"}
REDIS_PORT=${REDIS_PORT:-7379}
NODE_PORT=${NODE_PORT:-7380}
JVM_OPTS=${JVM_OPTS:-"-XX:+UseSerialGC -Xms2g -Xmx2g -Xmn16m -XX:TrimNativeHeapInterval=1000 -XX:+UseCompressedOops -Dio.netty.leakDetection.level=disabled -Dio.netty.allocator.maxOrder=7"}
WORK=$(mktemp -d /tmp/keyslot-collection-memory.XXXXXX)
REDIS_PID=""
NODE_PID=""
# shellcheck source=servers.sh
source "$ROOT/bench/servers.sh"

# One write command per key, in RESP, with ELEMENTS members (and values or scores) of 4 bytes.
generate() {
    awk -v n="$KEYS" -v e="$ELEMENTS" -v type="$1" 'BEGIN {
        ORS = ""
        for (i = 0; i < n; i++) {
            k = sprintf("key:%07d", i)
            if (type == "list") { cmd = "RPUSH"; words = e + 2 }
            else if (type == "set") { cmd = "SADD"; words = e + 2 }
            else { cmd = (type == "hash" ? "HSET" : "ZADD"); words = 2 * e + 2 }
            print "*" words "\r\n$" length(cmd) "\r\n" cmd "\r\n$" length(k) "\r\n" k "\r\n"
            for (j = 0; j < e; j++) {
                m = sprintf("m%03d", j)
                if (type == "hash") { print "$4\r\n" m "\r\n$4\r\n" sprintf("v%03d", j) "\r\n" }
                else if (type == "zset") { print "$" length(j "") "\r\n" j "\r\n$4\r\n" m "\r\n" }
                else { print "$4\r\n" m "\r\n" }
            }
        }
    }' >"$WORK/load.resp"
}

measure() {
    local type=$1
    generate "$type"
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
        --logfile "$WORK/redis.log" &
    REDIS_PID=$!
    # shellcheck disable=SC2086
    "${JAVA:-java}" $JVM_OPTS -jar "$JAR" --port "$NODE_PORT" --bind 127.0.0.1 --save '' >"$WORK/node.log" 2>&1 &
    NODE_PID=$!
    await_port "$REDIS_PORT" "$REDIS_PID" || { log "redis-server did not start"; exit 1; }
    await_port "$NODE_PORT" "$NODE_PID" || { log "the data node did not start"; cat "$WORK/node.log" >&2; exit 1; }
    sleep 1
    local r0 n0 r1 n1 live
    r0=$(rss_kb "$REDIS_PID")
    n0=$(rss_kb "$NODE_PID")
    redis-cli -p "$REDIS_PORT" --pipe <"$WORK/load.resp" >/dev/null
    redis-cli -p "$NODE_PORT" --pipe <"$WORK/load.resp" >/dev/null
    sleep 2
    r1=$(rss_kb "$REDIS_PID")
    n1=$(rss_kb "$NODE_PID")
    live=$(jcmd "$NODE_PID" GC.class_histogram 2>/dev/null | awk '/^Total/ { print $3 }' || true)
    awk -v t="$type" -v e="$ELEMENTS" -v n="$KEYS" -v r0="$r0" -v r1="$r1" -v n0="$n0" -v n1="$n1" -v live="${live:-0}" \
        -v renc="$(redis-cli -p "$REDIS_PORT" OBJECT ENCODING key:0000000)" \
        -v nenc="$(redis-cli -p "$NODE_PORT" OBJECT ENCODING key:0000000)" 'BEGIN {
        r = (r1 - r0) * 1024 / (n * e); d = (n1 - n0) * 1024 / (n * e)
        printf "%-6s %8d %8.1f %-10s %8.1f %-10s %6.2f %10.1f\n", t, e, r, renc, d, nenc, d / r, live / 1048576 }'
    stop_servers
}

main() {
    command -v redis-server >/dev/null && command -v redis-cli >/dev/null || {
        log "redis-server and redis-cli are required"; exit 1; }
    if [[ ! -f "$JAR" ]]; then
        log "building $JAR"
        (cd "$ROOT" && ./mvnw -q -pl datanode -am package -DskipTests)
    fi
    log "$KEYS keys of $ELEMENTS elements each; JVM_OPTS=$JVM_OPTS"
    printf '%-6s %8s %8s %-10s %8s %-10s %6s %10s\n' type elements redis_B "(encoding)" node_B "(encoding)" ratio live_MB
    for type in $TYPES; do
        measure "$type"
    done
    echo "(B = growth of resident memory per element, keys included; live_MB = the data node's live heap after a full GC)"
}

main
