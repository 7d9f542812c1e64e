#!/usr/bin/env bash
# Side-by-side throughput, latency, CPU and memory comparison of the data node against redis-server 7.0.
#
# Starts both servers on loopback, runs redis-benchmark against each in alternation (PAIRS rounds, so
# background load on a shared machine hits both alike) and prints, per test and pipeline depth, the median
# requests/s of each server, the ratio datanode/redis, the ratio of median p99 latencies, and the server
# process's CPU time per request (utime+stime of all its threads from /proc/<pid>/stat around the run,
# divided by the requests). Throughput on a shared machine follows the load; CPU per request hardly does,
# so it is the column to compare when other work is running. Every test is its own redis-benchmark run
# so that its CPU time can be told apart. Tests the data node does not implement yet are reported as
# "unsupported". Then loads MEM_KEYS keys with 100-byte values into fresh instances through
# redis-cli --pipe and compares the processes' resident memory.
#
# Besides redis-benchmark's own tests (set ... mset, lrange_100 .. lrange_600), xadd, eval and fcall are sent
# as explicit commands: XADD to one stream, an EVAL script that SETs its key, and FCALL of a function (loaded
# into both servers first) with the same body.
#
# Environment (defaults in brackets):
#   PAIRS [5]  REQUESTS [100000]  CLIENTS [50]  PIPELINES ["1 16"]  MEM_KEYS [1000000]
#   PIPELINED_REQUESTS [10 x REQUESTS]: requests of a pipelined run (-P > 1) of every test but lrange_*. At
#     700k+ requests/s, 100k requests last ~0.14 s and one young collection moves the ratio by 10-25 %
#     (bench/RESULTS.md, 2026-11-28 "-P 16 runs of 100k requests").
#   TESTS [set,get,incr,lpush,rpush,lpop,rpop,sadd,hset,spop,zadd,zpopmin,lrange_100,lrange_300,
#          lrange_500,lrange_600,mset,xadd,eval,fcall]
#   REDIS_PORT [7379]  NODE_PORT [7380]  JVM_OPTS [see below]  SKIP_MEMORY [no]
#   JAVA [java]: the JVM the data node runs on (the container image runs JDK 25 with -XX:+UseCompactObjectHeaders)
#   JAR [datanode/target/datanode.jar, built when missing]: another build to compare, e.g. main's
#
# JVM flags. The data node is one command thread plus Netty's I/O, allocating short-lived request and
# reply buffers at a high rate, with a long-lived dataset. Serial GC: the young generation is small and fixed,
# so one collector thread finishes a young collection about as soon as two would on a 2-core box, without
# Parallel GC's per-thread promotion buffers and task queues (RSS with 1M keys ~13 MB lower, throughput, p99
# and CPU per request the same within noise: bench/RESULTS.md, 2026-11-28 18:00); G1's remembered sets and
# concurrent threads compete with the command thread for the same cores, and ZGC on JDK 17 is not
# generational and collects the whole dataset every cycle. A fixed heap (-Xms = -Xmx) avoids resize pauses;
# AlwaysPreTouch is left off: it makes RSS equal to the whole heap from the start, which would hide the dataset's real footprint in
# the memory comparison and cost start-up time, while only shaving first-touch page faults (measured as
# within noise here, see bench/RESULTS.md). A small fixed young generation (-Xmn16m) keeps the eden that
# request garbage sweeps through from inflating RSS: all of it is resident after the first collection;
# 16 MB instead of 32 took ~8 MB off RSS. 8 MB took another ~3-8 MB off, but its collections, every ~40 ms
# under -P 16, set the p99 of LPUSH, RPUSH, HSET, SADD and ZADD at 2-4x Redis's (bench/RESULTS.md, 2026-11-26
# "Memory" and ninth-session sections). TrimNativeHeapInterval returns the C heap that the
# JIT compilers and start-up free back to the OS once a second (~6 MB of RSS; glibc keeps it otherwise).
# The image and README use the same flags (README.md, "Performance"). Netty's leak detection samples
# every buffer allocation, and the data node allocates a read and a reply buffer per request: it is off
# here as in production (README.md). io.netty.allocator.maxOrder=7 makes Netty's pooled chunks 1 MB instead
# of 4: the one arena the command thread uses holds a chunk from its first request on (NMT "Other" 4.1 ->
# 1.0 MB, RSS with 1M keys -3.7 MB in medians of 5 runs); only buffers over 1 MB go unpooled.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=${JAR:-"$ROOT/datanode/target/datanode.jar"}
PAIRS=${PAIRS:-5}
REQUESTS=${REQUESTS:-100000}
PIPELINED_REQUESTS=${PIPELINED_REQUESTS:-$((REQUESTS * 10))}
CLIENTS=${CLIENTS:-50}
PIPELINES=${PIPELINES:-"1 16"}
MEM_KEYS=${MEM_KEYS:-1000000}
TESTS=${TESTS:-set,get,incr,lpush,rpush,lpop,rpop,sadd,hset,spop,zadd,zpopmin,lrange_100,lrange_300,lrange_500,lrange_600,mset,xadd,eval,fcall}
REDIS_PORT=${REDIS_PORT:-7379}
NODE_PORT=${NODE_PORT:-7380}
JVM_OPTS=${JVM_OPTS:-"-XX:+UseSerialGC -Xms2g -Xmx2g -Xmn16m -XX:TrimNativeHeapInterval=1000 -XX:+UseCompressedOops -Dio.netty.leakDetection.level=disabled -Dio.netty.allocator.maxOrder=7"}
SKIP_MEMORY=${SKIP_MEMORY:-no}
CLK_TCK=$(getconf CLK_TCK)
WORK=$(mktemp -d /tmp/keyslot-bench.XXXXXX)
REDIS_PID=""
NODE_PID=""
# shellcheck source=servers.sh
source "$ROOT/bench/servers.sh"

