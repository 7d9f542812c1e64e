package dev.keyslot.datanode.command.list;

import dev.keyslot.datanode.testing.ConnectionPair;
import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.KeyspaceEventLog;
import dev.keyslot.datanode.testing.ServerSide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Keyspace notifications of the list commands, compared with redis-server 7.0 message by message. */
class ListNotificationDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClassWithoutReset("--notify-keyspace-events", "KEA");

    @Test
    void pushesPopsAndEdits() {
        try (KeyspaceEventLog log = KeyspaceEventLog.open(diff)) {
            log.run("LPUSH l a b", "RPUSH l c", "LPUSHX nokey a", "RPUSHX l d", "LPOP l", "RPOP l 2", "LPOP l 0",
                    "LPOP nokey", "LSET l 0 z", "LINSERT l BEFORE z y", "LINSERT l AFTER nothere q",
                    "LINSERT nokey BEFORE a b", "RPUSH l a b a c a", "LREM l 2 a", "LREM l 0 nothere", "LTRIM l 0 -1",
                    "LTRIM l 1 2", "LREM l 0 a", "LRANGE l 0 -1", "LPOP l 10", "RPUSH m x", "LTRIM m 5 10",
                    "RPUSH m x", "RPOP m");
        }
    }

    @Test
    void moves() {
        try (KeyspaceEventLog log = KeyspaceEventLog.open(diff)) {
            log.run("RPUSH s a b c", "LMOVE s d LEFT RIGHT", "RPOPLPUSH s d", "LMOVE s s RIGHT LEFT", "LMOVE s d LEFT LEFT",
                    "LMOVE nokey d LEFT LEFT", "BLMOVE d s RIGHT LEFT 0.01", "BRPOPLPUSH d s 0.01",
                    "LMPOP 2 nokey s RIGHT COUNT 2", "BLMPOP 0.01 1 s LEFT", "BLPOP d 0.01", "BRPOP s d 0.01");
        }
    }

    @Test
    void blockedClientsServedByAPush() {
        try (KeyspaceEventLog log = KeyspaceEventLog.open(diff);
             ConnectionPair blocked = ConnectionPair.open(diff)) {
            ServerSide redis = ServerSide.of(diff.redis());
            ServerSide node = ServerSide.of(diff.node());
            blocked.send("BLPOP", "q", "0");
            redis.awaitBlocked(1);
            node.awaitBlocked(1);
            log.writer().check("RPUSH", "q", "a", "b");
            blocked.checkReply("BLPOP served");
            blocked.send("BLMOVE", "q", "dst", "LEFT", "RIGHT", "0");
            blocked.checkReply("BLMOVE served at once");
            blocked.send("BLMOVE", "q", "dst", "RIGHT", "LEFT", "0");
            redis.awaitBlocked(1);
            node.awaitBlocked(1);
            log.writer().check("LPUSH", "q", "c");
            blocked.checkReply("BLMOVE served");
            blocked.send("BLMPOP", "0", "1", "q", "LEFT", "COUNT", "3");
            redis.awaitBlocked(1);
            node.awaitBlocked(1);
            log.writer().check("RPUSH", "q", "d", "e");
            blocked.checkReply("BLMPOP served");
            log.assertSameEvents("blocked pops");
        }
    }
}
