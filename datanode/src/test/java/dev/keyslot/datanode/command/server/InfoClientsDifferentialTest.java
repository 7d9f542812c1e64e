package dev.keyslot.datanode.command.server;

import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RedisServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * INFO clients' blocked_clients, clients_in_timeout_table and tracking_clients count what redis-server 7.0
 * counts, step by step: clients blocked in BLPOP, XREAD BLOCK and WAIT, with and without a timeout, held by
 * CLIENT PAUSE, tracking, and released again.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class InfoClientsDifferentialTest {
    private static final String[] FIELDS = {"blocked_clients", "clients_in_timeout_table", "tracking_clients"};

    /** The same connection to both servers. */
    private record Pair(RawConnection redis, RawConnection node) implements AutoCloseable {
        void send(String... args) {
            redis.send(RawConnection.encode(args));
            node.send(RawConnection.encode(args));
        }

        void call(String... args) {
            assertThat(node.callString(args)).as(String.join(" ", args)).isEqualTo(redis.callString(args));
        }

        void awaitReply() {
            assertThat(node.readReplyString()).isEqualTo(redis.readReplyString());
        }

        @Override
        public void close() {
            redis.close();
            node.close();
        }
    }

    @Test
    void blockedTrackingAndTimeoutCountsMatchRedis() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start();
             EmbeddedDataNode node = EmbeddedDataNode.start();
             Pair admin = pair(redis, node)) {
            List<Pair> clients = new ArrayList<>();
            try {
                expect(admin, "0 0 0");
                clients.add(blocked(redis, node, "BLPOP", "list", "0"));
                expect(admin, "1 0 0");
                clients.add(blocked(redis, node, "XREAD", "BLOCK", "60000", "STREAMS", "s", "$"));
                expect(admin, "2 1 0");
                clients.add(blocked(redis, node, "WAIT", "1", "60000"));
                expect(admin, "3 2 0");
                clients.add(blocked(redis, node, "WAIT", "1", "0"));
                expect(admin, "4 2 0");
                clients.add(blocked(redis, node, "BRPOP", "list", "60"));
                expect(admin, "5 3 0");
                Pair tracking = pair(redis, node);
                clients.add(tracking);
                tracking.call("CLIENT", "TRACKING", "on");
                expect(admin, "5 3 1");

                admin.call("LPUSH", "list", "a", "b");
                clients.get(0).awaitReply();
                clients.get(4).awaitReply();
                expect(admin, "3 2 1");
                admin.call("XADD", "s", "1-1", "f", "v");
                clients.get(1).awaitReply();
                expect(admin, "2 1 1");

                admin.call("CLIENT", "PAUSE", "60000", "WRITE");
                clients.add(blocked(redis, node, "SET", "k", "v"));
                expect(admin, "3 1 1");
                admin.call("CLIENT", "UNPAUSE");
                clients.get(clients.size() - 1).awaitReply();
                expect(admin, "2 1 1");

                tracking.call("CLIENT", "TRACKING", "off");
                expect(admin, "2 1 0");
            } finally {
                clients.forEach(Pair::close);
            }
            expect(admin, "0 0 0");
        }
    }

    private static Pair pair(RedisServerProcess redis, EmbeddedDataNode node) {
        return new Pair(new RawConnection(redis.host(), redis.port()), new RawConnection(node.host(), node.port()));
    }

    private static Pair blocked(RedisServerProcess redis, EmbeddedDataNode node, String... command) {
        Pair p = pair(redis, node);
        p.send(command);
        return p;
    }

    /** Waits until both servers report the expected counts (FIELDS order), then compares the lines. */
    private static void expect(Pair admin, String counts) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        String redisCounts;
        String nodeCounts;
        do {
            redisCounts = counts(admin.redis());
            nodeCounts = counts(admin.node());
            if (redisCounts.equals(counts) && nodeCounts.equals(counts)) {
                break;
            }
            Thread.sleep(10);
        } while (System.currentTimeMillis() < deadline);
        assertThat(redisCounts).as("redis-server").isEqualTo(counts);
        assertThat(nodeCounts).as("data node").isEqualTo(redisCounts);
    }

    private static String counts(RawConnection conn) {
        String info = conn.callString("INFO", "clients");
        List<String> values = new ArrayList<>();
        for (String field : FIELDS) {
            values.add(Arrays.stream(info.split("\r\n")).filter(l -> l.startsWith(field + ":"))
                    .map(l -> l.substring(field.length() + 1)).findFirst().orElse("?"));
        }
        return String.join(" ", values);
    }
}