build_jar() {
    if [[ ! -f "$JAR" ]]; then
        log "building $JAR"
        (cd "$ROOT" && ./mvnw -q -pl datanode -am package -DskipTests)
    fi
}

start_servers() {
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
        --logfile "$WORK/redis.log" &
    REDIS_PID=$!
    await_port "$REDIS_PORT" "$REDIS_PID" || { log "redis-server did not start"; exit 1; }
    # shellcheck disable=SC2086
    "${JAVA:-java}" $JVM_OPTS -jar "$JAR" --port "$NODE_PORT" --bind 127.0.0.1 --save '' >"$WORK/node.log" 2>&1 &
    NODE_PID=$!
    if ! await_port "$NODE_PORT" "$NODE_PID"; then
        # A data node without persistence does not know the save directive yet.
        wait "$NODE_PID" 2>/dev/null || true
        # shellcheck disable=SC2086
        "${JAVA:-java}" $JVM_OPTS -jar "$JAR" --port "$NODE_PORT" --bind 127.0.0.1 >"$WORK/node.log" 2>&1 &
        NODE_PID=$!
        await_port "$NODE_PORT" "$NODE_PID" || { log "data node did not start"; cat "$WORK/node.log" >&2; exit 1; }
    fi
}

EVAL_SCRIPT="return redis.call('SET', KEYS[1], ARGV[1])"
FUNCTION_LIBRARY="#!lua name=keyslotbench
redis.register_function('keyslotbench_set', function(keys, args) return redis.call('SET', keys[1], args[1]) end)"

load_function() {
    redis-cli -p "$1" FUNCTION LOAD REPLACE "$FUNCTION_LIBRARY" >/dev/null 2>&1 || true
}

# The request each test sends, as separate words (the EVAL script is one word).
test_command() {
    case $1 in
        set) words=(SET __probe v) ;;
        get) words=(GET __probe) ;;
        incr) words=(INCR __probe:n) ;;
        lpush) words=(LPUSH __probe:l v) ;;
        rpush) words=(RPUSH __probe:l v) ;;
        lpop) words=(LPOP __probe:l) ;;
        rpop) words=(RPOP __probe:l) ;;
        sadd) words=(SADD __probe:s v) ;;
        spop) words=(SPOP __probe:s) ;;
        hset) words=(HSET __probe:h f v) ;;
        zadd) words=(ZADD __probe:z 1 m) ;;
        zpopmin) words=(ZPOPMIN __probe:z) ;;
        mset) words=(MSET __probe:a v __probe:b v) ;;
        lrange_*) words=(LRANGE __probe:l 0 $((${1#lrange_} - 1))) ;;
        xadd) words=(XADD __probe:x '*' field v) ;;
        eval) words=(EVAL "$EVAL_SCRIPT" 1 __probe v) ;;
        fcall) words=(FCALL keyslotbench_set 1 __probe v) ;;
        *) words=(PING) ;;
    esac
}

supported_on_node() {
    local words reply
    test_command "$1"
    reply=$(redis-cli -p "$NODE_PORT" "${words[@]}" 2>&1 || true)
    [[ $reply != *"unknown command"* ]]
}

