#!/usr/bin/env bash
# Times redis-cli --cluster rebalance's per-slot round trips, redis-server 7.0 and the data node side by side.
#
# Starts a 4-master cluster of each kind (no replicas), loads KEYS keys, then bench/rebalance_replay.py moves
# SLOTS slots from the first master to the second on both clusters in turns of CHUNK slots, as redis-cli does
# (SETSLOT IMPORTING/MIGRATING, GETKEYSINSLOT 10, MIGRATE ... KEYS, SETSLOT NODE on every master), and prints
# per step the median, p90, p99 and mean round trip and the wall time per slot, and the nodes' CPU time and
# context switches per slot by thread.
#
# Environment (defaults in brackets): WARMUP [1000] (slots moved untimed first)  SLOTS [1000]  CHUNK [50]  KEYS [200000]  NODE_TIMEOUT [5000]
#   KINDS ["redis datanode"]  REDIS_PREFIX [127.0.5]  NODE_PREFIX [127.0.6]  PORT [6379]  JAR [datanode/target/datanode.jar]
#   JAR2, NODE2_PREFIX [127.0.7] (with KINDS="redis datanode datanode2": a second data node build beside the first)
#   JVM_OPTS [README's flags with a 1 GB heap]  STRACE [unset: with a syscall list, e.g. fsync,openat, each
#   node is traced with strace -f -c -e STRACE during the replay and the counts are printed at the end]
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=${JAR:-"$ROOT/datanode/target/datanode.jar"}
WARMUP=${WARMUP:-1000}
SLOTS=${SLOTS:-1000}
CHUNK=${CHUNK:-50}
KEYS=${KEYS:-200000}
NODE_TIMEOUT=${NODE_TIMEOUT:-5000}
REDIS_PREFIX=${REDIS_PREFIX:-127.0.5}
NODE_PREFIX=${NODE_PREFIX:-127.0.6}
NODE2_PREFIX=${NODE2_PREFIX:-127.0.7}
JAR2=${JAR2:-$JAR}
PORT=${PORT:-6379}
JVM_OPTS=${JVM_OPTS:-"-XX:+UseSerialGC -Xms1g -Xmx1g -Xmn16m -XX:TrimNativeHeapInterval=1000 -Dio.netty.leakDetection.level=disabled -Dio.netty.allocator.maxOrder=7"}
STRACE=${STRACE:-}
KINDS=${KINDS:-"redis datanode"}
WORK=$(mktemp -d /tmp/keyslot-rebalance-replay.XXXXXX)
PIDS=()

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    # A few seconds for JVMs to exit by themselves (a JFR recording asked for in JVM_OPTS is then written).
    for _ in $(seq 50); do kill -0 "${PIDS[@]}" 2>/dev/null || break; sleep 0.1; done
    for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT

start_node() {
    local kind=$1 ip=$2 dir="$WORK/$1-$2"
    mkdir -p "$dir"
    local args=(--bind "$ip" --port "$PORT" --cluster-enabled yes --cluster-node-timeout "$NODE_TIMEOUT"
        --bind-source-addr "$ip" --protected-mode no --save "" --appendonly no --dir "$dir" --logfile "$dir/log")
    if [ "$kind" = redis ]; then
        redis-server "${args[@]}" &
    else
        # shellcheck disable=SC2086
        "${JAVA:-java}" $JVM_OPTS -jar "$([ "$kind" = datanode2 ] && echo "$JAR2" || echo "$JAR")" "${args[@]}" &
    fi
    PIDS+=($!)
}

all_ok() { for a in "$@"; do redis-cli -h "${a%:*}" -p "${a#*:}" cluster info 2>/dev/null | grep -q cluster_state:ok || return 1; done; }
await() {
    local what=$1 limit=$2; shift 2
    local deadline=$(( $(date +%s) + limit ))
    until "$@" >/dev/null 2>&1; do
        [ "$(date +%s)" -le "$deadline" ] || { log "timed out: $what"; return 1; }
        sleep 0.1
    done
}

specs=()
for kind in $KINDS; do
    case $kind in redis) p=$REDIS_PREFIX ;; datanode) p=$NODE_PREFIX ;; *) p=$NODE2_PREFIX ;; esac
    addrs=("$p.1:$PORT" "$p.2:$PORT" "$p.3:$PORT" "$p.4:$PORT")
    for a in "${addrs[@]}"; do start_node "$kind" "${a%:*}"; done
    for a in "${addrs[@]}"; do await "$a up" 120 redis-cli -h "${a%:*}" -p "$PORT" ping; done
    redis-cli --cluster create "${addrs[@]}" --cluster-replicas 0 --cluster-yes >"$WORK/create-$kind.log"
    await "$kind cluster ok" 120 all_ok "${addrs[@]}"
    python3 "$ROOT/bench/cluster_keys.py" load "$p.1" "$PORT" "$KEYS"
    specs+=("$kind=$(IFS=,; echo "${addrs[*]}")/$(IFS=,; echo "${PIDS[*]: -4}")")
done

tracers=()
if [ -n "$STRACE" ]; then
    for pid in "${PIDS[@]}"; do
        strace -f -c -e "trace=$STRACE" -p "$pid" -o "$WORK/strace.$pid" 2>/dev/null &
        tracers+=($!)
    done
    sleep 1
fi
log "replaying $WARMUP + $SLOTS slots in chunks of $CHUNK, load: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$ROOT/bench/rebalance_replay.py" "$WARMUP" "$SLOTS" "$CHUNK" "${specs[@]}"
log "done, load: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -n "$STRACE" ]; then
    for t in "${tracers[@]}"; do kill -INT "$t" 2>/dev/null || true; done
    wait "${tracers[@]}" 2>/dev/null || true
    for pid in "${PIDS[@]}"; do echo "== node pid $pid (in the order of KINDS, 4 nodes each)"; grep -E '^ *[0-9]' "$WORK/strace.$pid" || true; done
fi
