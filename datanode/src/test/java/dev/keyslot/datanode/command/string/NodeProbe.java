package dev.keyslot.datanode.command.string;

import dev.keyslot.datanode.keyspace.KeyEntry;
import dev.keyslot.datanode.testing.Differential;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compares state that has no command on this branch yet (TTL, OBJECT ENCODING, the change counter) by
 * asking redis-server over the wire and reading the data node's keyspace on its command thread.
 */
final class NodeProbe {
    private final Differential diff;

    NodeProbe(Differential diff) {
        this.diff = diff;
    }

    /** Asserts both servers report the same TTL in seconds for key, allowing one second of drift. */
    void assertSameTtl(String key) {
        long expected = Long.parseLong(reply(diff.redisConnection().call("TTL", key)));
        long actual = nodeTtl(key);
        if (expected < 0) {
            assertThat(actual).as("TTL of " + key).isEqualTo(expected);
        } else {
            assertThat(actual).as("TTL of " + key).isBetween(expected - 1, expected + 1);
        }
    }

    /** TTL as Redis computes it (-2 missing, -1 persistent, else rounded seconds), read on the command thread. */
    long nodeTtl(String key) {
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
    void assertSameRawness(String key) {
        String encoding = reply(diff.redisConnection().call("OBJECT", "ENCODING", key));
        boolean nodeRaw = onNode(() -> {
            KeyEntry e = diff.node().server().keyspace().db(0).lookup(key.getBytes(StandardCharsets.ISO_8859_1));
            return e.rawString() || ((byte[]) e.value).length > 44;
        });
        assertThat(nodeRaw).as("raw encoding of " + key + " (redis: " + encoding + ")").isEqualTo(encoding.equals("raw"));
    }

    /** Asserts the change counters (rdb_changes_since_last_save) moved by the same amount on both servers. */
    void assertSameDirtyDelta(long redisBefore, long nodeBefore) {
        assertThat(nodeDirty() - nodeBefore).as("dirty delta").isEqualTo(redisDirty() - redisBefore);
    }

    long redisDirty() {
        return redisInfoField("persistence", "rdb_changes_since_last_save");
    }

    long redisExpiredKeys() {
        return redisInfoField("stats", "expired_keys");
    }

    long nodeExpiredKeys() {
        return onNode(() -> diff.node().server().stats().expiredKeys);
    }

    private long redisInfoField(String section, String field) {
        String info = reply(diff.redisConnection().call("INFO", section));
        for (String line : info.split("\r\n")) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1));
            }
        }
        throw new IllegalStateException("no " + field + " in INFO " + section);
    }

    long nodeDirty() {
        return onNode(() -> diff.node().server().stats().dirty);
    }

    private <T> T onNode(Callable<T> task) {
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
