package dev.keyslot.datanode.testing;

import dev.keyslot.datanode.server.Client;
import org.junit.jupiter.api.Assertions;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * One more connection to each server of a {@link Differential}, for tests that need several clients
 * (a subscriber and a publisher, a watcher and a writer). Replies and pushed messages are compared byte
 * for byte.
 */
public final class ConnectionPair implements AutoCloseable {
    private final Differential diff;
    private final RawConnection redis;
    private final RawConnection node;

    private ConnectionPair(Differential diff, RawConnection redis, RawConnection node) {
        this.diff = diff;
        this.redis = redis;
        this.node = node;
    }

    public static ConnectionPair open(Differential diff) {
        return new ConnectionPair(diff, new RawConnection(diff.redis().host(), diff.redis().port()),
                new RawConnection(diff.node().host(), diff.node().port()));
    }

    /** The main connections of the Differential, as a pair. */
    public static ConnectionPair main(Differential diff) {
        return new ConnectionPair(diff, diff.redisConnection(), diff.nodeConnection());
    }

    public String check(String... args) {
        send(args);
        return checkReply(String.join(" ", args));
    }

    /** Sends different arguments to each server (client ids differ between them). */
    public String checkEach(String[] redisArgs, String[] nodeArgs) {
        redis.send(RawConnection.encode(redisArgs));
        node.send(RawConnection.encode(nodeArgs));
        return checkReply(String.join(" ", redisArgs));
    }

    public void send(String... args) {
        redis.send(RawConnection.encode(args));
        node.send(RawConnection.encode(args));
    }

    /** Reads the next reply or push from both and asserts they are identical. */
    public String checkReply(String what) {
        return compare(what, redis.readReply(), node.readReply());
    }

    /**
     * Like {@link #checkReply} for replies holding a client id, which differs between the servers: the
     * integer id in redis-server's reply is replaced by the data node's before comparing.
     */
    public String checkReplyWithId(String what, String[] ids) {
        String redisReply = new String(redis.readReply(), StandardCharsets.ISO_8859_1)
                .replace(":" + ids[0] + "\r\n", ":" + ids[1] + "\r\n");
        return compare(what, redisReply.getBytes(StandardCharsets.ISO_8859_1), node.readReply());
    }

    public String checkWithId(String[] ids, String... args) {
        send(args);
        return checkReplyWithId(String.join(" ", args), ids);
    }

    private static String compare(String what, byte[] expected, byte[] actual) {
        if (!Arrays.equals(expected, actual)) {
            Assertions.fail("reply differs for " + what + "\n  redis-server: " + Differential.printable(expected)
                    + "\n  data node:    " + Differential.printable(actual));
        }
        return new String(expected, StandardCharsets.UTF_8);
    }

    /** Asserts that neither server sends anything more on this connection for a while. */
    public void checkQuiet() {
        Assertions.assertTrue(redis.quietFor(150), "redis-server sent an unexpected message");
        Assertions.assertTrue(node.quietFor(0), "data node sent an unexpected message");
    }

    /** Switches both connections to RESP3 (HELLO 3 on redis-server; directly on the data node). */
    public void resp3() {
        redis.call("HELLO", "3");
        onNodeClient(c -> c.reply().setProtocol(3));
    }

    /** Client ids of this connection: [redis-server's, data node's]. */
    public String[] ids() {
        String reply = new String(redis.call("CLIENT", "ID"), StandardCharsets.US_ASCII);
        long[] nodeId = new long[1];
        onNodeClient(c -> nodeId[0] = c.id());
        return new String[] {reply.substring(1, reply.length() - 2), Long.toString(nodeId[0])};
    }

    /** Runs action on the data node's command thread with this connection's client. */
    public void onNodeClient(java.util.function.Consumer<Client> action) {
        var server = diff.node().server();
        String suffix = ":" + node.localPort();
        // The server registers the client shortly after the TCP connect: retry briefly.
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                boolean found = server.eventLoop().submit(() -> {
                    for (Client c : server.clients().all()) {
                        if (c.remoteAddress().endsWith(suffix)) {
                            action.accept(c);
                            return true;
                        }
                    }
                    return false;
                }).get(5, TimeUnit.SECONDS);
                if (found) {
                    return;
                }
                Thread.sleep(20);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("no data node client on port " + node.localPort());
    }

    public RawConnection redis() {
        return redis;
    }

    public RawConnection node() {
        return node;
    }

    @Override
    public void close() {
        redis.close();
        node.close();
    }
}
