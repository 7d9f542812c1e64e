#!/usr/bin/env python3
"""How long a TLS certificate reload stalls the server's command thread, as other clients see it.

Usage: tls-reload-stall.py PORT [RELOADS]   (PORT: the plain-text port of a server with TLS configured)

One connection sends PINGs back to back while another reloads the TLS files RELOADS times (default 8), one
CONFIG SET of tls-cert-file, tls-key-file and tls-ca-cert-file with the paths the server already has (what the
operator sends). Prints, for each reload, the CONFIG SET reply time and the largest PING round trip while it ran,
then the medians and maxima.
"""
import socket
import statistics
import sys
import threading
import time

FILES = (b"tls-cert-file", b"tls-key-file", b"tls-ca-cert-file")


def connect(port):
    s = socket.create_connection(("127.0.0.1", port))
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def call(s, *args):
    s.sendall(b"*%d\r\n" % len(args) + b"".join(b"$%d\r\n%s\r\n" % (len(a), a) for a in args))
    data = b""
    while not data.endswith(b"\r\n"):
        data += s.recv(1 << 16)
    return data


def config_get(s, name):
    lines = call(s, b"CONFIG", b"GET", name).split(b"\r\n")
    return lines[4]


def main():
    port = int(sys.argv[1])
    reloads = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    pinger, control = connect(port), connect(port)
    request = [b"CONFIG", b"SET"]
    for name in FILES:
        request += [name, config_get(control, name)]
    samples, stop = [], threading.Event()

    def ping_loop():
        while not stop.is_set():
            start = time.perf_counter()
            call(pinger, b"PING")
            samples.append((start, time.perf_counter() - start))

    thread = threading.Thread(target=ping_loop)
    thread.start()
    replies, stalls = [], []
    try:
        for i in range(reloads):
            time.sleep(0.5)
            start = time.perf_counter()
            reply = call(control, *request)
            end = time.perf_counter()
            time.sleep(0.05)
            during = [rtt for (at, rtt) in list(samples) if at + rtt >= start and at <= end]
            stall = max(during, default=0.0)
            replies.append((end - start) * 1000)
            stalls.append(stall * 1000)
            print("reload %d: %s reply %.1f ms, largest PING round trip %.1f ms (%d PINGs)"
                  % (i + 1, reply.strip().decode(), replies[-1], stalls[-1], len(during)))
    finally:
        stop.set()
        thread.join()
    print("CONFIG SET reply ms: median %.1f max %.1f; largest PING round trip ms: median %.1f max %.1f"
          % (statistics.median(replies), max(replies), statistics.median(stalls), max(stalls)))


if __name__ == "__main__":
    main()
