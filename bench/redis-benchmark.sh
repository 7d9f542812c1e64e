#!/usr/bin/env bash
# Side-by-side throughput, latency and memory comparison of the data node against redis-server 7.0.
#
# Starts both servers on loopback, runs redis-benchmark against each in alternation (PAIRS rounds, so
# background load on a shared machine hits both alike) and prints, per test and pipeline depth, the median
# requests/s of each server, the ratio datanode/redis and the ratio of median p99 latencies. Tests the data
# node does not implement yet are reported as "unsupported". Then loads MEM_KEYS keys with 100-byte values
# into fresh instances through redis-cli --pipe and compares the processes' resident memory.
#
# Environment (defaults in brackets):
#   PAIRS [5]  REQUESTS [100000]  CLIENTS [50]  PIPELINES ["1 16"]  MEM_KEYS [1000000]
#   TESTS [set,get,incr,lpush,rpush,lpop,rpop,sadd,hset,spop,zadd,zpopmin,lrange_100,mset]
#   REDIS_PORT [7379]  NODE_PORT [7380]  JVM_OPTS [see below]  SKIP_MEMORY [no]
#
# JVM flags. The data node is one command thread plus Netty's I/O, allocating short-lived request and
# reply buffers at a high rate, with a long-lived dataset. Parallel GC gives the highest throughput and
# the smallest per-object overhead on a 2-core box (G1's remembered sets and concurrent threads compete
# with the command thread for the same cores; ZGC on JDK 17 is not generational and collects the whole
# dataset every cycle). A fixed heap (-Xms = -Xmx) avoids resize pauses; AlwaysPreTouch is left off:
# it makes RSS equal to the whole heap from the start, which would hide the dataset's real footprint in
# the memory comparison and cost start-up time, while only shaving first-touch page faults (measured as
# within noise here, see bench/RESULTS.md). Netty's leak detection samples every buffer allocation, and the
# data node allocates a read and a reply buffer per request: it is off here as in production (README.md).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR="$ROOT/datanode/target/datanode.jar"
PAIRS=${PAIRS:-5}
REQUESTS=${REQUESTS:-100000}
CLIENTS=${CLIENTS:-50}
PIPELINES=${PIPELINES:-"1 16"}
MEM_KEYS=${MEM_KEYS:-1000000}
TESTS=${TESTS:-set,get,incr,lpush,rpush,lpop,rpop,sadd,hset,spop,zadd,zpopmin,lrange_100,mset}
REDIS_PORT=${REDIS_PORT:-7379}
NODE_PORT=${NODE_PORT:-7380}
JVM_OPTS=${JVM_OPTS:-"-XX:+UseParallelGC -Xms2g -Xmx2g -XX:+UseCompressedOops -Dio.netty.leakDetection.level=disabled"}
SKIP_MEMORY=${SKIP_MEMORY:-no}
WORK=$(mktemp -d /tmp/keyslot-bench.XXXXXX)
REDIS_PID=""
NODE_PID=""

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

cleanup() {
    stop_servers
    rm -rf "$WORK"
}
trap cleanup EXIT

stop_servers() {
    for pid in $REDIS_PID $NODE_PID; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    REDIS_PID=""
    NODE_PID=""
}

await_port() {
    local port=$1 pid=$2
    for _ in $(seq 1 200); do
        if ! kill -0 "$pid" 2>/dev/null; then
            return 1
        fi
        if redis-cli -p "$port" PING 2>/dev/null | grep -q PONG; then
            return 0
        fi
        sleep 0.1
    done
    return 1
}

build_jar() {
    if [[ ! -f "$JAR" ]]; then
        log "building $JAR"
        (cd "$ROOT" && ./mvnw -q -pl datanode package -DskipTests)
    fi
}

start_servers() {
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
        --logfile "$WORK/redis.log" &
    REDIS_PID=$!
    await_port "$REDIS_PORT" "$REDIS_PID" || { log "redis-server did not start"; exit 1; }
    # shellcheck disable=SC2086
    java $JVM_OPTS -jar "$JAR" --port "$NODE_PORT" --bind 127.0.0.1 --save '' >"$WORK/node.log" 2>&1 &
    NODE_PID=$!
    if ! await_port "$NODE_PORT" "$NODE_PID"; then
        # A data node without persistence does not know the save directive yet.
        wait "$NODE_PID" 2>/dev/null || true
        # shellcheck disable=SC2086
        java $JVM_OPTS -jar "$JAR" --port "$NODE_PORT" --bind 127.0.0.1 >"$WORK/node.log" 2>&1 &
        NODE_PID=$!
        await_port "$NODE_PORT" "$NODE_PID" || { log "data node did not start"; cat "$WORK/node.log" >&2; exit 1; }
    fi
}

