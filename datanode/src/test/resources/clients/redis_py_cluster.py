"""redis-py's RedisCluster, unchanged, against a cluster of three masters with a replica each: topology
discovery, routing across slots, hash tags, pipelines, reads from replicas, pub/sub over the cluster bus, and
a slot moved under the client (MOVED, then ASK while it migrates). Prints OK at the end.
Usage: redis_py_cluster.py HOST PORT"""
import sys
import time

import redis
from redis.cluster import RedisCluster

host, port = sys.argv[1], int(sys.argv[2])
rc = RedisCluster(host=host, port=port, decode_responses=True, socket_timeout=10)
assert len(rc.get_primaries()) == 3 and len(rc.get_replicas()) == 3, rc.get_nodes()
assert rc.cluster_info()["cluster_state"] == "ok"
nodes = rc.cluster_nodes()
assert len(nodes) == 6 and sum("master" in n["flags"] for n in nodes.values()) == 3, nodes

# Keys spread over every master.
for i in range(500):
    rc.set(f"py:{i}", i)
assert all(rc.get(f"py:{i}") == str(i) for i in range(500))
assert sum(p.redis_connection.dbsize() for p in rc.get_primaries()) == 500
assert rc.keyslot("foo") == 12182 == rc.cluster_keyslot("foo")

# Multi-key commands: one slot with hash tags, several slots split by the client.
assert rc.mset({"{user}a": "1", "{user}b": "2"}) is True
assert rc.mget("{user}a", "{user}b") == ["1", "2"]
assert rc.mset_nonatomic({"x1": "1", "x2": "2", "x3": "3"}) and rc.mget_nonatomic("x1", "x2", "x3") == ["1", "2", "3"]
pipe = rc.pipeline()
for i in range(100):
    pipe.incr(f"counter:{i}")
assert pipe.execute() == [1] * 100

# Reads from replicas see the writes once replication caught up.
replica_reads = RedisCluster(host=host, port=port, decode_responses=True, read_from_replicas=True)
deadline = time.time() + 10
while [replica_reads.get(f"py:{i}") for i in range(0, 500, 50)] != [str(i) for i in range(0, 500, 50)]:
    assert time.time() < deadline, "replicas never caught up"
    time.sleep(0.1)

# A message published on one node reaches a subscriber connected to another.
ps = rc.pubsub()
ps.subscribe("events")
assert ps.get_message(timeout=2)["type"] == "subscribe"
assert rc.publish("events", "hello") >= 1
message = ps.get_message(timeout=5)
assert message is not None and message["data"] == "hello", message
ps.close()

# Move the slot of "foo" to another master by hand, as redis-cli --cluster reshard does: while it migrates the
# client follows ASK, afterwards MOVED, and its topology is refreshed.
rc.set("foo", "bar")
rc.set("{foo}other", "baz")
slot = rc.keyslot("foo")
source = rc.get_node_from_key("foo")
target = next(p for p in rc.get_primaries() if p.name != source.name)
source_id = source.redis_connection.execute_command("CLUSTER", "MYID")
target_id = target.redis_connection.execute_command("CLUSTER", "MYID")
assert target.redis_connection.execute_command("CLUSTER", "SETSLOT", slot, "IMPORTING", source_id)
assert source.redis_connection.execute_command("CLUSTER", "SETSLOT", slot, "MIGRATING", target_id)
source.redis_connection.execute_command("MIGRATE", target.host, target.port, "", 0, 5000, "KEYS", "foo")
assert rc.get("foo") == "bar"  # ASK to the target, which holds it now
assert rc.get("{foo}other") == "baz"  # still on the source
source.redis_connection.execute_command("MIGRATE", target.host, target.port, "", 0, 5000, "KEYS", "{foo}other")
for primary in rc.get_primaries():
    primary.redis_connection.execute_command("CLUSTER", "SETSLOT", slot, "NODE", target_id)
assert rc.get("foo") == "bar" and rc.get("{foo}other") == "baz"
assert rc.get_node_from_key("foo").name == target.name
print("OK")
