package dev.keyslot.datanode.testing;

import org.junit.jupiter.api.Assertions;

import java.util.ArrayList;
import java.util.List;

/**
 * Every keyspace notification both servers of a {@link Differential} publish (PSUBSCRIBE '__key*__:*'),
 * for comparing the exact sequences a script of commands produces. The servers must run with
 * notify-keyspace-events enabled.
 */
public final class KeyspaceEventLog implements AutoCloseable {
    /** Published after a script: its message marks the end of the script's events on each side. */
    private static final String END = "keyspace-event-log-end";
    private static final int MAX_MESSAGES = 10_000;

    private final ConnectionPair subscriber;
    private final ConnectionPair writer;

    private KeyspaceEventLog(Differential diff, ConnectionPair subscriber) {
        this.subscriber = subscriber;
        this.writer = ConnectionPair.main(diff);
    }

    /** Resets both servers and subscribes a new connection to all keyspace and keyevent channels. */
    public static KeyspaceEventLog open(Differential diff) {
        diff.reset();
        ConnectionPair subscriber = ConnectionPair.open(diff);
        subscriber.check("PSUBSCRIBE", "__key*__:*");
        subscriber.check("SUBSCRIBE", END);
        return new KeyspaceEventLog(diff, subscriber);
    }

    /** Runs space-separated commands on the main connections (replies compared), then compares the events. */
    public void run(String... commands) {
        for (String command : commands) {
            writer.check(command.split(" "));
        }
        assertSameEvents(String.join(" / ", commands));
    }

    /**
     * Asserts both servers published the same notifications, in the same order, since the last check, and
     * at least one (a script that notifies nothing tests nothing).
     */
    public void assertSameEvents(String what) {
        writer.check("PUBLISH", END, "x");
        List<String> expected = readUntilEnd(subscriber.redis());
        List<String> actual = readUntilEnd(subscriber.node());
        Assertions.assertFalse(expected.isEmpty(), "redis-server published no events for " + what);
        Assertions.assertEquals(String.join("\n", expected), String.join("\n", actual), "events of " + what);
    }

    /**
     * Runs commands whose replies are random (SPOP, ...): both servers must reply, the replies are not
     * compared; the events are, by a later {@link #run} or {@link #assertSameEvents}.
     */
    public void runUncompared(String... commands) {
        for (String command : commands) {
            writer.send(command.split(" "));
            writer.redis().readReply();
            writer.node().readReply();
        }
    }

    /** Asserts that a script publishes no notification at all on either server. */
    public void runSilently(String... commands) {
        for (String command : commands) {
            writer.check(command.split(" "));
        }
        writer.check("PUBLISH", END, "x");
        String what = String.join(" / ", commands);
        Assertions.assertEquals(List.of(), readUntilEnd(subscriber.redis()), "redis-server events of " + what);
        Assertions.assertEquals(List.of(), readUntilEnd(subscriber.node()), "data node events of " + what);
    }

    /** The writer connections, for scripts that need more than {@link #run}. */
    public ConnectionPair writer() {
        return writer;
    }


    private static List<String> readUntilEnd(RawConnection connection) {
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < MAX_MESSAGES; i++) {
            String message = Differential.printable(connection.readReply());
            if (message.contains(END)) {
                return messages;
            }
            messages.add(message);
        }
        throw new AssertionError("no end marker after " + MAX_MESSAGES + " messages");
    }

    @Override
    public void close() {
        subscriber.close();
    }
}
