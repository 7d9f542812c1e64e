#!/usr/bin/env bash
# Cluster benchmark, redis-server 7.0 and the data node side by side (issue 4's targets).
#
# For each server kind, RUNS times: start 6 nodes on their own loopback addresses (ports 6379/16379, as
# pods), `redis-cli --cluster create --cluster-replicas 1` and time until every node reports
# cluster_state:ok; load KEYS keys; wait for the replicas to be in sync; kill -9 the master of slot 0 and
# time until another node serves slot 0 and every surviving node is ok again; add a seventh node and time
# `redis-cli --cluster rebalance --cluster-use-empty-masters`; read every key back (zero missing, zero
# wrong). Prints the median of each timing per kind.
#
# Environment (defaults in brackets): RUNS [3]  KEYS [200000]  NODE_TIMEOUT [5000]  KINDS ["redis datanode"]
#   JVM_OPTS [README's flags with a 1 GB heap]  REDIS_PREFIX [127.0.5]  NODE_PREFIX [127.0.6] (the /24 each
#   kind's nodes use, so two runs can share the machine)  JAR [datanode/target/datanode.jar]
#   REBALANCE [1] (0 skips the add-node/rebalance step)
#   SETTLE [3] (seconds between all nodes answering and the create, so both kinds start it alike)
#   AOT [no] (yes: first record a JDK 25 AOT cache with datanode/src/main/aot/train.sh, for JAR with JVM_OPTS, and
#   run the data nodes with it, as the container image does; needs JAVA to be a JDK 25)
#   PROBE [0] (seconds: with PROBE>0, bench/failover_probe.py holds one connection per survivor from just before
#   the kill and prints when each answered ok again and its longest request latencies)
# After each failover, bench/cluster_phases.py prints from the survivors' logs when FAIL and the election came
# and when each survivor logged cluster_state:ok, in ms after the kill.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=${JAR:-"$ROOT/datanode/target/datanode.jar"}
RUNS=${RUNS:-3}
KEYS=${KEYS:-200000}
NODE_TIMEOUT=${NODE_TIMEOUT:-5000}
KINDS=${KINDS:-"redis datanode"}
JVM_OPTS=${JVM_OPTS:-"-XX:+UseSerialGC -Xms1g -Xmx1g -Xmn16m -XX:TrimNativeHeapInterval=1000 -Dio.netty.leakDetection.level=disabled -Dio.netty.allocator.maxOrder=7"}
REDIS_PREFIX=${REDIS_PREFIX:-127.0.5}
NODE_PREFIX=${NODE_PREFIX:-127.0.6}
REBALANCE=${REBALANCE:-1}
SETTLE=${SETTLE:-3}
PROBE=${PROBE:-0}
AOT=${AOT:-no}
WORK=$(mktemp -d /tmp/keyslot-cluster-bench.XXXXXX)
declare -A PIDS=()

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
now_ms() { date +%s%3N; }

cleanup() {
    for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT

prefix() { [ "$1" = redis ] && echo "$REDIS_PREFIX" || echo "$NODE_PREFIX"; }

start_node() {
    local kind=$1 ip=$2 dir="$WORK/$1-$2"
    mkdir -p "$dir"
    local args=(--bind "$ip" --port 6379 --cluster-enabled yes --cluster-node-timeout "$NODE_TIMEOUT"
        --bind-source-addr "$ip" --protected-mode no --save "" --appendonly no --dir "$dir" --logfile "$dir/log")
    if [ "$kind" = redis ]; then
        redis-server "${args[@]}" &
    else
        # shellcheck disable=SC2086
        "${JAVA:-java}" $JVM_OPTS -jar "$JAR" "${args[@]}" &
    fi
    PIDS[$ip]=$!
}

await() {
    local what=$1 limit=$2; shift 2
    local deadline=$(( $(now_ms) + limit * 1000 ))
    until "$@" >/dev/null 2>&1; do
        if [ "$(now_ms)" -gt "$deadline" ]; then log "timed out: $what"; return 1; fi
        sleep 0.05
    done
}

all_ok() { for ip in "$@"; do redis-cli -h "$ip" cluster info 2>/dev/null | grep -q cluster_state:ok || return 1; done; }
knows() { local id=$1; shift; for ip in "$@"; do redis-cli -h "$ip" cluster nodes 2>/dev/null | grep -q "^$id " || return 1; done; }
answers() { [ "$(redis-cli -h "$1" ping 2>/dev/null)" = PONG ]; }
# utime+stime of the given processes and all their threads, in clock ticks.
cpu_ticks() { local total=0 pid; for pid in "$@"; do total=$(( total + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0) )); done; echo "$total"; }
slot0_owner() { redis-cli -h "$1" cluster slots | awk 'NR==1{start=$1} NR==3 && start==0 {print; exit}'; }
slot0_moved() { local owner; owner=$(slot0_owner "$1"); [ -n "$owner" ] && [ "$owner" != "$2" ]; }

