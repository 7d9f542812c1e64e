package dev.keyslot.datanode.command.string;

import dev.keyslot.datanode.keyspace.KeyEntry;
import dev.keyslot.datanode.testing.Differential;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** One redis-server and one data node per test class, emptied before each test. */
abstract class StringDifferentialBase {
    static Differential diff;

    @BeforeAll
    static void start() {
        diff = new Differential();
    }

    @AfterAll
    static void stop() {
        diff.close();
    }

    @BeforeEach
    void reset() {
        diff.reset();
    }

    /** Asserts both servers report the same TTL in seconds for key, allowing one second of drift. */
    static void assertSameTtl(String key) {
        long expected = Long.parseLong(reply(diff.redisConnection().call("TTL", key)));
        long actual = nodeTtl(key);
        if (expected < 0) {
            assertThat(actual).as("TTL of " + key).isEqualTo(expected);
        } else {
            assertThat(actual).as("TTL of " + key).isBetween(expected - 1, expected + 1);
        }
    }

    /** TTL as Redis computes it (-2 missing, -1 persistent, else rounded seconds), read on the command thread. */
    static long nodeTtl(String key) {
        return onNode(() -> {
            var db = diff.node().server().keyspace().db(0);
            KeyEntry e = db.lookup(key.getBytes(StandardCharsets.ISO_8859_1));
            if (e == null) {
                return -2L;
            }
            return e.hasExpiry() ? (e.expireAt - db.now() + 500) / 1000 : -1L;
        });
    }

    /**
     * Asserts that OBJECT ENCODING on redis-server is "raw" exactly when the data node flags the key raw or
     * its value is too long for embstr (how OBJECT derives it).
     */
    static void assertSameRawness(String key) {
        String encoding = reply(diff.redisConnection().call("OBJECT", "ENCODING", key));
        boolean nodeRaw = onNode(() -> {
            KeyEntry e = diff.node().server().keyspace().db(0).lookup(key.getBytes(StandardCharsets.ISO_8859_1));
            return e.rawString || ((byte[]) e.value).length > 44;
        });
        assertThat(nodeRaw).as("raw encoding of " + key + " (redis: " + encoding + ")").isEqualTo(encoding.equals("raw"));
    }

    /** Asserts the change counters (rdb_changes_since_last_save) moved by the same amount on both servers. */
    static void assertSameDirtyDelta(long redisBefore, long nodeBefore) {
        assertThat(nodeDirty() - nodeBefore).as("dirty delta").isEqualTo(redisDirty() - redisBefore);
    }

    static long redisDirty() {
        String info = reply(diff.redisConnection().call("INFO", "persistence"));
        for (String line : info.split("\r\n")) {
            if (line.startsWith("rdb_changes_since_last_save:")) {
                return Long.parseLong(line.substring(line.indexOf(':') + 1));
            }
        }
        throw new IllegalStateException("no rdb_changes_since_last_save in INFO");
    }

    static long nodeDirty() {
        return onNode(() -> diff.node().server().stats().dirty);
    }

    private static <T> T onNode(java.util.concurrent.Callable<T> task) {
        try {
            return diff.node().server().eventLoop().submit(task).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The payload of a simple, integer or bulk reply. */
    static String reply(byte[] raw) {
        String s = new String(raw, StandardCharsets.ISO_8859_1);
        if (s.startsWith("$")) {
            return s.substring(s.indexOf("\r\n") + 2, s.length() - 2);
        }
        return s.substring(1, s.length() - 2);
    }
}
