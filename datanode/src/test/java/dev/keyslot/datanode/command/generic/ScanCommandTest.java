package dev.keyslot.datanode.command.generic;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.RawConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SCAN against redis-server 7.0. Cursors and batch order depend on each server's hash function, so full
 * iterations are compared as sets; errors and empty-database replies are compared byte for byte.
 */
class ScanCommandTest {
    @RegisterExtension
    static final Differential diff = Differential.perClass();

    @Test
    void cursorAndOptionErrors() {
        diff.checkAll("SET k v", "SCAN abc", "SCAN 1x", "SCAN 0x10", "SCAN 18446744073709551616", "SCAN -",
                "SCAN +", "SCAN 0 COUNT 0", "SCAN 0 COUNT -1", "SCAN 0 COUNT abc", "SCAN 0 MATCH", "SCAN 0 COUNT",
                "SCAN 0 TYPE", "SCAN 0 FOO bar", "SCAN 0 MATCH * COUNT", "SCAN abc COUNT 0", "SCAN");
        diff.check("SCAN", " 1");
        diff.check("SCAN", "1 ");
    }

    @Test
    void emptyDatabaseRepliesWithCursorZero() {
        diff.checkAll("SCAN 0", "SCAN 17", "SCAN -1", "SCAN +5", "SCAN 18446744073709551615", "SCAN 0 MATCH a* COUNT 5",
                "SCAN 0 TYPE string");
        diff.check("SCAN", "");
    }

    @Test
    void fullIterationReturnsEveryKey() {
        for (int i = 0; i < 300; i++) {
            diff.check("SET", "key:" + i, "v");
        }
        for (String[] options : List.of(new String[0], new String[] {"COUNT", "1"}, new String[] {"COUNT", "1000"},
                new String[] {"MATCH", "key:1*"}, new String[] {"MATCH", "*"}, new String[] {"MATCH", "key:?", "COUNT", "7"},
                new String[] {"TYPE", "string"}, new String[] {"TYPE", "STRING"}, new String[] {"TYPE", "hash"},
                new String[] {"type", "none"}, new String[] {"MATCH", "nothing*", "TYPE", "string"})) {
            assertThat(fullScan(diff.nodeConnection(), options)).as(String.join(" ", options))
                    .isEqualTo(fullScan(diff.redisConnection(), options));
        }
    }

    @Test
    void hugeCountReturnsEverythingInOneCall() {
        for (int i = 0; i < 100; i++) {
            diff.check("SET", "key:" + i, "v");
        }
        for (String count : List.of("9223372036854775807", "1000")) {
            List<?> redis = (List<?>) Resp.parse(diff.redisConnection().call("SCAN", "0", "COUNT", count));
            List<?> node = (List<?>) Resp.parse(diff.nodeConnection().call("SCAN", "0", "COUNT", count));
            assertThat(node.get(0)).isEqualTo(redis.get(0)).isEqualTo("0");
            assertThat(new TreeSet<>((List<?>) node.get(1))).isEqualTo(new TreeSet<>((List<?>) redis.get(1)));
        }
    }

    @Test
    void expiredKeysAreSkipped() throws InterruptedException {
        for (int i = 0; i < 20; i++) {
            diff.check("SET", "live:" + i, "v");
            diff.check("SET", "dead:" + i, "v", "PX", "1");
        }
        Thread.sleep(20);
        assertThat(fullScan(diff.nodeConnection())).isEqualTo(fullScan(diff.redisConnection()));
        diff.check("DBSIZE");
    }

    @Test
    void typeFilterCountsKeyspaceHitsLikeRedis() {
        for (int i = 0; i < 50; i++) {
            diff.check("SET", "k" + i, "v");
        }
        Counters redisBefore = Counters.ofRedis(diff);
        Counters nodeBefore = Counters.ofNode(diff);
        fullScan(diff.redisConnection(), "TYPE", "string", "MATCH", "k1*");
        fullScan(diff.nodeConnection(), "TYPE", "string", "MATCH", "k1*");
        assertThat(Counters.ofNode(diff).minus(nodeBefore)).isEqualTo(Counters.ofRedis(diff).minus(redisBefore));
    }

    /**
     * The SCAN guarantee end to end: keys present throughout are returned, while another client adds and
     * removes keys between calls so that the keyspace table grows and later shrinks.
     */
    @Test
    void keysPresentThroughoutAreReturnedDespiteConcurrentChanges() {
        RawConnection scanner = diff.nodeConnection();
        try (RawConnection writer = new RawConnection(diff.node().host(), diff.node().port())) {
            for (int i = 0; i < 200; i++) {
                writer.call("SET", "stable:" + i, "v");
            }
            Set<String> seen = new HashSet<>();
            String cursor = "0";
            int added = 0;
            int removed = 0;
            int calls = 0;
            do {
                List<?> reply = (List<?>) Resp.parse(scanner.call("SCAN", cursor, "COUNT", "5"));
                cursor = (String) reply.get(0);
                for (Object k : (List<?>) reply.get(1)) {
                    seen.add((String) k);
                }
                if (calls++ < 60) {
                    for (int k = 0; k < 60; k++) {
                        writer.call("SET", "churn:" + added++, "v");
                    }
                } else {
                    for (int k = 0; k < 120 && removed < added; k++) {
                        writer.call("DEL", "churn:" + removed++);
                    }
                }
            } while (!cursor.equals("0") && calls < 10_000);
            assertThat(cursor).isEqualTo("0");
            for (int i = 0; i < 200; i++) {
                assertThat(seen).contains("stable:" + i);
            }
        }
    }

    private static Set<String> fullScan(RawConnection conn, String... options) {
        Set<String> keys = new TreeSet<>();
        String cursor = "0";
        int calls = 0;
        do {
            List<String> args = new ArrayList<>(List.of("SCAN", cursor));
            args.addAll(List.of(options));
            List<?> reply = (List<?>) Resp.parse(conn.call(args.toArray(new String[0])));
            cursor = (String) reply.get(0);
            for (Object k : (List<?>) reply.get(1)) {
                keys.add((String) k);
            }
        } while (!cursor.equals("0") && ++calls < 100_000);
        return keys;
    }
}
