"""redis-py, unchanged, against one server: the calls Python applications make, and redis-py's parsing of
INFO, CLIENT LIST, CONFIG GET, COMMAND, ACL GETUSER and XINFO. Exits non-zero with a traceback on the first
difference; prints OK at the end. Usage: redis_py_standalone.py HOST PORT"""
import sys
import threading

import redis

host, port = sys.argv[1], int(sys.argv[2])
r = redis.Redis(host=host, port=port, decode_responses=True, socket_timeout=10)
r.flushall()

# Strings, counters, expiry.
assert r.set("greeting", "hello", ex=100) is True
assert r.get("greeting") == "hello"
assert 99 <= r.ttl("greeting") <= 100
assert r.getex("greeting", persist=True) == "hello" and r.ttl("greeting") == -1
assert r.set("greeting", "bye", nx=True) is None
assert r.incrby("counter", 5) == 5
assert r.incrbyfloat("counter", 0.5) == 5.5
assert r.mset({"m1": "a", "m2": "b"}) is True and r.mget("m1", "m2", "none") == ["a", "b", None]

# Hashes, lists, sets, sorted sets.
assert r.hset("user:1", mapping={"name": "ada", "lang": "python"}) == 2
assert r.hgetall("user:1") == {"name": "ada", "lang": "python"}
assert r.hincrby("user:1", "visits", 3) == 3
assert r.rpush("queue", "a", "b", "c") == 3 and r.lrange("queue", 0, -1) == ["a", "b", "c"]
assert r.lpop("queue", 2) == ["a", "b"]
assert r.sadd("tags", "x", "y", "x") == 2 and r.smembers("tags") == {"x", "y"}
assert r.zadd("board", {"alice": 3, "bob": 1.5}) == 2
assert r.zrange("board", 0, -1, withscores=True) == [("bob", 1.5), ("alice", 3.0)]
assert r.zincrby("board", 2, "bob") == 3.5 and r.zrevrank("board", "bob") == 0

# SCAN returns every key once the cursor is back at 0.
for i in range(200):
    r.set(f"scan:{i}", i)
assert sorted(r.scan_iter(match="scan:*", count=17)) == sorted(f"scan:{i}" for i in range(200))

# Pipelines, MULTI/EXEC, WATCH.
p = r.pipeline(transaction=True)
p.set("a", 1).incr("a").get("a")
assert p.execute() == [True, 2, "2"]


def double(pipe):
    value = int(pipe.get("a"))
    pipe.multi()
    pipe.set("a", value * 2)


r.transaction(double, "a")
assert r.get("a") == "4"
with r.pipeline() as pipe:
    pipe.watch("a")
    r.set("a", 100)
    pipe.multi()
    pipe.set("a", 5)
    try:
        pipe.execute()
        raise AssertionError("EXEC after a watched key changed must abort")
    except redis.WatchError:
        pass
assert r.get("a") == "100"

# Scripts: EVALSHA, and EVAL again after NOSCRIPT; redis-py's Lua lock.
script = r.register_script("return redis.call('incrby', KEYS[1], ARGV[1])")
assert script(keys=["n"], args=[3]) == 3
r.script_flush()
assert script(keys=["n"], args=[4]) == 7
lock = r.lock("resource", timeout=5, blocking_timeout=1)
assert lock.acquire()
assert not r.lock("resource", blocking_timeout=0.1).acquire()
assert lock.extend(5) and lock.release() is None
assert not r.exists("resource")

# Errors arrive as the exceptions redis-py maps them to.
try:
    r.hget("greeting", "x")
    raise AssertionError("WRONGTYPE expected")
except redis.ResponseError as e:
    assert str(e).startswith("WRONGTYPE"), e

# Pub/sub with patterns.
ps = r.pubsub()
ps.subscribe("news")
ps.psubscribe("n*")
confirmations = [ps.get_message(timeout=2) for _ in range(2)]
assert [m["type"] for m in confirmations] == ["subscribe", "psubscribe"], confirmations
assert r.publish("news", "hi") == 2
received = [ps.get_message(timeout=2) for _ in range(2)]
assert sorted((m["type"], m["data"]) for m in received) == [("message", "hi"), ("pmessage", "hi")], received
ps.close()

# A blocked BLPOP is woken by another client's push; a timeout gives None.
pusher = redis.Redis(host=host, port=port)
threading.Timer(0.2, lambda: pusher.rpush("jobs", "j1")).start()
assert r.blpop("jobs", timeout=5) == ("jobs", "j1")
assert r.blpop("empty", timeout=0.1) is None

# Streams and consumer groups.
assert r.xadd("events", {"k": "v"}, id="1-1") == "1-1"
assert r.xgroup_create("events", "g", id="0") is True
assert r.xreadgroup("g", "c1", {"events": ">"}, count=10) == [["events", [("1-1", {"k": "v"})]]]
assert r.xpending("events", "g")["pending"] == 1
assert r.xack("events", "g", "1-1") == 1
stream = r.xinfo_stream("events")
assert stream["length"] == 1 and stream["groups"] == 1 and stream["first-entry"] == ("1-1", {"k": "v"})

# What redis-py parses out of the server's introspection replies.
info = r.info()
assert info["redis_version"].startswith("7.0"), info["redis_version"]
assert isinstance(info["connected_clients"], int) and info["used_memory"] > 0
assert r.info("keyspace")["db0"]["keys"] == r.dbsize()
r.client_setname("py-app")
assert any(c["name"] == "py-app" for c in r.client_list())
assert r.client_info()["name"] == "py-app"
assert r.config_get("maxmemory-policy") == {"maxmemory-policy": "noeviction"}
assert r.object("encoding", "counter") == "embstr" and r.object("encoding", "queue") == "quicklist"
assert r.memory_usage("user:1") > 0
commands = r.command()
assert commands["get"]["arity"] == 2 and commands["set"]["arity"] == -3
assert r.acl_setuser("alice", enabled=True, passwords=["+secret"], keys=["a*"], commands=["+get"])
alice_acl = r.acl_getuser("alice")
assert alice_acl["enabled"] is True and "~a*" in alice_acl["keys"], alice_acl
alice = redis.Redis(host=host, port=port, username="alice", password="secret", decode_responses=True)
assert alice.get("a") == "100"
try:
    alice.set("a", 1)
    raise AssertionError("alice may not SET")
except redis.exceptions.NoPermissionError:
    pass
r.acl_deluser("alice")
print("OK")
