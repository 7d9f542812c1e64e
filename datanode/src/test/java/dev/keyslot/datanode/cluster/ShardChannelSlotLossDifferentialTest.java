package dev.keyslot.datanode.cluster;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.RawConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node that stops serving a slot unsubscribes the clients of the slot's shard channels and tells each with an
 * sunsubscribe (Redis's removeChannelsInSlot), channels in byte order, for every way a single node loses a slot:
 * DELSLOTS, FLUSHSLOTS, SETSLOT NODE (even to itself: Redis unassigns the slot first) and RESET.
 */
class ShardChannelSlotLossDifferentialTest {
    private static final int READ_TIMEOUT_MILLIS = 5000;

    @RegisterExtension
    static final Differential diff = Differential.perClass("--cluster-enabled", "yes");

    @Test
    void delSlotsUnsubscribesTheSlotsChannelsInByteOrder() {
        assertThat(transcript(false, "CLUSTER DELSLOTS " + KeySlot.of(bytes("s"))))
                .isEqualTo(transcript(true, "CLUSTER DELSLOTS " + KeySlot.of(bytes("s"))));
    }

    @Test
    void flushSlotsUnsubscribesEveryShardChannel() {
        assertThat(transcript(false, "CLUSTER FLUSHSLOTS")).isEqualTo(transcript(true, "CLUSTER FLUSHSLOTS"));
    }

    @Test
    void setSlotNodeToItselfUnsubscribesTheSlotsChannels() {
        assertThat(transcript(false, "CLUSTER SETSLOT " + KeySlot.of(bytes("s")) + " NODE "))
                .isEqualTo(transcript(true, "CLUSTER SETSLOT " + KeySlot.of(bytes("s")) + " NODE "));
    }

    @Test
    void resetUnsubscribesEveryShardChannel() {
        assertThat(transcript(false, "CLUSTER RESET HARD")).isEqualTo(transcript(true, "CLUSTER RESET HARD"));
    }

    /**
     * Two subscribers, one to two channels of slot {s} (and ch3 elsewhere), one to a single channel of {s};
     * then the command (a trailing "NODE " gets this node's id) and what each subscriber receives after it.
     */
    private static String transcript(boolean redis, String command) {
        StringBuilder t = new StringBuilder();
        try (RawConnection admin = diff.newConnection(redis);
             RawConnection first = diff.newConnection(redis);
             RawConnection second = diff.newConnection(redis)) {
            admin.call("FLUSHALL");
            admin.call("CLUSTER", "RESET", "HARD");
            t.append(admin.callString("CLUSTER", "ADDSLOTSRANGE", "0", "16383"));
            t.append(first.callString("SSUBSCRIBE", "{s}b"));
            t.append(first.callString("SSUBSCRIBE", "{s}a"));
            t.append(first.callString("SSUBSCRIBE", "ch3"));
            t.append(second.callString("SSUBSCRIBE", "{s}a"));
            String full = command.endsWith(" NODE ") ? command + myId(admin) : command;
            t.append(admin.callString(full.split(" ")));
            first.setReadTimeout(READ_TIMEOUT_MILLIS);
            second.setReadTimeout(READ_TIMEOUT_MILLIS);
            int firstNotices = command.contains("DELSLOTS") || command.contains("SETSLOT") ? 2 : 3;
            for (int i = 0; i < firstNotices; i++) {
                t.append(first.readReplyString());
            }
            t.append(second.readReplyString());
            // Out of subscribed mode once nothing is left: PING then answers as to any client.
            t.append(first.callString("PING")).append(second.callString("PING"));
            admin.call("CLUSTER", "RESET", "HARD");
        }
        return t.toString();
    }

    private static String myId(RawConnection c) {
        String reply = c.callString("CLUSTER", "MYID");
        return reply.substring(reply.indexOf('\n') + 1, reply.length() - 2);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
