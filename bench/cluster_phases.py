#!/usr/bin/env python3
"""Where a failover's time goes, from the survivors' logs (redis-server and the data node log alike).

usage: cluster_phases.py KILL_EPOCH_MS VICTIM_ID LOG...
Prints, in milliseconds after the kill, the first time any survivor marked the victim FAIL (quorum reached),
the first FAIL message received about it, the election scheduled, started and won, and when each survivor
(named by its log's directory) logged "Cluster state changed: ok" last.
"""
import os
import re
import sys
from datetime import datetime

LINE = re.compile(r"^\d+:[A-Z] (\d+ \w{3} \d{4} \d\d:\d\d:\d\d\.\d{3}) . (.*)$")


def epoch_ms(stamp):
    return int(datetime.strptime(stamp, "%d %b %Y %H:%M:%S.%f").timestamp() * 1000)


def main():
    kill_ms, victim, logs = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
    phases = {
        "fail_marked": re.compile(r"Marking node " + victim + r" as failing"),
        "fail_received": re.compile(r"FAIL message received from \w+ about " + victim),
        "election_scheduled": re.compile(r"Start of election delayed for"),
        "election_started": re.compile(r"Starting a failover election"),
        "election_won": re.compile(r"Failover election won"),
    }
    first = {}
    ok = {}
    for path in logs:
        with open(path, errors="replace") as f:
            for line in f:
                m = LINE.match(line)
                if not m:
                    continue
                t = epoch_ms(m.group(1)) - kill_ms
                if t < 0:
                    continue
                text = m.group(2)
                for name, pattern in phases.items():
                    if pattern.search(text) and (name not in first or t < first[name]):
                        first[name] = t
                if "Cluster state changed: ok" in text:
                    ok[os.path.basename(os.path.dirname(path))] = t
    out = [f"{name}=+{first[name]}" if name in first else f"{name}=?" for name in phases]
    out.append("state_ok=" + ",".join(f"{node}:+{t}" for node, t in sorted(ok.items(), key=lambda kv: kv[1])))
    print(" ".join(out))


if __name__ == "__main__":
    main()
