package dev.keyslot.datanode.server;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.RawConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * client-output-buffer-limit for normal and Pub/Sub clients, run the same way on redis-server 7.0 and the data
 * node: a client over its hard limit is closed without the rest of its replies, a subscriber that does not read
 * sees its omem grow until it is closed, and a soft limit runs out even when no more messages come.
 */
class OutputBufferLimitDifferentialTest {
    private static final Pattern OMEM = Pattern.compile("omem=(\\d+)");

    @RegisterExtension
    static final Differential diff = Differential.perClass();

    /** Whether the client was closed with nothing sent, and whether CLIENT LIST still showed it afterwards. */
    private record Outcome(boolean closedWithoutReply, boolean listedAfter) {
    }

    @Test
    void aReplyOverTheHardLimitIsNotSentAndTheClientIsClosed() throws Exception {
        Path log = Files.createTempFile("node", ".log");
        diff.node().server().log().configure("warning", log.toString());
        assertEquals(new Outcome(true, false), bigReply(true), "redis-server");
        assertEquals(new Outcome(true, false), bigReply(false), "data node");
        assertTrue(Files.readString(log).contains("name=bigreply")
                && Files.readString(log).contains("scheduled to be closed ASAP for overcoming of output buffer limits."),
                Files.readString(log));
    }

    private Outcome bigReply(boolean redis) {
        try (RawConnection admin = diff.newConnection(redis); RawConnection reader = diff.newConnection(redis)) {
            admin.call("CONFIG", "SET", "client-output-buffer-limit", "normal 100000 0 0");
            String item = "x".repeat(1000);
            for (int i = 0; i < 150; i++) {
                admin.call("RPUSH", "biglist", item);
            }
            reader.call("CLIENT", "SETNAME", "bigreply");
            reader.send(RawConnection.encode("LRANGE", "biglist", "0", "-1"));
            // End of stream with no byte of the reply first.
            boolean closed = reader.isClosedByPeer(5000);
            boolean listed = admin.callString("CLIENT", "LIST").contains("name=bigreply");
            admin.call("DEL", "biglist");
            admin.call("CONFIG", "SET", "client-output-buffer-limit", "normal 0 0 0");
            return new Outcome(closed, listed);
        }
    }

    @Test
    void aSubscriberThatDoesNotReadIsClosedAtTheHardLimit() {
        for (boolean redis : new boolean[] {true, false}) {
            assertEquals(new SubscriberOutcome(true, true), slowSubscriber(redis, "pubsub 100000 0 0"),
                    redis ? "redis-server" : "data node");
        }
    }

    @Test
    void aSoftLimitRunsOutWithoutFurtherTraffic() {
        for (boolean redis : new boolean[] {true, false}) {
            assertEquals(new SubscriberOutcome(true, true), slowSubscriber(redis, "pubsub 0 100000 1"),
                    redis ? "redis-server" : "data node");
        }
    }

    /** Whether CLIENT LIST showed the subscriber's omem past 50000 bytes, and whether it was then dropped. */
    private record SubscriberOutcome(boolean omemGrew, boolean dropped) {
    }

    /**
     * Publishes to a subscriber that never reads until its omem passes 100000 bytes (the kernel's socket buffers
     * fill first) or it is gone, then stops and waits up to 5 s for the server to drop it.
     */
    private SubscriberOutcome slowSubscriber(boolean redis, String limit) {
        try (RawConnection admin = diff.newConnection(redis); RawConnection sub = diff.newConnection(redis)) {
            admin.call("CONFIG", "SET", "client-output-buffer-limit", limit);
            sub.call("CLIENT", "SETNAME", "slowsub");
            sub.call("SUBSCRIBE", "news");
            String message = "m".repeat(1000);
            long maxOmem = 0;
            long deadline = System.currentTimeMillis() + 30_000;
            for (int i = 0; i < 100_000 && System.currentTimeMillis() < deadline && maxOmem <= 100_000; i++) {
                admin.call("PUBLISH", "news", message);
                long omem = omem(admin.callString("CLIENT", "LIST"));
                if (omem < 0) {
                    break;
                }
                maxOmem = Math.max(maxOmem, omem);
            }
            boolean listed = true;
            for (int i = 0; i < 100 && listed; i++) {
                listed = omem(admin.callString("CLIENT", "LIST")) >= 0;
                if (listed) {
                    sleep(50);
                }
            }
            admin.call("CONFIG", "SET", "client-output-buffer-limit", "pubsub 33554432 8388608 60");
            return new SubscriberOutcome(maxOmem > 50_000, !listed);
        }
    }

    /** The omem of the client named slowsub, or -1 once it is gone. */
    private static long omem(String clientList) {
        for (String line : clientList.split("\n")) {
            if (line.contains("name=slowsub ")) {
                Matcher m = OMEM.matcher(line);
                return m.find() ? Long.parseLong(m.group(1)) : -1;
            }
        }
        return -1;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
