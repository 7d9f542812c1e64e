package dev.keyslot.datanode.replication;

import dev.keyslot.datanode.testing.RawConnection;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replicas held in a full resynchronization: raw connections that ask for one and never read the payload, while
 * the master's snapshot is slowed down to a second per key, so that the stream written meanwhile stays in the
 * master's replication buffer for them.
 */
final class HeldFullResync {
    private static final long SETTLE_MILLIS = 10_000;

    private HeldFullResync() {
    }

    /** Starts it for replicas (which may take a diskless payload, shared when they start together); the first +FULLRESYNC line. */
    static String start(RawConnection master, RawConnection... replicas) {
        master.callString("SET", "seed", "v");
        master.callString("CONFIG", "SET", "rdb-key-save-delay", "1000000");
        for (RawConnection r : replicas) {
            assertThat(r.callString("REPLCONF", "capa", "eof", "capa", "psync2")).isEqualTo("+OK\r\n");
            r.send(RawConnection.encode("PSYNC", "?", "-1"));
        }
        String reply = replicas[0].readReplyAfterKeepalives();
        assertThat(reply).startsWith("+FULLRESYNC");
        return reply;
    }

    /** Lets the slowed snapshot end (its replicas gone) so that the next test starts a snapshot of its own. */
    static void end(RawConnection admin) {
        admin.callString("CONFIG", "SET", "rdb-key-save-delay", "0");
        long deadline = System.currentTimeMillis() + SETTLE_MILLIS;
        while (InfoFields.number(admin.callString("INFO", "persistence"), "rdb_bgsave_in_progress") != 0
                && System.currentTimeMillis() < deadline) {
            sleep();
        }
    }

    static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