# redis-benchmark's arguments for one test: its own test name, or an explicit command for those it lacks.
benchmark_args() {
    case $1 in
        xadd) bench_args=(XADD mystream '*' myfield xxx) ;;
        eval) bench_args=(EVAL "$EVAL_SCRIPT" 1 'key:__rand_int__' xxx) ;;
        fcall) bench_args=(FCALL keyslotbench_set 1 'key:__rand_int__' xxx) ;;
        lrange_*) bench_args=(LRANGE mylist 0 $((${1#lrange_} - 1))) ;;
        *) bench_args=(-t "$1") ;;
    esac
}

# LRANGE tests read mylist; redis-benchmark's own lrange tests would first push REQUESTS elements in the
# same run, which would count in that run's CPU time, so the list is filled beforehand instead.
prepare_test() {
    local port=$1 test=$2
    if [[ $test == lrange_* ]]; then
        redis-cli -p "$port" DEL mylist >/dev/null
        # shellcheck disable=SC2046
        redis-cli -p "$port" RPUSH mylist $(printf 'xxx %.0s' $(seq 1 600)) >/dev/null
    fi
}

# Clock ticks of CPU (user + system, all threads) the process has used.
cpu_ticks() {
    awk '{ print $14 + $15 }' "/proc/$1/stat"
}

# One redis-benchmark run of one test; appends "server,pipeline,test,rps,p99,cpu_us_per_request" to
# $WORK/runs.csv.
run_benchmark() {
    local server=$1 port=$2 pid=$3 pipeline=$4 test=$5
    local out="$WORK/out.csv" bench_args before after requests=$REQUESTS
    if [[ $pipeline -gt 1 && $test != lrange_* ]]; then
        requests=$PIPELINED_REQUESTS
    fi
    benchmark_args "$test"
    prepare_test "$port" "$test"
    before=$(cpu_ticks "$pid")
    if ! timeout 600 redis-benchmark -h 127.0.0.1 -p "$port" -n "$requests" -c "$CLIENTS" -P "$pipeline" \
            --csv "${bench_args[@]}" >"$out" 2>"$WORK/bench.err"; then
        log "redis-benchmark $test against $server (P=$pipeline) failed: $(tail -1 "$WORK/bench.err")"
        return
    fi
    after=$(cpu_ticks "$pid")
    # The header, then one row: "NAME","rps","avg","min","p50","p95","p99","max".
    awk -F'","' -v s="$server" -v p="$pipeline" -v t="$test" -v cpu=$((after - before)) -v hz="$CLK_TCK" \
        -v n="$requests" 'NR == 2 { print s "," p "," t "," $2 "," $7 "," cpu * 1000000 / hz / n }' \
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
    load_function "$REDIS_PORT"
    load_function "$NODE_PORT"
    for t in "${all_tests[@]}"; do
        if supported_on_node "$t"; then node_tests+=("$t"); else unsupported+=("$t"); fi
    done
    redis-cli -p "$NODE_PORT" DEL __probe __probe:n __probe:l __probe:s __probe:h __probe:z __probe:a __probe:b \
        __probe:x >/dev/null 2>&1 || true
    # The first runs only warm up the JIT; their numbers are discarded. Every pipeline depth is warmed: one
    # request per read takes other paths than sixteen, and a P=1 run after a P=16-only warm-up spent ~5 us
    # per request in the C2 compiler threads (bench/RESULTS.md, 2026-11-26 "P=1 CPU per request").
    log "warming up the data node"
    for p in $PIPELINES; do
        for t in "${node_tests[@]}"; do
            run_benchmark warmup "$NODE_PORT" "$NODE_PID" "$p" "$t"
        done
    done
    : >"$WORK/runs.csv"
    for pair in $(seq 1 "$PAIRS"); do
        for p in $PIPELINES; do
            log "pair $pair/$PAIRS, pipeline $p: redis-server"
            for t in "${all_tests[@]}"; do
                run_benchmark redis "$REDIS_PORT" "$REDIS_PID" "$p" "$t"
            done
            log "pair $pair/$PAIRS, pipeline $p: data node"
            for t in "${node_tests[@]}"; do
                run_benchmark datanode "$NODE_PORT" "$NODE_PID" "$p" "$t"
            done
        done
    done
    printf '\nload average at the end: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
    printf '%-12s %3s %10s %10s %6s %9s %9s %6s %9s %9s %6s\n' test P redis_rps node_rps ratio \
        redis_p99 node_p99 ratio redis_cpu node_cpu ratio
    for p in $PIPELINES; do
        for t in "${all_tests[@]}"; do
            local r_rps r_p99 r_cpu n_rps n_p99 n_cpu
            r_rps=$(stat_of redis "$p" "$t" 4)
            r_p99=$(stat_of redis "$p" "$t" 5)
            r_cpu=$(stat_of redis "$p" "$t" 6)
            if [[ " ${unsupported[*]-} " == *" $t "* ]]; then
                awk -v t="$t" -v p="$p" -v rr="$r_rps" -v rl="$r_p99" -v rc="$r_cpu" 'BEGIN {
                    printf "%-12s %3s %10.0f %10s %6s %9.3f %9s %6s %9.2f %9s %6s\n", t, p, rr, "unsupported",
                        "-", rl, "-", "-", rc, "-", "-" }'
                continue
            fi
            n_rps=$(stat_of datanode "$p" "$t" 4)
            n_p99=$(stat_of datanode "$p" "$t" 5)
            n_cpu=$(stat_of datanode "$p" "$t" 6)
            awk -v t="$t" -v p="$p" -v rr="$r_rps" -v nr="$n_rps" -v rl="$r_p99" -v nl="$n_p99" \
                -v rc="$r_cpu" -v nc="$n_cpu" 'BEGIN {
                printf "%-12s %3s %10.0f %10.0f %6.2f %9.3f %9.3f %6.2f %9.2f %9.2f %6.2f\n", t, p, rr, nr,
                    (rr > 0 ? nr / rr : 0), rl, nl, (rl > 0 ? nl / rl : 0), rc, nc, (rc > 0 ? nc / rc : 0) }'
        done
    done
    echo "(p99 in ms; cpu = server CPU time per request in microseconds)"
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
