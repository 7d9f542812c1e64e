package dev.keyslot.datanode.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Sends the same requests to redis-server 7.0 and to the data node over raw connections and asserts that
 * the reply bytes are identical. A test class usually registers one on a static field:
 * <pre>
 * &#64;RegisterExtension
 * static final Differential diff = Differential.perClass("--appendonly", "yes");
 * </pre>
 * which starts both servers before its tests, {@link #reset() resets} them before each test and stops them after
 * the last. {@code new Differential(...)} starts them at once, for callers that manage the lifetime themselves.
 */
public final class Differential implements AutoCloseable, BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
    private final String[] serverArgs;
    private final boolean resetBeforeEachTest;
    private Class<?> owner;
    private RedisServerProcess redis;
    private EmbeddedDataNode node;
    private RawConnection redisConn;
    private RawConnection nodeConn;

    /** Starts both servers now; the caller closes them. */
    public Differential(String... serverArgs) {
        this(serverArgs, false);
        start();
    }

    private Differential(String[] serverArgs, boolean resetBeforeEachTest) {
        this.serverArgs = serverArgs.clone();
        this.resetBeforeEachTest = resetBeforeEachTest;
    }

    /** For {@code @RegisterExtension} on a static field: servers for the class's tests, reset before each test. */
    public static Differential perClass(String... serverArgs) {
        return new Differential(serverArgs, true);
    }

    /** Like {@link #perClass} without the reset: the tests share the data and the two main connections. */
    public static Differential perClassWithoutReset(String... serverArgs) {
        return new Differential(serverArgs, false);
    }

    private void start() {
        try {
            redis = RedisServerProcess.start(serverArgs);
            node = EmbeddedDataNode.start(serverArgs);
            reconnect();
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // Nested classes see their enclosing class's callbacks too: the servers belong to the outermost.
        if (redis == null) {
            owner = context.getRequiredTestClass();
            start();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (redis == null) {
            throw new IllegalStateException("register a Differential with @RegisterExtension on a static field");
        }
        if (resetBeforeEachTest) {
            reset();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getRequiredTestClass() == owner) {
            owner = null;
            close();
        }
    }

    public RedisServerProcess redis() {
        return redis;
    }

    public EmbeddedDataNode node() {
        return node;
    }

    /** Fresh connections and empty databases on both servers. */
    public void reset() {
        reconnect();
        redisConn.call("FLUSHALL");
        nodeConn.call("FLUSHALL");
    }

    public void reconnect() {
        if (redisConn != null) {
            redisConn.close();
            nodeConn.close();
        }
        redisConn = new RawConnection(redis.host(), redis.port());
        nodeConn = new RawConnection(node.host(), node.port());
    }

    /** Runs a command on both and asserts identical reply bytes; returns the reply. */
    public String check(String... args) {
        byte[] expected = redisConn.call(args);
        byte[] actual = nodeConn.call(args);
        assertSame(Arrays.toString(args), expected, actual);
        return new String(expected, StandardCharsets.UTF_8);
    }

    public String check(byte[]... args) {
        redisConn.send(RawConnection.encode(args));
        nodeConn.send(RawConnection.encode(args));
        byte[] expected = redisConn.readReply();
        byte[] actual = nodeConn.readReply();
        List<String> printable = new ArrayList<>();
        for (byte[] a : args) {
            printable.add(new String(a, StandardCharsets.UTF_8));
        }
        assertSame(printable.toString(), expected, actual);
        return new String(expected, StandardCharsets.UTF_8);
    }

    /** Runs several commands, each given as one space-separated string (no quoting). */
    public void checkAll(String... commands) {
        for (String command : commands) {
            check(command.split(" "));
        }
    }

    /** Sends raw bytes to both and compares the next n replies. */
    public void checkRaw(byte[] raw, int replies) {
        redisConn.send(raw);
        nodeConn.send(raw);
        for (int i = 0; i < replies; i++) {
            assertSame("raw request " + printable(raw) + " reply #" + i, redisConn.readReply(), nodeConn.readReply());
        }
    }

    /** A further connection of its own to redis-server (true) or the data node (false); the caller closes it. */
    public RawConnection newConnection(boolean toRedis) {
        return toRedis ? new RawConnection(redis.host(), redis.port()) : new RawConnection(node.host(), node.port());
    }

    public RawConnection redisConnection() {
        return redisConn;
    }

    public RawConnection nodeConnection() {
        return nodeConn;
    }

    private static void assertSame(String request, byte[] expected, byte[] actual) {
        if (!Arrays.equals(expected, actual)) {
            Assertions.fail("reply differs for " + request + "\n  redis-server: " + printable(expected)
                    + "\n  data node:    " + printable(actual));
        }
    }

    public static String printable(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            if (x == '\r') {
                sb.append("\\r");
            } else if (x == '\n') {
                sb.append("\\n");
            } else if (x < 32 || x > 126) {
                sb.append(String.format("\\x%02x", x & 0xff));
            } else {
                sb.append((char) x);
            }
        }
        return sb.toString();
    }

    /** Stops what is running: JUnit calls afterAll also when beforeAll failed. */
    @Override
    public void close() {
        if (redisConn != null) {
            redisConn.close();
            nodeConn.close();
            redisConn = null;
            nodeConn = null;
        }
        if (redis != null) {
            redis.close();
            redis = null;
        }
        if (node != null) {
            node.close();
            node = null;
        }
    }
}