# The command each test sends first; a test is unsupported when the data node does not know it.
probe_command() {
    case $1 in
        set) echo "SET __probe v" ;;
        get) echo "GET __probe" ;;
        incr) echo "INCR __probe:n" ;;
        lpush|lrange_100) echo "LPUSH __probe:l v" ;;
        rpush) echo "RPUSH __probe:l v" ;;
        lpop) echo "LPOP __probe:l" ;;
        rpop) echo "RPOP __probe:l" ;;
        sadd) echo "SADD __probe:s v" ;;
        spop) echo "SPOP __probe:s" ;;
        hset) echo "HSET __probe:h f v" ;;
        zadd) echo "ZADD __probe:z 1 m" ;;
        zpopmin) echo "ZPOPMIN __probe:z" ;;
        mset) echo "MSET __probe:a v __probe:b v" ;;
        *) echo "PING" ;;
    esac
}

supported_on_node() {
    local test=$1 reply
    # shellcheck disable=SC2046
    reply=$(redis-cli -p "$NODE_PORT" $(probe_command "$test") 2>&1 || true)
    if [[ $test == lrange_100 && $reply != *"unknown command"* ]]; then
        reply=$(redis-cli -p "$NODE_PORT" LRANGE __probe:l 0 99 2>&1 || true)
    fi
    [[ $reply != *"unknown command"* ]]
}

# One redis-benchmark run; appends "server,pipeline,test,rps,p99" rows to $WORK/runs.csv.
run_benchmark() {
    local server=$1 port=$2 pipeline=$3 tests=$4
    local out="$WORK/out.csv"
    if ! timeout 600 redis-benchmark -h 127.0.0.1 -p "$port" -t "$tests" -n "$REQUESTS" -c "$CLIENTS" \
            -P "$pipeline" --csv >"$out" 2>"$WORK/bench.err"; then
        log "redis-benchmark against $server (P=$pipeline) failed: $(tail -1 "$WORK/bench.err")"
    fi
    # Rows look like "SET","123.4",...,"p99",...; the LPUSH run that only prepares LRANGE is skipped.
    awk -F'","' -v s="$server" -v p="$pipeline" 'NR > 1 && !/needed to benchmark/ {
        gsub(/"/, "", $1); split($1, name, " "); print s "," p "," tolower(name[1]) "," $2 "," $7 }' \
        "$out" >>"$WORK/runs.csv"
}

median() {
    sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print ""; else if (NR % 2) print v[(NR + 1) / 2];
        else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

stat_of() {
    local server=$1 pipeline=$2 test=$3 column=$4
    awk -F, -v s="$server" -v p="$pipeline" -v t="$test" -v c="$column" \
        '$1 == s && $2 == p && $3 == t { print $c }' "$WORK/runs.csv" | median
}

throughput() {
    local node_tests=() unsupported=()
    IFS=, read -r -a all_tests <<<"$TESTS"
    for t in "${all_tests[@]}"; do
        if supported_on_node "$t"; then node_tests+=("$t"); else unsupported+=("$t"); fi
    done
    redis-cli -p "$NODE_PORT" DEL __probe __probe:n __probe:l __probe:s __probe:h __probe:z __probe:a __probe:b >/dev/null 2>&1 || true
    local node_list
    node_list=$(IFS=,; echo "${node_tests[*]}")
    if [[ -n $node_list ]]; then
        # The first run only warms up the JIT; its numbers are discarded.
        log "warming up the data node"
        run_benchmark warmup "$NODE_PORT" 16 "$node_list"
    fi
    : >"$WORK/runs.csv"
    for pair in $(seq 1 "$PAIRS"); do
        for p in $PIPELINES; do
            log "pair $pair/$PAIRS, pipeline $p: redis-server"
            run_benchmark redis "$REDIS_PORT" "$p" "$TESTS"
            if [[ -n $node_list ]]; then
                log "pair $pair/$PAIRS, pipeline $p: data node"
                run_benchmark datanode "$NODE_PORT" "$p" "$node_list"
            fi
        done
    done
    printf '\n%-12s %3s %12s %12s %8s %10s %10s %8s\n' test P redis_rps node_rps ratio redis_p99 node_p99 p99_ratio
    for p in $PIPELINES; do
        for t in "${all_tests[@]}"; do
            local r_rps r_p99 n_rps n_p99
            r_rps=$(stat_of redis "$p" "$t" 4)
            r_p99=$(stat_of redis "$p" "$t" 5)
            if [[ " ${unsupported[*]-} " == *" $t "* ]]; then
                awk -v t="$t" -v p="$p" -v rr="$r_rps" -v rl="$r_p99" 'BEGIN {
                    printf "%-12s %3s %12.0f %12s %8s %10.3f %10s %8s\n", t, p, rr, "unsupported", "-", rl, "-", "-" }'
                continue
            fi
            n_rps=$(stat_of datanode "$p" "$t" 4)
            n_p99=$(stat_of datanode "$p" "$t" 5)
            awk -v t="$t" -v p="$p" -v rr="$r_rps" -v nr="$n_rps" -v rl="$r_p99" -v nl="$n_p99" 'BEGIN {
                printf "%-12s %3s %12.0f %12.0f %8.2f %10.3f %10.3f %8.2f\n", t, p, rr, nr,
                    (rr > 0 ? nr / rr : 0), rl, nl, (rl > 0 ? nl / rl : 0) }'
        done
    done
}

