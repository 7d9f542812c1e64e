package dev.keyslot.datanode.memory;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.RawConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Client buffers and memory limits, run the same way on redis-server 7.0 and the data node: maxmemory-clients
 * evicts a client whose unfinished request or unread replies take too much, the largest first and only until
 * the total is under the limit; and without it, clients' buffers count in used_memory so maxmemory evicts keys.
 */
class ClientMemoryDifferentialTest {
    private static final Pattern FIELD = Pattern.compile("evicted_(keys|clients):(\\d+)");

    @RegisterExtension
    static final Differential diff = Differential.perClass();

    /** Whether each named client was still connected, then INFO's evicted_clients. */
    private record Survivors(List<Boolean> connected, long evictedClients) {
    }

    @Test
    void aClientSendingAnArgumentOverMaxmemoryClientsIsEvicted() {
        for (boolean redis : new boolean[] {true, false}) {
            assertEquals(new Survivors(List.of(true, false), 1), bigArgument(redis), redis ? "redis-server" : "data node");
        }
    }

    private Survivors bigArgument(boolean redis) {
        try (RawConnection admin = diff.newConnection(redis); RawConnection small = diff.newConnection(redis);
             RawConnection big = diff.newConnection(redis)) {
            admin.call("CONFIG", "RESETSTAT");
            admin.call("CLIENT", "NO-EVICT", "on");
            admin.call("CONFIG", "SET", "maxmemory-clients", "1mb");
            small.call("CLIENT", "SETNAME", "small");
            big.call("CLIENT", "SETNAME", "big");
            int n = 2 * 1024 * 1024;
            try {
                // The argument never completes: it is the query buffer that grows.
                big.send(("*2\r\n$3\r\nSET\r\n$" + n + "\r\n").getBytes(StandardCharsets.US_ASCII));
                big.send(new byte[n / 2]);
            } catch (IllegalStateException evictedWhileSending) {
                // Both servers may close it as soon as they read the announced length.
            }
            try {
                return survivors(admin, "small", "big");
            } finally {
                admin.call("CONFIG", "SET", "maxmemory-clients", "0");
            }
        }
    }

    @Test
    void aClientOverTheQueryBufferLimitIsClosed() {
        for (boolean redis : new boolean[] {true, false}) {
            try (RawConnection admin = diff.newConnection(redis); RawConnection big = diff.newConnection(redis)) {
                admin.call("CONFIG", "SET", "client-query-buffer-limit", "1mb");
                try {
                    boolean closed;
                    try {
                        big.send("*2\r\n$3\r\nSET\r\n$2000000\r\n".getBytes(StandardCharsets.US_ASCII));
                        big.send(new byte[1_500_000]);
                        closed = big.isClosedByPeer(5000);
                    } catch (IllegalStateException resetWhileSending) {
                        closed = true;
                    }
                    assertEquals(true, closed, redis ? "redis-server" : "data node");
                } finally {
                    admin.call("CONFIG", "SET", "client-query-buffer-limit", "1gb");
                }
            }
        }
    }

    @Test
    void loweringMaxmemoryClientsEvictsTheLargestClientsUntilUnderIt() {
        for (boolean redis : new boolean[] {true, false}) {
            assertEquals(new Survivors(List.of(true, true, false, false), 2), largestFirst(redis),
                    redis ? "redis-server" : "data node");
        }
    }

    /**
     * Two clients with 100 KB pending and two with 1 MB, about 2.4 MB in all: a limit of 800 KB is met once both
     * large ones are gone, and the small ones stay.
     */
    private Survivors largestFirst(boolean redis) {
        List<RawConnection> conns = new ArrayList<>();
        try (RawConnection admin = diff.newConnection(redis)) {
            admin.call("CONFIG", "RESETSTAT");
            admin.call("CLIENT", "NO-EVICT", "on");
            int[] sizes = {100_000, 100_000, 1_000_000, 1_000_000};
            for (int i = 0; i < sizes.length; i++) {
                RawConnection c = diff.newConnection(redis);
                conns.add(c);
                c.call("CLIENT", "SETNAME", "c" + i);
                c.send(("*2\r\n$" + sizes[i] + "\r\n").getBytes(StandardCharsets.US_ASCII));
                c.send(new byte[sizes[i]]);
            }
            awaitQueryBuffers(admin, 2_200_000);
            admin.call("CONFIG", "SET", "maxmemory-clients", "800000");
            Survivors s = survivors(admin, "c0", "c1", "c2", "c3");
            admin.call("CONFIG", "SET", "maxmemory-clients", "0");
            return s;
        } finally {
            conns.forEach(RawConnection::close);
        }
    }

