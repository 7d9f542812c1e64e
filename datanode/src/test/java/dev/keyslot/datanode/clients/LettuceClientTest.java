package dev.keyslot.datanode.clients;

import dev.keyslot.datanode.testing.EmbeddedDataNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Lettuce (RESP3 by default, asynchronous pipelining) against the data node. */
class LettuceClientTest {
    private static EmbeddedDataNode node;
    private static RedisClient client;

    @BeforeAll
    static void start() {
        node = EmbeddedDataNode.start();
        client = RedisClient.create(RedisURI.builder().withHost(node.host()).withPort(node.port())
                .withTimeout(Duration.ofSeconds(5)).build());
    }

    @AfterAll
    static void stop() {
        client.shutdown();
        node.close();
    }

    @Test
    void syncCommandsOverResp3() {
        try (StatefulRedisConnection<String, String> conn = client.connect()) {
            RedisCommands<String, String> redis = conn.sync();
            redis.flushall();
            assertThat(redis.set("a", "1")).isEqualTo("OK");
            assertThat(redis.incr("a")).isEqualTo(2);
            assertThat(redis.hset("h", "f", "v")).isTrue();
            assertThat(redis.hgetall("h")).containsEntry("f", "v");
            assertThat(redis.zadd("z", 2.5, "m")).isEqualTo(1);
            assertThat(redis.zscore("z", "m")).isEqualTo(2.5);
            assertThat(redis.mget("a", "missing")).extracting(kv -> kv.getValueOrElse(null)).containsExactly("2", null);
        }
    }

    @Test
    void manyAsyncCommandsInFlight() throws Exception {
        try (StatefulRedisConnection<String, String> conn = client.connect()) {
            RedisAsyncCommands<String, String> async = conn.async();
            List<CompletableFuture<Long>> futures = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                futures.add(async.incr("async-counter").toCompletableFuture());
            }
            CompletableFuture.allOf(futures.toArray(new CompletableFuture[0])).get(20, TimeUnit.SECONDS);
            assertThat(conn.sync().get("async-counter")).isEqualTo("2000");
        }
    }

    @Test
    void pubSubDeliversMessages() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        try (StatefulRedisPubSubConnection<String, String> sub = client.connectPubSub();
             StatefulRedisConnection<String, String> pub = client.connect()) {
            sub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    received.add(channel + ":" + message);
                }
            });
            sub.sync().subscribe("events");
            assertThat(pub.sync().publish("events", "hello")).isEqualTo(1);
            assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("events:hello");
        }
    }
}
