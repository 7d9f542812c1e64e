package dev.keyslot.datanode.persistence.aof;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.SetParams;

import java.util.HashMap;
import java.util.Map;

/** Writes a mix of every type, encoding, TTL form and database, in two rounds (before and after a rewrite). */
final class AofDatasets {
    private AofDatasets() {
    }

    static void firstRound(Jedis j) {
        j.select(0);
        // In the base after the rewrite: an RDB function record, or a FUNCTION LOAD without the preamble.
        j.functionLoad("#!lua name=aoflib\nredis.register_function('aof_echo', function(keys, args) return args[1] end)");
        j.set("str", "hello");
        j.set("int", "12345");
        j.set("big", "x".repeat(10_000));
        j.set("ttl-ex", "v", SetParams.setParams().ex(1000));
        j.set("ttl-px", "v", SetParams.setParams().px(2_000_000));
        j.setex("setex", 500, "v");
        j.set("expire-me", "v");
        j.expire("expire-me", 3000);
        for (int i = 0; i < 5; i++) {
            j.rpush("list-small", "e" + i);
        }
        for (int i = 0; i < 300; i++) {
            j.rpush("list-big", "element-" + i);
        }
        j.sadd("set-int", "1", "2", "3", "-7");
        for (int i = 0; i < 200; i++) {
            j.sadd("set-big", "m" + i);
        }
        j.zadd("zset-small", 1.5, "a");
        j.zadd("zset-small", Double.POSITIVE_INFINITY, "inf");
        j.zadd("zset-small", -0.1, "neg");
        Map<String, Double> scores = new HashMap<>();
        for (int i = 0; i < 200; i++) {
            scores.put("z" + i, i / 3.0);
        }
        j.zadd("zset-big", scores);
        j.hset("hash-small", Map.of("f1", "v1", "f2", "2"));
        Map<String, String> fields = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            fields.put("field" + i, "value" + i);
        }
        j.hset("hash-big", fields);
        j.select(3);
        j.set("in-db3", "three");
        j.lpush("list-db3", "a", "b");
    }

    static void secondRound(Jedis j) {
        j.select(0);
        j.append("str", " world");
        j.incrBy("int", 5);
        j.del("big");
        j.lpop("list-big");
        j.rpush("list-small", "tail");
        j.srem("set-big", "m5");
        j.zincrby("zset-small", 2, "a");
        j.hdel("hash-big", "field7");
        j.hset("hash-small", "f3", "v3");
        j.persist("expire-me");
        j.pexpire("str", 9_000_000);
        j.getEx("int", redis.clients.jedis.params.GetExParams.getExParams().ex(700));
        j.set("gone", "soon");
        j.del("gone");
        var tx = j.multi();
        tx.set("tx-a", "1");
        tx.set("tx-b", "2");
        tx.exec();
        j.select(1);
        j.set("in-db1", "one", SetParams.setParams().ex(4000));
        j.sadd("set-db1", "x", "y");
    }
}
