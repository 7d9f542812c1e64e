#!/usr/bin/env bash
# AOF write throughput of the data node against redis-server 7.0, side by side.
#
# For each appendfsync policy (everysec, always) both servers run with appendonly yes in fresh directories;
# redis-benchmark sends SET and INCR in alternation to each (PAIRS rounds, so background load on a shared
# machine hits both alike) at pipeline depths 1 and 16, and the median requests/s are printed as a markdown
# table and appended to bench/RESULTS.md (APPEND=no to only print).
#
# Environment (defaults in brackets):
#   PAIRS [3]  REQUESTS [50000]  CLIENTS [50]  PIPELINES ["1 16"]  TESTS [set,incr]
#   POLICIES ["everysec always"]  REDIS_PORT [7381]  NODE_PORT [7382]  APPEND [yes]
#   JVM_OPTS [the flags of bench/redis-benchmark.sh]
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR="$ROOT/datanode/target/datanode.jar"
PAIRS=${PAIRS:-3}
REQUESTS=${REQUESTS:-50000}
CLIENTS=${CLIENTS:-50}
PIPELINES=${PIPELINES:-"1 16"}
TESTS=${TESTS:-set,incr}
POLICIES=${POLICIES:-"everysec always"}
REDIS_PORT=${REDIS_PORT:-7381}
NODE_PORT=${NODE_PORT:-7382}
APPEND=${APPEND:-yes}
JVM_OPTS=${JVM_OPTS:-"-XX:+UseSerialGC -Xms1g -Xmx1g -Xmn16m -XX:TrimNativeHeapInterval=1000 -Dio.netty.leakDetection.level=disabled -Dio.netty.allocator.maxOrder=7"}
WORK=$(mktemp -d /tmp/keyslot-aof-bench.XXXXXX)
REDIS_PID=""
NODE_PID=""
# shellcheck source=servers.sh
source "$ROOT/bench/servers.sh"

start_servers() {
    local policy=$1
    rm -rf "$WORK/redis" "$WORK/node"
    mkdir -p "$WORK/redis" "$WORK/node"
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --dir "$WORK/redis" --appendonly yes \
        --appendfsync "$policy" --daemonize no --logfile "$WORK/redis.log" &
    REDIS_PID=$!
    await_port "$REDIS_PORT" "$REDIS_PID" 300 || { log "redis-server did not start"; exit 1; }
    # shellcheck disable=SC2086
    "${JAVA:-java}" $JVM_OPTS -jar "$JAR" --port "$NODE_PORT" --bind 127.0.0.1 --save '' --dir "$WORK/node" \
        --appendonly yes --appendfsync "$policy" >"$WORK/node.log" 2>&1 &
    NODE_PID=$!
    await_port "$NODE_PORT" "$NODE_PID" 300 || { log "data node did not start"; cat "$WORK/node.log" >&2; exit 1; }
}

# One redis-benchmark run; appends "server,pipeline,test,rps" rows to $WORK/runs.csv.
run_benchmark() {
    local server=$1 port=$2 pipeline=$3
    if ! timeout 900 redis-benchmark -h 127.0.0.1 -p "$port" -t "$TESTS" -n "$REQUESTS" -c "$CLIENTS" \
            -P "$pipeline" --csv >"$WORK/out.csv" 2>"$WORK/bench.err"; then
        log "redis-benchmark against $server (P=$pipeline) failed: $(tail -1 "$WORK/bench.err")"
    fi
    awk -F'","' -v s="$server" -v p="$pipeline" 'NR > 1 {
        gsub(/"/, "", $1); split($1, name, " "); print s "," p "," tolower(name[1]) "," $2 }' \
        "$WORK/out.csv" >>"$WORK/runs.csv"
}

median_of() {
    awk -F, -v s="$1" -v p="$2" -v t="$3" '$1 == s && $2 == p && $3 == t { print $4 }' "$WORK/runs.csv" |
        sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print 0; else if (NR % 2) print v[(NR + 1) / 2];
            else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

if [[ ! -f "$JAR" ]]; then
    log "building $JAR"
    (cd "$ROOT" && ./mvnw -q -pl datanode -am package -DskipTests)
fi

TABLE="$WORK/table.md"
{
    echo "| appendfsync | test | P | redis-server req/s | data node req/s | ratio |"
    echo "|---|---|---|---|---|---|"
} >"$TABLE"
for policy in $POLICIES; do
    start_servers "$policy"
    log "appendfsync $policy: warming up the data node"
    run_benchmark warmup "$NODE_PORT" 16
    : >"$WORK/runs.csv"
    for pair in $(seq 1 "$PAIRS"); do
        for p in $PIPELINES; do
            log "appendfsync $policy, pair $pair/$PAIRS, pipeline $p"
            run_benchmark redis "$REDIS_PORT" "$p"
            run_benchmark datanode "$NODE_PORT" "$p"
        done
    done
    IFS=, read -r -a tests <<<"$TESTS"
    for p in $PIPELINES; do
        for t in "${tests[@]}"; do
            r=$(median_of redis "$p" "$t")
            n=$(median_of datanode "$p" "$t")
            awk -v pol="$policy" -v t="$t" -v p="$p" -v r="$r" -v n="$n" 'BEGIN {
                printf "| %s | %s | %s | %.0f | %.0f | %.2f |\n", pol, t, p, r, n, (r > 0 ? n / r : 0) }' >>"$TABLE"
        done
    done
    stop_servers
done
cat "$TABLE"
if [[ $APPEND == yes ]]; then
    {
        echo
        echo "## AOF write throughput ($(date -u +%Y-%m-%d), bench/aof.sh)"
        echo
        echo "appendonly yes in both servers; redis-benchmark -n $REQUESTS -c $CLIENTS, median of $PAIRS"
        echo "interleaved pairs on the shared 2-core build machine (other builds running)."
        echo
        cat "$TABLE"
    } >>"$ROOT/bench/RESULTS.md"
fi
