# Helpers for the scripts that run one redis-server and one data node side by side: sourced after they set
# WORK (a scratch directory), REDIS_PID and NODE_PID. Stops both servers and removes WORK on exit.

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

stop_servers() {
    for pid in $REDIS_PID $NODE_PID; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    REDIS_PID=""
    NODE_PID=""
}

cleanup() {
    stop_servers
    rm -rf "$WORK"
}
trap cleanup EXIT

# await_port PORT PID [TRIES]: until the server answers PING (TRIES polls 0.1 s apart, 200 by default), or
# fails at once when its process is gone.
await_port() {
    local port=$1 pid=$2 tries=${3:-200}
    for _ in $(seq 1 "$tries"); do
        kill -0 "$pid" 2>/dev/null || return 1
        redis-cli -p "$port" PING 2>/dev/null | grep -q PONG && return 0
        sleep 0.1
    done
    return 1
}

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
