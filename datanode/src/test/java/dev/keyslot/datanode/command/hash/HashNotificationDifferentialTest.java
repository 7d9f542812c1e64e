package dev.keyslot.datanode.command.hash;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.KeyspaceEventLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Keyspace notifications of the hash commands, compared with redis-server 7.0 message by message. */
class HashNotificationDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClassWithoutReset("--notify-keyspace-events", "KEA");

    @Test
    void writesIncrementsAndDeletes() {
        try (KeyspaceEventLog log = KeyspaceEventLog.open(diff)) {
            log.run("HSET h a 1 b 2", "HSET h a 1", "HMSET h c 3", "HSETNX h a 9", "HSETNX h d 4", "HSETNX g x 1",
                    "HINCRBY h n 5", "HINCRBY fresh n 1", "HINCRBYFLOAT h f 1.5", "HINCRBYFLOAT fresh2 f 2",
                    "HDEL h missing", "HDEL h a b", "HDEL g x", "HDEL nokey a", "HGET h c", "HGET nokey a",
                    "HGETALL nokey", "HLEN h");
        }
    }

    @Test
    void failedIncrementsPublishNothing() {
        try (KeyspaceEventLog log = KeyspaceEventLog.open(diff)) {
            log.writer().check("HSET", "h", "s", "abc");
            log.run("HINCRBY h s 1", "HINCRBYFLOAT h s 1", "HSET h n 1");
        }
    }
}
