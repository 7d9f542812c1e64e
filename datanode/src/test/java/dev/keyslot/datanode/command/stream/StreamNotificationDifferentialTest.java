package dev.keyslot.datanode.command.stream;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.KeyspaceEventLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Keyspace notifications of the stream commands, compared with redis-server 7.0 message by message. */
class StreamNotificationDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClassWithoutReset("--notify-keyspace-events", "KEA");

    @Test
    void entriesAddedDeletedAndTrimmed() {
        try (KeyspaceEventLog log = KeyspaceEventLog.open(diff)) {
            log.run("XADD s 1-0 a b", "XADD s MAXLEN 1 2-0 a b", "XADD s MAXLEN 5 3-0 a b", "XADD s 1-0 a b",
                    "XADD n NOMKSTREAM 1-0 a b", "XDEL s 2-0", "XDEL s 2-0 9-0", "XTRIM s MAXLEN 0", "XTRIM s MAXLEN 0",
                    "XADD s 4-0 a b", "XSETID s 10-0", "XSETID s 1-0", "XRANGE s - +", "XLEN s", "XDEL s 4-0",
                    "EXISTS s");
        }
    }

    @Test
    void consumerGroups() {
        try (KeyspaceEventLog log = KeyspaceEventLog.open(diff)) {
            log.run("XGROUP CREATE s g $ MKSTREAM", "XGROUP CREATE s g $", "XGROUP SETID s g 0",
                    "XGROUP CREATECONSUMER s g c", "XGROUP CREATECONSUMER s g c", "XADD s 1-0 a b", "XADD s 2-0 a b",
                    "XREADGROUP GROUP g c2 COUNT 1 STREAMS s >", "XREADGROUP GROUP g c2 STREAMS s 0",
                    "XREADGROUP GROUP g c3 NOACK STREAMS s >", "XACK s g 1-0", "XCLAIM s g c4 0 2-0 FORCE",
                    "XAUTOCLAIM s g c5 0 0", "XGROUP DELCONSUMER s g c", "XGROUP DELCONSUMER s g nobody",
                    "XGROUP DESTROY s g", "XGROUP DESTROY s g", "XREAD STREAMS s 0", "XINFO STREAM s");
        }
    }
}
