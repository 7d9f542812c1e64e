#!/usr/bin/env python3
"""What clients see of a cluster failover: per surviving node, the latency of every request over time.

usage: failover_probe.py run SECONDS OUT HOST...     (start just before the kill; writes "ready" to stdout
                                                       once connected to every host, then probes for SECONDS)
       failover_probe.py summary KILL_EPOCH_MS VICTIM_IP OUT

run: one thread and one connection per host (port 6379) sends CLUSTER INFO, CLUSTER SLOTS and GET of a slot-0
key in a loop, one at a time, and appends "epoch_ms host command latency_ms outcome" to OUT. A broken
connection is recorded as "error" and reopened.
summary: per host, in ms after the kill, when CLUSTER INFO said ok again (after a fail, or "ok" when it never
failed), when CLUSTER SLOTS first gave slot 0 to another node than the victim, when GET first got an answer that
does not lead to the victim (a value or nil, or MOVED elsewhere); then the longest latency of each command with
when it was sent, and the longest latency in each second after the kill.
"""
import socket
import sys
import threading
import time

from cluster_keys import Connection

SLOT0_KEY = b"{06S}probe"
COMMANDS = (("info", [b"CLUSTER", b"INFO"]), ("slots", [b"CLUSTER", b"SLOTS"]), ("get", [b"GET", SLOT0_KEY]))


def outcome(name, reply):
    if isinstance(reply, tuple) and reply[0] == b"-":
        words = reply[1].split(b" ")
        if words[0] == b"MOVED":
            return "moved:" + words[2].decode().rsplit(":", 1)[0]
        return "error:" + words[0].decode()
    if name == "info":
        return "ok" if b"cluster_state:ok" in reply else "fail"
    if name == "slots":
        for start, _end, master, *_ in reply:
            if start == 0:
                return "slot0:" + master[0].decode()
        return "slot0:none"
    return "value"


def probe(host, deadline, out, lock):
    connection = None
    while time.time() < deadline:
        if connection is None:
            try:
                connection = Connection(host, 6379)
                connection.sock.settimeout(max(0.1, deadline - time.time()))
            except OSError:
                time.sleep(0.05)
                continue
        for name, args in COMMANDS:
            sent = time.time()
            try:
                connection.send(args)
                result = outcome(name, connection.reply())
            except (OSError, ConnectionError, ValueError):
                result = "error:connection"
                connection.sock.close()
                connection = None
            with lock:
                out.write("%d %s %s %.1f %s\n" % (sent * 1000, host, name, (time.time() - sent) * 1000, result))
            if connection is None:
                break
        time.sleep(0.01)


def run(seconds, path, hosts):
    lock = threading.Lock()
    with open(path, "w") as out:
        for host in hosts:
            Connection(host, 6379).sock.close()
        print("ready", flush=True)
        deadline = time.time() + seconds
        threads = [threading.Thread(target=probe, args=(h, deadline, out, lock)) for h in hosts]
        for t in threads:
            t.start()
        for t in threads:
            t.join()


def summary(kill_ms, victim, path):
    samples = {}
    with open(path) as f:
        for line in f:
            at, host, name, latency, result = line.split()
            samples.setdefault(host, []).append((int(at) - kill_ms, name, float(latency), result))
    for host, rows in sorted(samples.items()):
        after = [r for r in rows if r[0] >= 0]
        info = [r for r in after if r[1] == "info"]
        failed = [r for r in info if r[3] != "ok"]
        if not failed:
            ok_at = "ok"
        else:
            ok_again = [r for r in info if r[0] > failed[-1][0] and r[3] == "ok"]
            ok_at = "+%d" % (ok_again[0][0] + ok_again[0][2]) if ok_again else "never"
        moved = [r for r in after if r[1] == "slots" and r[3] not in ("slot0:" + victim, "slot0:none")
                 and not r[3].startswith("error")]
        served = [r for r in after if r[1] == "get" and r[3] != "moved:" + victim and not r[3].startswith("error")]
        first = lambda rs: "+%d" % (rs[0][0] + rs[0][2]) if rs else "never"
        worst = []
        for name, _ in COMMANDS:
            mine = [r for r in after if r[1] == name]
            if mine:
                top = max(mine, key=lambda r: r[2])
                worst.append("%s %.0f ms at +%d" % (name, top[2], top[0]))
        per_second = {}
        for r in after:
            second = int(r[0] // 1000)
            per_second[second] = max(per_second.get(second, 0), r[2])
        timeline = " ".join("%.0f" % per_second.get(s, 0) for s in range(max(per_second, default=-1) + 1))
        print("%s: ok %s, slot0 moved %s, get served %s, %d requests; worst %s" % (
            host, ok_at, first(moved), first(served), len(after), ", ".join(worst)))
        print("  max latency (ms) per second after the kill: %s" % timeline)


if __name__ == "__main__":
    if sys.argv[1] == "run":
        run(float(sys.argv[2]), sys.argv[3], sys.argv[4:])
    else:
        summary(int(sys.argv[2]), sys.argv[3], sys.argv[4])