replicas_in_sync() {
    for ip in "$@"; do
        local info; info=$(redis-cli -h "$ip" info replication | tr -d '\r')
        grep -q role:slave <<<"$info" || continue
        grep -q master_link_status:up <<<"$info" || return 1
        local master_host offset master_offset
        master_host=$(sed -n 's/^master_host://p' <<<"$info")
        offset=$(sed -n 's/^slave_repl_offset://p' <<<"$info")
        master_offset=$(redis-cli -h "$master_host" info replication | tr -d '\r' | sed -n 's/^master_repl_offset://p')
        [ "$offset" = "$master_offset" ] || return 1
    done
}

# "master=DBSIZE/replica=DBSIZE" for every replica and its master: a replica that diverged shows before the kill.
pair_sizes() {
    for ip in "$@"; do
        local info; info=$(redis-cli -h "$ip" info replication | tr -d '\r')
        grep -q role:slave <<<"$info" || continue
        local master_host; master_host=$(sed -n 's/^master_host://p' <<<"$info")
        printf '%s=%s/%s=%s ' "$master_host" "$(redis-cli -h "$master_host" dbsize)" "$ip" "$(redis-cli -h "$ip" dbsize)"
    done
}

# The masters (address, node id) one node sees: another failover than the script's own shows as a change.
masters() { redis-cli -h "$1" cluster nodes | awk '$3 ~ /master/ && $3 !~ /fail/ {print $1 "@" $2}' | sort | tr '\n' ' '; }

