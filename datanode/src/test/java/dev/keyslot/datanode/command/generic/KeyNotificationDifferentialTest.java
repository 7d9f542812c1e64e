package dev.keyslot.datanode.command.generic;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.KeyspaceEventLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Keyspace notifications of the generic key commands, compared with redis-server 7.0 message by message. */
class KeyNotificationDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClassWithoutReset("--notify-keyspace-events", "KEA");

    @Test
    void deleteAndExpire() {
        try (KeyspaceEventLog log = KeyspaceEventLog.open(diff)) {
            log.run("SET a 1", "SET b 1", "DEL a missing", "UNLINK b", "SET c 1", "EXPIRE c 100",
                    "PEXPIRE c 100000 XX", "EXPIRE c 10 NX", "EXPIREAT c 4000000000", "PEXPIREAT c 4000000000000",
                    "PERSIST c", "PERSIST c", "EXPIRE missing 10", "EXPIRE c -1", "SET d 1", "PEXPIREAT d 1",
                    "TTL d", "EXISTS d");
        }
    }

    @Test
    void renameMoveCopy() {
        try (KeyspaceEventLog log = KeyspaceEventLog.open(diff)) {
            log.run("SET a 1", "RENAME a b", "SET c 2", "RENAME b c", "RENAMENX c d", "SET e 1",
                    "RENAMENX c e", "RENAME c c", "MOVE d 3", "MOVE d 3", "SET f 1", "COPY f g", "COPY f g",
                    "COPY f g REPLACE", "COPY f g DB 4", "SELECT 3", "MOVE d 0", "SELECT 0");
        }
    }

    @Test
    void sortStore() {
        try (KeyspaceEventLog log = KeyspaceEventLog.open(diff)) {
            log.run("RPUSH src 3 1 2", "SORT src STORE dst", "SORT src LIMIT 0 0 STORE dst", "SORT missing STORE dst",
                    "SORT src ALPHA STORE out");
        }
    }

    @Test
    void restore() {
        try (KeyspaceEventLog log = KeyspaceEventLog.open(diff)) {
            log.writer().check("SET", "s", "v");
            String payload = (String) Resp.parse(Latin1.call(diff.redisConnection(), "DUMP", "s"));
            diff.check(Latin1.args("RESTORE", "r", "0", payload));
            diff.check(Latin1.args("RESTORE", "r", "0", payload, "REPLACE"));
            diff.check(Latin1.args("RESTORE", "r", "1", payload, "REPLACE", "ABSTTL"));
            diff.check(Latin1.args("RESTORE", "t", "100000", payload));
            diff.check(Latin1.args("RESTORE", "u", "1", payload, "ABSTTL"));
            log.assertSameEvents("RESTORE");
        }
    }
}
