package dev.keyslot.datanode.replication;

import dev.keyslot.datanode.testing.RawConnection;

import java.util.Random;

/** Writes of every type (and the commands replication rewrites) against a master, in bulk or in a thread. */
final class Workload implements AutoCloseable {
    private final String host;
    private final int port;
    private final Random random = new Random(42);
    private Thread thread;
    private volatile boolean stop;
    volatile long written;

    Workload(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** A dataset with all types, several databases, encodings and TTLs, written with pipelining. */
    void populate(String prefix, int keys) {
        try (RawConnection c = new RawConnection(host, port)) {
            int pending = 0;
            for (int i = 0; i < keys; i++) {
                c.send(RawConnection.encode(command(prefix, i)));
                if (++pending == 200) {
                    drain(c, pending);
                    pending = 0;
                }
            }
            drain(c, pending);
        }
    }

    private static void drain(RawConnection c, int n) {
        for (int i = 0; i < n; i++) {
            c.readReply();
        }
    }

    private String[] command(String prefix, int i) {
        String k = prefix + i;
        return switch (i % 12) {
            case 0 -> new String[] {"SET", k, "v" + i};
            case 1 -> new String[] {"SET", k, Integer.toString(i), "EX", "1000"};
            case 2 -> new String[] {"HSET", k, "f1", "a", "f2", Integer.toString(i)};
            case 3 -> new String[] {"SADD", k, "1", "2", Integer.toString(i)};
            case 4 -> new String[] {"SADD", k, "x", "y", "m" + i};
            case 5 -> new String[] {"RPUSH", k, "a", "b", "c" + i};
            case 6 -> new String[] {"ZADD", k, "1", "a", "2.5", "b", Integer.toString(i), "c"};
            case 7 -> new String[] {"INCRBYFLOAT", prefix + "float", "0.1"};
            case 8 -> new String[] {"PEXPIRE", prefix + (i - 7), "900000"};
            case 9 -> new String[] {"HINCRBYFLOAT", prefix + "h", "f" + (i % 5), "1.5"};
            case 10 -> new String[] {"LPUSH", prefix + "list", Integer.toString(i)};
            default -> new String[] {"SETEX", k, "2000", "ex" + i};
        };
    }

    /** Keeps writing from a thread (at most maxMillis) until {@link #close}. */
    void startContinuous(String prefix, long maxMillis) {
        thread = new Thread(() -> {
            long deadline = System.currentTimeMillis() + maxMillis;
            try (RawConnection c = new RawConnection(host, port)) {
                for (int i = 0; !stop && System.currentTimeMillis() < deadline; i++) {
                    c.call(command(prefix, random.nextInt(5000)));
                    written++;
                }
            } catch (RuntimeException e) {
                // The master went away (restart tests): the writer just stops.
            }
        }, "workload");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        if (thread != null) {
            thread.join(10_000);
        }
    }
}
