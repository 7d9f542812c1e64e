package dev.keyslot.datanode.interop;

import dev.keyslot.datanode.testing.EmbeddedDataNode;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.Transaction;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Jedis, a widely used client, drives transactions and pub/sub against the data node. */
class JedisTransactionPubSubTest {
    /** Jedis's default 2 s read timeout is shorter than a cold server's first replies on a loaded CI machine. */
    private static final int TIMEOUT_MILLIS = 30_000;

    @Test
    void transactionsAndOptimisticLocking() {
        try (EmbeddedDataNode node = EmbeddedDataNode.start();
             Jedis jedis = new Jedis(node.host(), node.port(), TIMEOUT_MILLIS);
             Jedis other = new Jedis(node.host(), node.port(), TIMEOUT_MILLIS)) {
            Transaction t = jedis.multi();
            t.set("k", "v");
            t.get("k");
            assertThat(t.exec()).containsExactly("OK", "v");

            jedis.watch("k");
            other.set("k", "changed");
            Transaction aborted = jedis.multi();
            aborted.set("k", "mine");
            assertThat(aborted.exec()).isNull();
            assertThat(jedis.get("k")).isEqualTo("changed");
        }
    }

    @Test
    void subscriberReceivesPublishedMessages() throws Exception {
        try (EmbeddedDataNode node = EmbeddedDataNode.start();
             Jedis subscriber = new Jedis(node.host(), node.port(), TIMEOUT_MILLIS);
             Jedis publisher = new Jedis(node.host(), node.port(), TIMEOUT_MILLIS)) {
            BlockingQueue<String> received = new ArrayBlockingQueue<>(10);
            JedisPubSub listener = new JedisPubSub() {
                @Override
                public void onSubscribe(String channel, int subscribedChannels) {
                    received.add("subscribed " + channel + " " + subscribedChannels);
                }

                @Override
                public void onMessage(String channel, String message) {
                    received.add(channel + ": " + message);
                    unsubscribe();
                }
            };
            Thread thread = new Thread(() -> subscriber.subscribe(listener, "news"));
            thread.start();
            assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("subscribed news 1");
            assertThat(publisher.publish("news", "hello")).isEqualTo(1);
            assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("news: hello");
            thread.join(5000);
            assertThat(thread.isAlive()).isFalse();
            assertThat(publisher.pubsubNumSub("news")).isEqualTo(java.util.Map.of("news", 0L));
            assertThat(List.of(subscriber.ping())).containsExactly("PONG");
        }
    }
}
