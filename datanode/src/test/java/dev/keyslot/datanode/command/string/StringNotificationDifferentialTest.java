package dev.keyslot.datanode.command.string;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.KeyspaceEventLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Keyspace notifications of the string commands, compared with redis-server 7.0 message by message. */
class StringNotificationDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClassWithoutReset("--notify-keyspace-events", "KEA");

    @Test
    void setFamily() {
        try (KeyspaceEventLog log = KeyspaceEventLog.open(diff)) {
            log.run("SET a 1", "SET a 2 XX PX 100000", "SET a 3 NX", "SET b 1 NX GET", "SET a 4 KEEPTTL",
                    "SETNX a 1", "SETNX c 1", "SETEX d 100 v", "PSETEX e 100000 v", "GETSET a 9", "GETSET f 1",
                    "MSET a 1 g 2 h 3", "MSETNX a 1 i 2", "MSETNX j 1 k 2");
        }
    }

    @Test
    void getdelAndGetex() {
        try (KeyspaceEventLog log = KeyspaceEventLog.open(diff)) {
            log.run("SET a 1", "GETDEL a", "GETDEL a", "SET b 1", "GETEX b EX 100", "GETEX b PERSIST",
                    "GETEX b PERSIST", "GETEX b", "GETEX missing EX 10", "GETEX b PXAT 1", "GET b");
        }
    }

    @Test
    void countersAndRanges() {
        try (KeyspaceEventLog log = KeyspaceEventLog.open(diff)) {
            log.writer().check("SETRANGE", "s", "1", "");
            log.writer().check("SETRANGE", "u", "0", "");
            log.run("INCR n", "DECR n", "INCRBY n 5", "DECRBY n 2", "INCRBYFLOAT n 1.5", "INCRBYFLOAT f 2",
                    "SET s abc", "INCR s", "APPEND s def", "APPEND t x", "SETRANGE s 1 ZZ", "SETRANGE v 3 x",
                    "STRLEN s", "GETRANGE s 0 1");
            log.writer().check("SETRANGE", "s", "1", "");
            log.runSilently("STRLEN s");

        }
    }

    @Test
    void bitCommands() {
        try (KeyspaceEventLog log = KeyspaceEventLog.open(diff)) {
            log.run("SETBIT b 7 1", "SETBIT b 7 1", "SETBIT b 7 0", "SETBIT b 100 0",
                    "BITFIELD f SET u8 0 255", "BITFIELD f GET u8 0", "BITFIELD f INCRBY u8 0 0",
                    "BITOP OR dest b f", "BITOP AND dest missing1 missing2", "BITOP AND dest missing1 missing2",
                    "BITCOUNT b", "GETBIT missing 0");
        }
    }
}
