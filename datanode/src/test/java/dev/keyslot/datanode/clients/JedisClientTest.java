package dev.keyslot.datanode.clients;

import dev.keyslot.datanode.testing.EmbeddedDataNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.params.SetParams;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Jedis, unchanged, against the data node: the operations applications use every day. */
class JedisClientTest {
    private static EmbeddedDataNode node;

    @BeforeAll
    static void start() {
        node = EmbeddedDataNode.start();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void stringsHashesListsSetsAndSortedSets() {
        try (Jedis jedis = new Jedis(node.host(), node.port())) {
            jedis.flushAll();
            assertThat(jedis.set("greeting", "hello", SetParams.setParams().ex(100))).isEqualTo("OK");
            assertThat(jedis.get("greeting")).isEqualTo("hello");
            assertThat(jedis.ttl("greeting")).isBetween(99L, 100L);
            assertThat(jedis.incrBy("counter", 5)).isEqualTo(5);
            assertThat(jedis.incrByFloat("counter", 0.5)).isEqualTo(5.5);
            assertThat(jedis.hset("user:1", Map.of("name", "ada", "lang", "java"))).isEqualTo(2);
            assertThat(jedis.hgetAll("user:1")).containsEntry("name", "ada").containsEntry("lang", "java");
            assertThat(jedis.rpush("queue", "a", "b", "c")).isEqualTo(3);
            assertThat(jedis.lrange("queue", 0, -1)).containsExactly("a", "b", "c");
            assertThat(jedis.lpop("queue")).isEqualTo("a");
            assertThat(jedis.sadd("tags", "x", "y", "x")).isEqualTo(2);
            assertThat(jedis.smembers("tags")).isEqualTo(Set.of("x", "y"));
            assertThat(jedis.zadd("board", Map.of("alice", 3.0, "bob", 1.5))).isEqualTo(2);
            assertThat(jedis.zrangeWithScores("board", 0, -1)).extracting(t -> t.getElement())
                    .containsExactly("bob", "alice");
            assertThat(jedis.del("greeting", "counter", "nothing")).isEqualTo(2);
            assertThat(jedis.exists("greeting")).isFalse();
        }
    }

    @Test
    void pipelinesAndTransactions() {
        try (Jedis jedis = new Jedis(node.host(), node.port())) {
            jedis.flushAll();
            Pipeline p = jedis.pipelined();
            for (int i = 0; i < 500; i++) {
                p.set("k" + i, "v" + i);
            }
            p.sync();
            assertThat(jedis.dbSize()).isEqualTo(500);
            Transaction tx = jedis.multi();
            tx.incr("n");
            tx.incr("n");
            tx.get("k7");
            List<Object> results = tx.exec();
            assertThat(results).containsExactly(1L, 2L, "v7");
        }
    }
}