run_once() {
    local kind=$1 p; p=$(prefix "$kind")
    local ips=("$p.1" "$p.2" "$p.3" "$p.4" "$p.5" "$p.6")
    for ip in "${ips[@]}"; do start_node "$kind" "$ip"; done
    for ip in "${ips[@]}"; do await "$ip up" 120 answers "$ip"; done
    # Both kinds past the 2 s after which a master that has never seen a majority waits the rejoin delay
    # (node timeout, at most 5 s) before turning ok; six JVMs take that long to start, six redis-servers do not.
    sleep "$SETTLE"

    local t0; t0=$(now_ms)
    redis-cli --cluster create "${ips[@]/%/:6379}" --cluster-replicas 1 --cluster-yes >"$WORK/create.log"
    await "cluster ok" 120 all_ok "${ips[@]}"
    local create=$(( $(now_ms) - t0 ))

    local masters_before; masters_before=$(masters "${ips[0]}")
    python3 "$ROOT/bench/cluster_keys.py" load "${ips[0]}" 6379 "$KEYS"
    await "replicas in sync" 120 replicas_in_sync "${ips[@]}"
    # A live master failed over during the load (starved past node-timeout) loses the writes it acknowledged
    # until it learned of its replica's promotion: Redis Cluster's asynchronous replication allows that.
    local masters_after; masters_after=$(masters "${ips[0]}")
    [ "$masters_before" = "$masters_after" ] || log "$kind masters changed during the load: $masters_before-> $masters_after"
    log "$kind dbsize master/replica in sync: $(pair_sizes "${ips[@]}")"

    local victim; victim=$(slot0_owner "${ips[0]}")
    local victim_id; victim_id=$(redis-cli -h "$victim" cluster myid)
    local survivors=(); for ip in "${ips[@]}"; do [ "$ip" != "$victim" ] && survivors+=("$ip"); done
    local probe_pid=
    if [ "$PROBE" != 0 ]; then
        python3 "$ROOT/bench/failover_probe.py" run "$PROBE" "$WORK/probe.samples" "${survivors[@]}" >"$WORK/probe.ready" &
        probe_pid=$!
        await "probe connected" 30 grep -q ready "$WORK/probe.ready"
    fi
    t0=$(now_ms)
    kill -9 "${PIDS[$victim]}"
    unset "PIDS[$victim]"
    await "slot 0 served again" 120 slot0_moved "${survivors[0]}" "$victim"
    await "cluster ok after failover" 120 all_ok "${survivors[@]}"
    local failover=$(( $(now_ms) - t0 ))
    log "$kind dbsize after the failover: $(for ip in "${survivors[@]}"; do printf '%s=%s ' "$ip" "$(redis-cli -h "$ip" dbsize)"; done)"
    local logs=(); for ip in "${survivors[@]}"; do logs+=("$WORK/$kind-$ip/log"); done
    log "$kind failover phases (ms after kill): $(python3 "$ROOT/bench/cluster_phases.py" "$t0" "$victim_id" "${logs[@]}")"
    if [ -n "$probe_pid" ]; then
        wait "$probe_pid"
        log "$kind failover as clients saw it (ms after kill):"
        python3 "$ROOT/bench/failover_probe.py" summary "$t0" "$victim" "$WORK/probe.samples" >&2
    fi

    local rebalance=-
    if [ "$REBALANCE" = 1 ]; then
        local extra="$p.7"
        start_node "$kind" "$extra"
        await "$extra up" 120 answers "$extra"
        redis-cli --cluster add-node "$extra:6379" "${survivors[0]}:6379" >"$WORK/add.log"
        # rebalance fails (ERR Unknown node) on a node that has not heard of the new one yet.
        local extra_id; extra_id=$(redis-cli -h "$extra" cluster myid)
        await "new node known" 60 knows "$extra_id" "${survivors[@]}"
        await "cluster ok with the new node" 60 all_ok "${survivors[@]}" "$extra"
        local ticks0; ticks0=$(cpu_ticks "${PIDS[@]}")
        t0=$(now_ms)
        redis-cli --cluster rebalance "${survivors[0]}:6379" --cluster-use-empty-masters >"$WORK/rebalance.log"
        rebalance=$(( $(now_ms) - t0 ))
        log "$kind rebalance: $(( rebalance / 1000 )) s wall, servers' CPU $(( ($(cpu_ticks "${PIDS[@]}") - ticks0) * 1000 / $(getconf CLK_TCK) )) ms"
    fi

    local verify; verify=$(python3 "$ROOT/bench/cluster_keys.py" verify "${survivors[0]}" 6379 "$KEYS" || true)
    echo "$kind $create $failover $rebalance $verify"
    if [ "$verify" != "missing=0 wrong=0" ]; then
        local kept; kept=$(mktemp -d /tmp/keyslot-cluster-loss.XXXXXX)
        for dir in "$WORK"/"$kind"-*; do cp "$dir/log" "$kept/$(basename "$dir").log" 2>/dev/null || true; done
        log "$kind lost keys: node logs kept in $kept"
    fi
    for ip in "${!PIDS[@]}"; do kill -9 "${PIDS[$ip]}" 2>/dev/null || true; wait "${PIDS[$ip]}" 2>/dev/null || true; done
    PIDS=()
    rm -rf "$WORK"/"$kind"-*
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

command -v redis-server >/dev/null && command -v redis-cli >/dev/null || { log "needs redis-server and redis-cli"; exit 1; }
[ -f "$JAR" ] || { log "build the data node first: ./mvnw -q -pl datanode -am package -DskipTests"; exit 1; }

: >"$WORK/results"
if [ "$AOT" = yes ] && [[ " $KINDS " == *" datanode "* ]]; then
    log "recording an AOT cache for the data nodes"
    # shellcheck disable=SC2086
    JAVA="${JAVA:-java}" sh "$ROOT/datanode/src/main/aot/train.sh" "$JAR" "$WORK/datanode.aot" $JVM_OPTS >"$WORK/aot-training.log" 2>&1 \
        || { log "AOT training failed: $(tail -5 "$WORK/aot-training.log")"; exit 1; }
    JVM_OPTS="$JVM_OPTS -XX:AOTCache=$WORK/datanode.aot"
fi

for run in $(seq 1 "$RUNS"); do
    for kind in $KINDS; do
        log "run $run: $kind"
        run_once "$kind" | tee -a "$WORK/results"
    done
done

printf '\n%-9s %14s %14s %14s  %s\n' kind create_ms failover_ms rebalance_ms "keys (last run)"
for kind in $KINDS; do
    grep "^$kind " "$WORK/results" >"$WORK/$kind.rows" || continue
    printf '%-9s %14s %14s %14s  %s\n' "$kind" \
        "$(awk '{print $2}' "$WORK/$kind.rows" | median)" \
        "$(awk '{print $3}' "$WORK/$kind.rows" | median)" \
        "$(awk '{print $4}' "$WORK/$kind.rows" | median)" \
        "$(tail -1 "$WORK/$kind.rows" | cut -d' ' -f5-)"
done
