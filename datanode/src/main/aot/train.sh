#!/bin/sh
# Records a JDK 25 AOT cache for the data node (README "Performance"): usage train.sh JAR CACHE [JVM flags...]
# with JAVA [java] a JDK 25 and TRAIN_BASE_PORT [17101] the first of five client ports on 127.0.0.1 (their bus
# ports are 10000 above).
#
# A JVM runs code it has never run in the interpreter and compiles it from scratch; the first slot migration of a
# node is such a path, and on two cores seven fresh JVMs spent ~25 s of JIT compilation on a rebalance redis-server
# does in 5 s (bench/RESULTS.md). The cache holds the classes loaded and linked and the methods' profiles of a
# node that served this training run, so nodes started with -XX:AOTCache=CACHE compile the hot paths sooner.
# The run, all with the real tools: three masters and a replica created with redis-cli, 50,000 keys of every type
# loaded with redis-benchmark, and a rebalance onto a fifth, empty master. The recording node is a master that
# serves clients, replicates to the replica and gives slots away. The JVM flags must be those the nodes run with
# where they shape the cache (collector, -XX:+UseCompactObjectHeaders): the JVM ignores a cache that differs.
set -eu
JAR=$1 CACHE=$2
shift 2
BASE=${TRAIN_BASE_PORT:-17101}
WORK=$(mktemp -d /tmp/keyslot-aot-train.XXXXXX)
PIDS=""

cleanup() {
    for pid in $PIDS; do kill -9 "$pid" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT

start_node() { # port [extra JVM flags]; sets STARTED to its pid
    port=$1
    shift
    mkdir -p "$WORK/$port"
    "${JAVA:-java}" "$@" -jar "$JAR" --bind 127.0.0.1 --port "$port" --cluster-enabled yes --cluster-node-timeout 5000 \
        --dir "$WORK/$port" --save "" --appendonly no --loglevel warning --logfile "$WORK/$port/log" &
    STARTED=$!
    PIDS="$PIDS $STARTED"
}

await() { # what seconds command...
    what=$1 limit=$2
    shift 2
    tries=0
    until "$@" >/dev/null 2>&1; do
        tries=$((tries + 1))
        if [ "$tries" -gt $((limit * 10)) ]; then
            echo "training: timed out waiting for $what" >&2
            exit 1
        fi
        sleep 0.1
    done
}

cluster_ok() { for p in "$@"; do redis-cli -p "$p" cluster info | grep -q cluster_state:ok || return 1; done; }

RECORDER=$BASE
start_node "$RECORDER" "$@" -XX:AOTCacheOutput="$CACHE"
RECORDER_PID=$STARTED
for p in $((BASE + 1)) $((BASE + 2)) $((BASE + 3)); do start_node "$p" "$@"; done
for p in "$RECORDER" $((BASE + 1)) $((BASE + 2)) $((BASE + 3)); do await "node $p" 120 redis-cli -p "$p" ping; done

redis-cli --cluster create 127.0.0.1:"$RECORDER" 127.0.0.1:$((BASE + 1)) 127.0.0.1:$((BASE + 2)) --cluster-yes
await "the cluster" 60 cluster_ok "$RECORDER" $((BASE + 1)) $((BASE + 2))
redis-cli --cluster add-node 127.0.0.1:$((BASE + 3)) 127.0.0.1:"$RECORDER" --cluster-slave \
    --cluster-master-id "$(redis-cli -p "$RECORDER" cluster myid)"
await "the replica" 60 sh -c "redis-cli -p $((BASE + 3)) info replication | grep -q master_link_status:up"

# Keys with the {aot} tag live in slot 2396, which the recording node serves.
bench() { redis-benchmark -p "$RECORDER" -q -c 20 -P 8 -r 50000 --csv "$@" >/dev/null; }
bench --cluster -n 50000 -t set,get,incr,lpush,rpush,lpop,rpop,sadd,hset,spop,zadd,zpopmin,lrange_100,mset
bench -n 20000 xadd '{aot}:stream' MAXLEN '~' 1000 '*' field __rand_int__
bench -n 20000 eval "return redis.call('get',KEYS[1])" 1 '{aot}:__rand_int__'

start_node $((BASE + 4)) "$@"
await "node $((BASE + 4))" 120 redis-cli -p $((BASE + 4)) ping
redis-cli --cluster add-node 127.0.0.1:$((BASE + 4)) 127.0.0.1:"$RECORDER"
await "the new master" 60 cluster_ok $((BASE + 4))
# redis-cli moves slots from every master to the new one: each must have learnt of it (gossip takes a moment).
NEW_ID=$(redis-cli -p $((BASE + 4)) cluster myid)
for p in "$RECORDER" $((BASE + 1)) $((BASE + 2)); do
    await "node $p to learn of the new master" 60 sh -c "redis-cli -p $p cluster nodes | grep -q '^$NEW_ID '"
done
redis-cli --cluster rebalance 127.0.0.1:"$RECORDER" --cluster-use-empty-masters
redis-cli --cluster check 127.0.0.1:"$RECORDER"

# The cache is written when the recording JVM exits.
redis-cli -p "$RECORDER" shutdown nosave || true
wait "$RECORDER_PID" || true
test -s "$CACHE"