    @Test
    void unreadRepliesCountInUsedMemoryAndMakeMaxmemoryEvictKeys() {
        for (boolean redis : new boolean[] {true, false}) {
            assertEquals(List.of(true, true), repliesEvictKeys(redis), redis ? "redis-server" : "data node");
        }
    }

    /**
     * Twenty clients ask for a 100 KB value again and again without reading, under a maxmemory with room for the
     * keys only: keys get evicted (and no client, maxmemory-clients being off) within 20 s.
     */
    private List<Boolean> repliesEvictKeys(boolean redis) {
        List<RawConnection> readers = new ArrayList<>();
        try (RawConnection admin = diff.newConnection(redis)) {
            admin.call("FLUSHALL");
            admin.call("CONFIG", "RESETSTAT");
            long base = usedMemory(admin);
            for (int i = 0; i < 30; i++) {
                admin.call("SETRANGE", "k" + i, "100000", "x");
            }
            long dataset = usedMemory(admin) - base;
            admin.call("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
            admin.call("CONFIG", "SET", "maxmemory", Long.toString(base + dataset + 2_000_000));
            for (int i = 0; i < 20; i++) {
                readers.add(diff.newConnection(redis));
            }
            long deadline = System.currentTimeMillis() + 20_000;
            long evictedKeys = 0;
            byte[] mget = RawConnection.encode("MGET", "k1");
            for (int round = 0; round < 10_000 && evictedKeys == 0 && System.currentTimeMillis() < deadline; round++) {
                for (RawConnection r : readers) {
                    r.send(mget);
                }
                evictedKeys = stat(admin, "keys");
            }
            boolean keysEvicted = evictedKeys > 0;
            boolean noClientEvicted = stat(admin, "clients") == 0;
            admin.call("CONFIG", "SET", "maxmemory", "0");
            admin.call("FLUSHALL");
            return List.of(keysEvicted, noClientEvicted);
        } finally {
            readers.forEach(RawConnection::close);
        }
    }

    private static long usedMemory(RawConnection admin) {
        Matcher m = Pattern.compile("used_memory:(\\d+)").matcher(admin.callString("INFO", "memory"));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static long stat(RawConnection admin, String which) {
        Matcher m = FIELD.matcher(admin.callString("INFO", "stats"));
        while (m.find()) {
            if (m.group(1).equals(which)) {
                return Long.parseLong(m.group(2));
            }
        }
        return -1;
    }

    /** Waits (up to 5 s) until the named clients' query buffers add up to at least bytes. */
    private static void awaitQueryBuffers(RawConnection admin, long bytes) {
        Pattern qbuf = Pattern.compile(" qbuf=(\\d+)");
        for (int i = 0; i < 100; i++) {
            long sum = 0;
            for (String line : admin.callString("CLIENT", "LIST").split("\n")) {
                Matcher m = qbuf.matcher(line);
                if (line.contains(" name=c") && m.find()) {
                    sum += Long.parseLong(m.group(1));
                }
            }
            if (sum >= bytes) {
                return;
            }
            sleep(50);
        }
    }

    /** Waits briefly for the server to catch up with what was sent, then lists who is still connected. */
    private static Survivors survivors(RawConnection admin, String... names) {
        sleep(300);
        String list = admin.callString("CLIENT", "LIST");
        List<Boolean> connected = new ArrayList<>();
        for (String name : names) {
            connected.add(list.contains(" name=" + name + " "));
        }
        return new Survivors(connected, stat(admin, "clients"));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
