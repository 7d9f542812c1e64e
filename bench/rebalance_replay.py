#!/usr/bin/env python3
"""Replays redis-cli --cluster rebalance's per-slot sequence and times every round trip, for several clusters
side by side. The first WARMUP slots are moved untimed (a JVM compiles the paths a rebalance takes), then
CONFIG RESETSTAT, then SLOTS slots are timed; each node's commandstats of the timed part are printed too.

usage: rebalance_replay.py WARMUP SLOTS CHUNK NAME=SOURCE,TARGET[,OTHER...][/PID,PID...] [NAME=...]

Each cluster is given as host:port of the source master, the target master and the other masters, optionally
followed by the process ids of its nodes: their threads' CPU time and context switches during the replay are
then printed per slot, summed over the nodes and grouped by thread name (digits dropped). For each of
SLOTS slots the source owns (its lowest first), as redis-cli's clusterManagerMoveSlot does: SETSLOT IMPORTING on
the target, SETSLOT MIGRATING on the source, then GETKEYSINSLOT 10 and MIGRATE ... KEYS of what it returned until
the slot is empty, then SETSLOT NODE on the target, the source and every other master. The clusters take turns,
CHUNK slots at a time, so a machine load that changes hits them alike. A PING to the target before each slot
(outside the slot's wall time) shows the plain round trip. Prints per cluster and step the count,
median, p90, p99 and mean of the round trip in microseconds, and the wall time per slot.
"""
import os
import re
import sys
import time
from collections import defaultdict

from cluster_keys import Connection

STEPS = ["ping", "importing", "migrating", "getkeys", "migrate", "node_target", "node_source", "node_other"]


class Cluster:
    def __init__(self, name, addresses, pids):
        self.name = name
        self.pids = pids
        self.conns = [Connection(h, int(p)) for h, p in (a.rsplit(":", 1) for a in addresses)]
        self.addresses = [a.rsplit(":", 1) for a in addresses]
        self.ids = [self.call(c, "CLUSTER", "MYID").decode() for c in self.conns]
        source, self.slots = self.conns[0], []
        for start, end, master, *_ in self.call(source, "CLUSTER", "SLOTS"):
            if master[2].decode() == self.ids[0]:
                self.slots.extend(range(start, end + 1))
        # The source keeps its last slot: a master left without slots turns into a replica of the target.
        self.slots = sorted(self.slots)[:-1]
        self.times = {step: [] for step in STEPS}
        self.wall = 0.0
        self.moved = 0

    @staticmethod
    def call(conn, *args):
        conn.send(args)
        reply = conn.reply()
        if isinstance(reply, tuple) and reply[0] == b"-":
            raise RuntimeError("%s: %s" % (" ".join(map(str, args[:4])), reply[1].decode()))
        return reply

    def reset(self):
        for conn in self.conns:
            self.call(conn, "CONFIG", "RESETSTAT")
        self.times = {step: [] for step in STEPS}
        self.wall = 0.0
        self.moved = 0

    def timed(self, step, conn, *args):
        t0 = time.perf_counter()
        reply = self.call(conn, *args)
        self.times[step].append(time.perf_counter() - t0)
        return reply

    def move(self, slot):
        source, target, others = self.conns[0], self.conns[1], self.conns[2:]
        source_id, target_id = self.ids[0], self.ids[1]
        host, port = self.addresses[1]
        self.timed("ping", target, "PING")
        t0 = time.perf_counter()
        self.timed("importing", target, "CLUSTER", "SETSLOT", slot, "IMPORTING", source_id)
        self.timed("migrating", source, "CLUSTER", "SETSLOT", slot, "MIGRATING", target_id)
        while True:
            keys = self.timed("getkeys", source, "CLUSTER", "GETKEYSINSLOT", slot, 10)
            if not keys:
                break
            self.timed("migrate", source, "MIGRATE", host, port, "", 0, 60000, "KEYS", *keys)
        self.timed("node_target", target, "CLUSTER", "SETSLOT", slot, "NODE", target_id)
        self.timed("node_source", source, "CLUSTER", "SETSLOT", slot, "NODE", target_id)
        for other in others:
            self.timed("node_other", other, "CLUSTER", "SETSLOT", slot, "NODE", target_id)
        self.wall += time.perf_counter() - t0
        self.moved += 1


