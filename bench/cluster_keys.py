#!/usr/bin/env python3
"""Loads or verifies keys in a Redis Cluster over raw sockets, for bench/cluster-failover.sh.

usage: cluster_keys.py load|verify HOST PORT COUNT

Keys are "key:<i>" with value "value:<i>". The slot map comes from CLUSTER SLOTS of HOST:PORT; commands are
pipelined per owner in batches of 1000, and a key answered with an error (MOVED, ASK, TRYAGAIN, CLUSTERDOWN,
LOADING...) or left unanswered by a broken connection is retried against a fresh map: load counts a key only
once its SET was answered +OK. verify prints "missing=<n> wrong=<n>" (where the missing keys are on stderr)
and exits 1 when either is non-zero.
"""
import socket
import sys
import time


def crc16(data):
    crc = 0
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) & 0xFFFF if crc & 0x8000 else (crc << 1) & 0xFFFF
    return crc


def slot(key):
    start = key.find(b"{")
    if start >= 0:
        end = key.find(b"}", start + 1)
        if end > start + 1:
            key = key[start + 1:end]
    return crc16(key) % 16384


class Connection:
    def __init__(self, host, port):
        self.sock = socket.create_connection((host, port), timeout=30)
        self.buf = b""

    def send(self, *commands):
        out = bytearray()
        for args in commands:
            out += b"*%d\r\n" % len(args)
            for a in args:
                a = a if isinstance(a, bytes) else str(a).encode()
                out += b"$%d\r\n%s\r\n" % (len(a), a)
        self.sock.sendall(out)

    def _line(self):
        while b"\r\n" not in self.buf:
            chunk = self.sock.recv(1 << 16)
            if not chunk:
                raise ConnectionError("closed")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def reply(self):
        line = self._line()
        kind, rest = line[:1], line[1:]
        if kind in (b"+", b"-"):
            return (kind, rest)
        if kind == b":":
            return int(rest)
        if kind == b"$":
            n = int(rest)
            if n < 0:
                return None
            while len(self.buf) < n + 2:
                chunk = self.sock.recv(1 << 16)
                if not chunk:
                    raise ConnectionError("closed")
                self.buf += chunk
            data, self.buf = self.buf[:n], self.buf[n + 2:]
            return data
        if kind == b"*":
            n = int(rest)
            return None if n < 0 else [self.reply() for _ in range(n)]
        raise ValueError("unexpected reply %r" % line)


def slot_map(host, port):
    c = Connection(host, port)
    c.send(["CLUSTER", "SLOTS"])
    owners = [None] * 16384
    for start, end, master, *_ in c.reply():
        for s in range(start, end + 1):
            owners[s] = (master[0].decode(), master[1])
    return owners


def run(mode, host, port, count):
    """A key counts as written only once its own SET was answered +OK, and as read only from its slot's
    master in a fresh CLUSTER SLOTS map: an error reply, a reset or closed connection or a timeout sends
    every key of the batch not yet answered back to be retried (SET is idempotent), never to the tally."""
    pending = list(range(count))
    connections = {}
    missing, wrong, retried = [], 0, {}
    for attempt in range(20):
        owners = slot_map(host, port)
        by_owner = {}
        for i in pending:
            by_owner.setdefault(owners[slot(b"key:%d" % i)], []).append(i)
        retry = []
        for owner, ids in by_owner.items():
            for batch_start in range(0, len(ids), 1000):
                batch = ids[batch_start:batch_start + 1000]
                answered = 0
                try:
                    if owner not in connections:
                        connections[owner] = Connection(*owner)
                    c = connections[owner]
                    if mode == "load":
                        c.send(*[["SET", "key:%d" % i, "value:%d" % i] for i in batch])
                    else:
                        c.send(*[["GET", "key:%d" % i] for i in batch])
                    for i in batch:
                        r = c.reply()
                        answered += 1
                        if isinstance(r, tuple) and r[0] == b"-":
                            reason = r[1].split(b" ", 1)[0].decode()
                            retried[reason] = retried.get(reason, 0) + 1
                            retry.append(i)
                        elif mode == "load" and r != (b"+", b"OK"):
                            retried["unexpected"] = retried.get("unexpected", 0) + 1
                            retry.append(i)
                        elif mode == "verify" and r is None:
                            missing.append((i, owner))
                        elif mode == "verify" and r != b"value:%d" % i:
                            wrong += 1
                except (OSError, ConnectionError, ValueError) as e:
                    reason = type(e).__name__
                    retried[reason] = retried.get(reason, 0) + len(batch) - answered
                    retry.extend(batch[answered:])
                    dropped = connections.pop(owner, None)
                    if dropped:
                        dropped.sock.close()
        if not retry:
            break
        pending = retry
        time.sleep(0.5)
    else:
        print("gave up with %d keys still redirected" % len(pending))
        return 1
    if retried:
        print("%s: retried %s" % (mode, " ".join("%s=%d" % kv for kv in sorted(retried.items()))), file=sys.stderr)
    if mode == "verify":
        report_missing(missing)
        print("missing=%d wrong=%d" % (len(missing), wrong))
        return 1 if missing or wrong else 0
    return 0


def report_missing(missing):
    """Where the missing keys are: per node, and as runs of consecutive key numbers (a lost batch shows)."""
    by_node = {}
    for i, owner in missing:
        by_node.setdefault(owner, []).append(i)
    for owner, ids in sorted(by_node.items()):
        runs, first, last = [], ids[0], ids[0]
        for i in ids[1:] + [None]:
            if i is not None and i == last + 1:
                last = i
                continue
            runs.append("%d-%d" % (first, last) if first != last else str(first))
            if i is not None:
                first = last = i
        print("missing on %s:%d: %d keys, first runs: %s" % (owner[0], owner[1], len(ids), " ".join(runs[:20])),
              file=sys.stderr)


if __name__ == "__main__":
    sys.exit(run(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])))