rss_kb() {
    awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"
}

# RESP SET commands for keys key:0000000.. with 100-byte values, for redis-cli --pipe.
generate_load() {
    awk -v n="$MEM_KEYS" 'BEGIN {
        v = sprintf("%0100d", 0); ORS = ""
        for (i = 0; i < n; i++) {
            k = sprintf("key:%07d", i)
            print "*3\r\n$3\r\nSET\r\n$" length(k) "\r\n" k "\r\n$100\r\n" v "\r\n"
        }
    }' >"$WORK/load.resp"
}

memory() {
    stop_servers
    start_servers
    generate_load
    local r0 n0 r1 n1
    r0=$(rss_kb "$REDIS_PID")
    n0=$(rss_kb "$NODE_PID")
    log "loading $MEM_KEYS keys into redis-server"
    redis-cli -p "$REDIS_PORT" --pipe <"$WORK/load.resp" >/dev/null
    log "loading $MEM_KEYS keys into the data node"
    redis-cli -p "$NODE_PORT" --pipe <"$WORK/load.resp" >/dev/null
    r1=$(rss_kb "$REDIS_PID")
    n1=$(rss_kb "$NODE_PID")
    local live=""
    if command -v jcmd >/dev/null; then
        # A class histogram forces a full collection and totals the live objects.
        live=$(jcmd "$NODE_PID" GC.class_histogram 2>/dev/null | awk '/^Total/ { print $3 }')
    fi
    printf '\nmemory, %s keys with 100-byte values (dbsize redis=%s datanode=%s)\n' "$MEM_KEYS" \
        "$(redis-cli -p "$REDIS_PORT" DBSIZE)" "$(redis-cli -p "$NODE_PORT" DBSIZE)"
    printf '%-10s %12s %12s %12s %14s\n' server rss_before_mb rss_after_mb delta_mb bytes_per_key
    awk -v a="$r0" -v b="$r1" -v n="$MEM_KEYS" 'BEGIN {
        printf "%-10s %12.1f %12.1f %12.1f %14.0f\n", "redis", a / 1024, b / 1024, (b - a) / 1024, (b - a) * 1024 / n }'
    awk -v a="$n0" -v b="$n1" -v n="$MEM_KEYS" 'BEGIN {
        printf "%-10s %12.1f %12.1f %12.1f %14.0f\n", "datanode", a / 1024, b / 1024, (b - a) / 1024, (b - a) * 1024 / n }'
    if [[ -n $live ]]; then
        awk -v l="$live" -v n="$MEM_KEYS" 'BEGIN {
            printf "datanode live heap after full GC: %.1f MB (%.0f bytes/key including the empty server)\n",
                l / 1048576, l / n }'
    fi
}

main() {
    command -v redis-server >/dev/null && command -v redis-benchmark >/dev/null || {
        log "redis-server and redis-benchmark are required"; exit 1; }
    build_jar
    log "JVM_OPTS=$JVM_OPTS"
    start_servers
    throughput
    if [[ $SKIP_MEMORY != yes ]]; then
        memory
    fi
}

main "$@"
