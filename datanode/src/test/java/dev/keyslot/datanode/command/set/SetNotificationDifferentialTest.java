package dev.keyslot.datanode.command.set;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.KeyspaceEventLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Keyspace notifications of the set commands, compared with redis-server 7.0 message by message. */
class SetNotificationDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClassWithoutReset("--notify-keyspace-events", "KEA");

    @Test
    void addRemoveMove() {
        try (KeyspaceEventLog log = KeyspaceEventLog.open(diff)) {
            log.run("SADD s a b c", "SADD s a", "SREM s x", "SREM s a", "SREM nokey a", "SMOVE s t b", "SMOVE s t b",
                    "SADD t c", "SMOVE s t c", "SMOVE t t c", "SMOVE nokey t a", "SREM t b c", "SISMEMBER t c");
        }
    }

    @Test
    void pops() {
        try (KeyspaceEventLog log = KeyspaceEventLog.open(diff)) {
            log.run("SADD s 1", "SPOP s", "SPOP s", "SADD s 1 2 3 4 5 6 7 8 9 10", "SPOP s 0");
            // Which member is left after random pops differs between the servers; the events do not.
            log.runUncompared("SPOP s 1", "SPOP s 7", "SPOP s", "SPOP s 5");
            log.run("EXISTS s", "SADD u 1 2", "SPOP u 2", "SPOP nokey 2", "SRANDMEMBER nokey");
            log.runUncompared("SADD w a b c d e f g h i j k l m n o p", "SPOP w 14", "SPOP w");
            log.run("SCARD w");
        }
    }

    @Test
    void stores() {
        try (KeyspaceEventLog log = KeyspaceEventLog.open(diff)) {
            log.run("SADD a 1 2 3", "SADD b 2 3 4", "SINTERSTORE d a b", "SUNIONSTORE d a b", "SDIFFSTORE d a b",
                    "SINTERSTORE d a nokey", "SINTERSTORE d a nokey", "SUNIONSTORE e nokey", "SDIFFSTORE d a a",
                    "SUNIONSTORE d a", "SINTERCARD 2 a b");
        }
    }
}
