package dev.keyslot.datanode.command;

import dev.keyslot.datanode.testing.RawConnection;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One client of the multi-client fuzzer: a connection to each server (index 0 redis-server, 1 the data node),
 * its id on each, and what redis-server's CLIENT LIST last said about it (blocked, in MULTI, in subscribed
 * mode, protocol), which decides how the fuzzer reads its replies.
 */
final class FuzzedClient implements AutoCloseable {
    static final byte[] PONG = "+PONG\r\n".getBytes(StandardCharsets.US_ASCII);
    /** PING's answer in RESP2 subscribed mode. */
    static final byte[] SUBSCRIBED_PONG = "*2\r\n$4\r\npong\r\n$0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int READ_TIMEOUT_MILLIS = 5000;
    /** More replies than this before a PING's answer means the fuzzer lost track of the connection. */
    private static final int MAX_REPLIES = 10_000;

    final RawConnection[] sides;
    final String[] ids = new String[2];
    boolean blocked;
    boolean inMulti;
    boolean subscribed;
    boolean resp3;

    FuzzedClient(RawConnection redis, RawConnection node) {
        sides = new RawConnection[] {redis, node};
        for (int s = 0; s < 2; s++) {
            sides[s].setReadTimeout(READ_TIMEOUT_MILLIS);
            String reply = sides[s].callString("CLIENT", "ID");
            ids[s] = reply.substring(1, reply.length() - 2);
        }
    }

    /** Pushes it may receive from other clients' requests (RESP2 subscribers get them as plain arrays). */
    boolean receivesPushes() {
        return subscribed || resp3;
    }

    /** Replies up to the first that is not a RESP3 push. */
    static List<byte[]> readReply(RawConnection c) {
        List<byte[]> replies = new ArrayList<>();
        for (int i = 0; i < MAX_REPLIES; i++) {
            byte[] reply = c.readReply();
            replies.add(reply);
            if (reply[0] != '>') {
                return replies;
            }
        }
        throw new IllegalStateException("only pushes");
    }

    /** Replies up to and including the answer of a PING sent after them. */
    static List<byte[]> readUntilPong(RawConnection c) {
        List<byte[]> replies = new ArrayList<>();
        for (int i = 0; i < MAX_REPLIES; i++) {
            byte[] reply = c.readReply();
            replies.add(reply);
            if (Arrays.equals(reply, PONG) || Arrays.equals(reply, SUBSCRIBED_PONG)) {
                return replies;
            }
        }
        throw new IllegalStateException("no PONG");
    }

    @Override
    public void close() {
        sides[0].close();
        sides[1].close();
    }
}
