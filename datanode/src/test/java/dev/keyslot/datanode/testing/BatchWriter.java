package dev.keyslot.datanode.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads keys as bench/cluster_keys.py does: 1000 SETs in one write, then their 1000 replies, and a key counts
 * as written only when its own reply is +OK. Keys are prefix + number, values "value:" + number. Writes in
 * the calling thread or from background threads until closed; keeps every acknowledged key.
 */
public final class BatchWriter implements AutoCloseable {
    public static final int BATCH = 1000;
    private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);

    private final String host;
    private final int port;
    private final Map<String, Boolean> acknowledged = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stop;
    private volatile RuntimeException failure;

    public BatchWriter(String host, int port) {
        this.host = host;
        this.port = port;
    }

    public static String value(String key) {
        return "value:" + key.substring(key.lastIndexOf(':') + 1);
    }

    /** Writes batches of keys prefix:0, prefix:1, ... in this thread. */
    public void write(String prefix, int batches) {
        try (RawConnection c = connect()) {
            for (int b = 0; b < batches; b++) {
                writeBatch(c, prefix, b);
            }
        }
    }

    /** Replies to 1000 commands can take seconds on a loaded machine, more with a node in DEBUG SLEEP. */
    private RawConnection connect() {
        RawConnection c = new RawConnection(host, port);
        c.setReadTimeout(60_000);
        return c;
    }

    private void writeBatch(RawConnection c, String prefix, int batch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(BATCH * 48);
        String[] keys = new String[BATCH];
        for (int i = 0; i < BATCH; i++) {
            keys[i] = prefix + ":" + (batch * BATCH + i);
            out.writeBytes(RawConnection.encode("SET", keys[i], value(keys[i])));
        }
        c.send(out.toByteArray());
        for (String key : keys) {
            if (Arrays.equals(c.readReply(), OK)) {
                acknowledged.put(key, Boolean.TRUE);
            }
        }
    }

    /** Starts writers background threads, each with its own connection and prefix, for at most maxMillis. */
    public void start(String prefix, int writers, long maxMillis) {
        long deadline = System.currentTimeMillis() + maxMillis;
        for (int w = 0; w < writers; w++) {
            String own = prefix + w;
            Thread t = new Thread(() -> {
                try (RawConnection c = connect()) {
                    for (int b = 0; !stop && System.currentTimeMillis() < deadline; b++) {
                        writeBatch(c, own, b);
                    }
                } catch (RuntimeException e) {
                    failure = e;
                }
            }, "batch-writer-" + w);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    public int acknowledgedCount() {
        return acknowledged.size();
    }

    public List<String> acknowledgedKeys() {
        return new ArrayList<>(acknowledged.keySet());
    }

    /**
     * The keys of the list that host does not hold with their value (missing or wrong), read with pipelined
     * GETs; readOnly first sends READONLY, to read a cluster replica.
     */
    public static List<String> notHeld(String host, int port, List<String> keys, boolean readOnly) {
        List<String> bad = new ArrayList<>();
        try (RawConnection c = new RawConnection(host, port)) {
            c.setReadTimeout(60_000);
            if (readOnly) {
                c.call("READONLY");
            }
            for (int from = 0; from < keys.size(); from += BATCH) {
                List<String> batch = keys.subList(from, Math.min(keys.size(), from + BATCH));
                ByteArrayOutputStream out = new ByteArrayOutputStream(BATCH * 32);
                for (String key : batch) {
                    out.writeBytes(RawConnection.encode("GET", key));
                }
                c.send(out.toByteArray());
                for (String key : batch) {
                    String v = value(key);
                    String expected = "$" + v.length() + "\r\n" + v + "\r\n";
                    if (!c.readReplyString().equals(expected)) {
                        bad.add(key);
                    }
                }
            }
        }
        return bad;
    }

    /** Stops the background writers; fails when one of them could not write. */
    @Override
    public void close() throws InterruptedException {
        stop = true;
        for (Thread t : threads) {
            t.join(60_000);
        }
        threads.clear();
        if (failure != null) {
            throw new AssertionError("a batch writer failed", failure);
        }
    }
}
