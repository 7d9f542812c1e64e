#!/usr/bin/env python3
"""How long starting a BGSAVE stalls the server's command thread.

Usage: bgsave-stall.py PORT   (the server already holds the dataset, e.g. DEBUG POPULATE 1000000)

One connection sends PINGs back to back while another starts a BGSAVE and waits for it to finish; prints the
BGSAVE reply time, INFO's latest_fork_usec (the data node reports its snapshot start there), and the largest
and 99.9th percentile PING round trips over the run.
"""
import socket
import sys
import threading
import time


def connect(port):
    s = socket.create_connection(("127.0.0.1", port))
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def call(s, *args):
    s.sendall(b"*%d\r\n" % len(args) + b"".join(b"$%d\r\n%s\r\n" % (len(a), a) for a in args))
    data = b""
    while True:
        data += s.recv(1 << 20)
        if data.startswith(b"$"):
            head = data.index(b"\r\n")
            if len(data) >= head + 2 + int(data[1:head]) + 2:
                return data.decode()
        elif data.endswith(b"\r\n"):
            return data.decode()


def info(s, section, field):
    for line in call(s, b"INFO", section.encode()).split("\r\n"):
        if line.startswith(field + ":"):
            return line.split(":", 1)[1]
    return None


def main():
    port = int(sys.argv[1])
    pinger, control = connect(port), connect(port)
    latencies, stop = [], threading.Event()

    def ping_loop():
        while not stop.is_set():
            start = time.perf_counter()
            call(pinger, b"PING")
            latencies.append(time.perf_counter() - start)

    thread = threading.Thread(target=ping_loop)
    thread.start()
    time.sleep(1.0)
    start = time.perf_counter()
    call(control, b"BGSAVE")
    reply_ms = (time.perf_counter() - start) * 1000
    while info(control, "persistence", "rdb_bgsave_in_progress") != "0":
        time.sleep(0.05)
    time.sleep(0.5)
    stop.set()
    thread.join()
    latencies.sort()
    print("bgsave_reply_ms=%.1f latest_fork_usec=%s ping_max_ms=%.1f ping_p999_ms=%.1f pings=%d" % (
        reply_ms, info(control, "stats", "latest_fork_usec"), latencies[-1] * 1000,
        latencies[int(len(latencies) * 0.999)] * 1000, len(latencies)))


if __name__ == "__main__":
    main()