def report_commandstats(cluster):
    roles = ["source", "target"] + ["other"] * (len(cluster.conns) - 2)
    for role, conn in zip(roles, cluster.conns):
        info = cluster.call(conn, "INFO", "commandstats").decode()
        stats = re.findall(r"^cmdstat_(\S+?):calls=(\d+),usec=(\d+),usec_per_call=([\d.]+)", info, re.M)
        shown = ["%s %s x %sus" % (name, calls, per) for name, calls, _, per in stats
                 if name not in ("info", "config|resetstat")]
        print("  %-6s %s" % (role, "  ".join(shown)))


def thread_counters(pids):
    """(cpu ticks, voluntary switches, involuntary switches) per thread name, summed over the processes."""
    totals = defaultdict(lambda: [0, 0, 0])
    for pid in pids:
        try:
            tids = os.listdir("/proc/%d/task" % pid)
        except FileNotFoundError:
            continue
        for tid in tids:
            try:
                with open("/proc/%d/task/%s/stat" % (pid, tid)) as f:
                    stat = f.read()
                with open("/proc/%d/task/%s/status" % (pid, tid)) as f:
                    status = f.read()
            except FileNotFoundError:
                continue
            name = re.sub(r"[0-9]+", "#", stat[stat.index("(") + 1:stat.rindex(")")])
            fields = stat[stat.rindex(")") + 2:].split()
            counters = totals[name]
            counters[0] += int(fields[11]) + int(fields[12])
            counters[1] += int(re.search(r"^voluntary_ctxt_switches:\s+(\d+)", status, re.M).group(1))
            counters[2] += int(re.search(r"^nonvoluntary_ctxt_switches:\s+(\d+)", status, re.M).group(1))
    return totals


def report_threads(cluster, before, after):
    tick_ms = 1000 / os.sysconf("SC_CLK_TCK")
    rows = []
    for name, (cpu, vol, invol) in after.items():
        b = before.get(name, [0, 0, 0])
        rows.append((cpu - b[0], vol - b[1], invol - b[2], name))
    rows.sort(reverse=True)
    total = [sum(r[i] for r in rows) for i in range(3)]
    print("  threads: cpu %.2f ms/slot, voluntary switches %.1f/slot, involuntary %.1f/slot" % (
        total[0] * tick_ms / cluster.moved, total[1] / cluster.moved, total[2] / cluster.moved))
    for cpu, vol, invol, name in rows[:8]:
        if cpu or vol:
            print("    %-24s cpu %6.2f ms/slot  vol %6.1f/slot  invol %5.1f/slot" % (
                name, cpu * tick_ms / cluster.moved, vol / cluster.moved, invol / cluster.moved))


def quantile(sorted_values, q):
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))]


def report(cluster):
    print("%s: %d slots, %.2f ms per slot" % (cluster.name, cluster.moved, cluster.wall * 1000 / cluster.moved))
    print("  %-12s %7s %8s %8s %8s %8s %9s" % ("step", "count", "p50_us", "p90_us", "p99_us", "mean_us", "ms/slot"))
    for step in STEPS:
        values = sorted(cluster.times[step])
        if not values:
            continue
        print("  %-12s %7d %8.0f %8.0f %8.0f %8.0f %9.3f" % (
            step, len(values), quantile(values, 0.5) * 1e6, quantile(values, 0.9) * 1e6,
            quantile(values, 0.99) * 1e6, sum(values) / len(values) * 1e6, sum(values) * 1000 / cluster.moved))


def main():
    warmup, count, chunk = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    clusters = []
    for spec in sys.argv[4:]:
        name, addresses = spec.split("=", 1)
        addresses, _, pids = addresses.partition("/")
        clusters.append(Cluster(name, addresses.split(","), [int(p) for p in pids.split(",") if p]))
    for cluster in clusters:
        for slot in cluster.slots[:warmup]:
            cluster.move(slot)
        cluster.slots = cluster.slots[warmup:]
        cluster.reset()
    before = [thread_counters(c.pids) for c in clusters]
    for start in range(0, count, chunk):
        for cluster in clusters:
            for slot in cluster.slots[start:min(start + chunk, count)]:
                cluster.move(slot)
    after = [thread_counters(c.pids) for c in clusters]
    for cluster, b, a in zip(clusters, before, after):
        report(cluster)
        if cluster.pids:
            report_threads(cluster, b, a)
        report_commandstats(cluster)


if __name__ == "__main__":
    main()
