package dev.keyslot.datanode.memory;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RedisServerProcess;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * INFO lazyfreed_objects counts as on redis-server 7.0: a value freed lazily (UNLINK, or DEL, expiry, eviction and
 * a replaced destination under their lazyfree options) when it has more than 64 allocations to free, each key of an
 * asynchronous flush (a replica's too), and more than 64 scripts or functions flushed asynchronously; CONFIG RESETSTAT
 * resets it.
 */
class LazyFreedObjectsDifferentialTest {
    private static final long PENDING_TIMEOUT_MILLIS = 10_000;

    @RegisterExtension
    static final Differential diff = Differential.perClass();

    @BeforeEach
    void resetCounters() {
        diff.check("CONFIG", "SET", "lazyfree-lazy-user-del", "no");
        diff.check("CONFIG", "SET", "lazyfree-lazy-user-flush", "no");
        diff.check("CONFIG", "SET", "lazyfree-lazy-expire", "no");
        diff.check("CONFIG", "SET", "lazyfree-lazy-server-del", "no");
        diff.check("CONFIG", "RESETSTAT");
    }

    @Test
    void anOverwrittenValueCountsUnderLazyfreeLazyServerDel() {
        bigSet("overwritten");
        diff.check("SET", "overwritten", "v");
        assertLazyfreed(0);
        diff.check("CONFIG", "SET", "lazyfree-lazy-server-del", "yes");
        bigSet("lazily-overwritten");
        diff.check("SET", "lazily-overwritten", "v");
        bigSet("source");
        diff.check("SUNIONSTORE", "lazily-overwritten", "source");
        assertLazyfreed(1);
    }

    /** RENAME, COPY REPLACE and RESTORE REPLACE delete an existing destination as Redis's dbDelete does. */
    @Test
    void aReplacedDestinationCountsUnderLazyfreeLazyServerDel() {
        diff.check("SET", "payload-source", "v");
        byte[] payload = dumpPayload("payload-source");
        for (String lazy : new String[] {"no", "yes"}) {
            diff.check("DEL", "renamed-over", "copied-over", "restored-over");
            diff.check("CONFIG", "SET", "lazyfree-lazy-server-del", lazy);
            bigSet("renamed-over");
            diff.check("SET", "renamed", "v");
            diff.check("RENAME", "renamed", "renamed-over");
            bigSet("copied-over");
            diff.check("COPY", "renamed-over", "copied-over", "REPLACE");
            bigSet("restored-over");
            diff.check(bytes("RESTORE"), bytes("restored-over"), bytes("0"), payload, bytes("REPLACE"));
        }
        assertLazyfreed(3);
    }

    @Test
    void anExpiredValueCountsUnderLazyfreeLazyExpire() throws InterruptedException {
        bigSet("expired");
        bigSet("lazily-expired");
        diff.check("PEXPIRE", "expired", "1");
        Thread.sleep(10);
        diff.check("EXISTS", "expired");
        assertLazyfreed(0);
        diff.check("CONFIG", "SET", "lazyfree-lazy-expire", "yes");
        diff.check("PEXPIRE", "lazily-expired", "1");
        Thread.sleep(10);
        diff.check("EXISTS", "lazily-expired");
        assertLazyfreed(1);
    }

    @Test
    void unlinkCountsOnlyValuesWithManyAllocations() {
        bigSet("big");
        diff.check("SADD", "small", "a", "b");
        diff.check("SET", "string", "v");
        diff.check("UNLINK", "big", "small", "string");
        assertLazyfreed(1);
        bigSet("deleted");
        diff.check("DEL", "deleted");
        assertLazyfreed(1);
        diff.check("CONFIG", "SET", "lazyfree-lazy-user-del", "yes");
        bigSet("lazily-deleted");
        diff.check("DEL", "lazily-deleted");
        assertLazyfreed(2);
        diff.check("CONFIG", "RESETSTAT");
        assertLazyfreed(0);
    }

    @Test
    void freeEffortFollowsEachTypeAndEncoding() {
        List<String> hash = new ArrayList<>(List.of("HSET", "hash"));
        List<String> zset = new ArrayList<>(List.of("ZADD", "zset"));
        List<String> packedHash = new ArrayList<>(List.of("HSET", "packed-hash"));
        for (int i = 0; i < 600; i++) {
            hash.add("f" + i);
            hash.add("v");
        }
        for (int i = 0; i < 200; i++) {
            zset.add(Integer.toString(i));
            zset.add("m" + i);
        }
        for (int i = 0; i < 100; i++) {
            packedHash.add("f" + i);
            packedHash.add("v");
        }
        diff.check(hash.toArray(String[]::new));
        diff.check(zset.toArray(String[]::new));
        diff.check(packedHash.toArray(String[]::new));
        String bigElement = "x".repeat(10_000);
        for (int i = 0; i < 70; i++) {
            diff.check("RPUSH", "list", bigElement);
            diff.check("RPUSH", "short-list", Integer.toString(i));
        }
        diff.check("CONFIG", "SET", "stream-node-max-entries", "5");
        for (int i = 0; i < 500; i++) {
            diff.check("XADD", "stream", (i + 1) + "-0", "f", "v");
        }
        diff.check("UNLINK", "hash", "zset", "packed-hash", "list", "short-list", "stream");
        diff.check("CONFIG", "SET", "stream-node-max-entries", "100");
        assertLazyfreed(4);
    }

    @Test
    void anAsynchronousFlushCountsItsKeys() {
        for (int i = 0; i < 10; i++) {
            diff.check("SET", "k" + i, "v");
        }
        diff.check("FLUSHDB");
        assertLazyfreed(0);
        for (int i = 0; i < 10; i++) {
            diff.check("SET", "k" + i, "v");
        }
        diff.check("FLUSHALL", "ASYNC");
        assertLazyfreed(10);
        diff.check("CONFIG", "SET", "lazyfree-lazy-user-flush", "yes");
        diff.check("SET", "k", "v");
        diff.check("FLUSHDB");
        assertLazyfreed(11);
        diff.check("SET", "k", "v");
        diff.check("FLUSHALL", "SYNC");
        assertLazyfreed(11);
    }

    @Test
    void anAsynchronousScriptOrFunctionFlushCountsOnlyPastTheThreshold() {
        for (int scripts : new int[] {10, 65}) {
            for (int i = 0; i < scripts; i++) {
                diff.check("SCRIPT", "LOAD", "return " + i);
            }
            diff.check("SCRIPT", "FLUSH", "ASYNC");
        }
        assertLazyfreed(65);
        for (int i = 0; i < 65; i++) {
            diff.check("SCRIPT", "LOAD", "return " + i);
        }
        diff.check("SCRIPT", "FLUSH");
        assertLazyfreed(65);
        diff.check("FUNCTION", "LOAD", library(65));
        diff.check("FUNCTION", "FLUSH", "SYNC");
        assertLazyfreed(65);
        diff.check("CONFIG", "SET", "lazyfree-lazy-user-flush", "yes");
        for (int i = 0; i < 66; i++) {
            diff.check("SCRIPT", "LOAD", "return " + i);
        }
        diff.check("SCRIPT", "FLUSH");
        diff.check("FUNCTION", "LOAD", library(70));
        diff.check("FUNCTION", "FLUSH");
        assertLazyfreed(65 + 66 + 70);
    }

    /**
     * A replica empties its dataset before loading a full sync's snapshot in the background under
     * replica-lazy-flush, and always discards the data a swapdb load replaced in the background.
     */
    @Test
    void aReplicasFlushBeforeAFullSyncCountsUnderReplicaLazyFlushOrSwapdb() {
        try (RedisServerProcess master = RedisServerProcess.start()) {
            String[][] settings = {
                    {"replica-lazy-flush", "no", "repl-diskless-load", "disabled"},
                    {"replica-lazy-flush", "yes", "repl-diskless-load", "disabled"},
                    {"replica-lazy-flush", "no", "repl-diskless-load", "swapdb"}};
            for (String[] setting : settings) {
                for (int i = 0; i < 10; i++) {
                    diff.check("SET", "k" + i, "v");
                }
                diff.check("CONFIG", "SET", setting[0], setting[1], setting[2], setting[3]);
                diff.check("REPLICAOF", master.host(), Integer.toString(master.port()));
                awaitLinkUp(true);
                awaitLinkUp(false);
                diff.check("REPLICAOF", "NO", "ONE");
            }
            diff.check("CONFIG", "SET", "replica-lazy-flush", "no", "repl-diskless-load", "disabled");
        }
        assertLazyfreed(20);
    }

    private static void awaitLinkUp(boolean redis) {
        long deadline = System.currentTimeMillis() + PENDING_TIMEOUT_MILLIS;
        try (RawConnection c = diff.newConnection(redis)) {
            while (!c.callString("INFO", "replication").contains("master_link_status:up")) {
                assertThat(System.currentTimeMillis()).as("sync done on " + (redis ? "redis-server" : "the data node"))
                        .isLessThan(deadline);
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A Lua library registering this many functions. */
    private static String library(int functions) {
        StringBuilder code = new StringBuilder("#!lua name=many\n");
        for (int i = 0; i < functions; i++) {
            code.append("redis.register_function('f").append(i).append("', function() return ").append(i)
                    .append(" end)\n");
        }
        return code.toString();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** DUMP's payload of key on redis-server, the bulk string's content. */
    private static byte[] dumpPayload(String key) {
        try (RawConnection conn = new RawConnection(diff.redis().host(), diff.redis().port())) {
            byte[] reply = conn.call("DUMP", key);
            int header = new String(reply, StandardCharsets.ISO_8859_1).indexOf("\r\n") + 2;
            int length = Integer.parseInt(new String(reply, 1, header - 3, StandardCharsets.ISO_8859_1));
            return Arrays.copyOfRange(reply, header, header + length);
        }
    }

    private static void bigSet(String key) {
        List<String> args = new ArrayList<>(List.of("SADD", key));
        for (int i = 0; i < 100; i++) {
            args.add("member" + i);
        }
        diff.check(args.toArray(String[]::new));
    }

    /** Redis frees in a background thread: its count is final once nothing is pending. */
    private static void assertLazyfreed(long expected) {
        assertThat(lazyfreed(true)).as("redis-server").isEqualTo(expected);
        assertThat(lazyfreed(false)).as("data node").isEqualTo(expected);
    }

    private static long lazyfreed(boolean redis) {
        long deadline = System.currentTimeMillis() + PENDING_TIMEOUT_MILLIS;
        try (RawConnection c = diff.newConnection(redis)) {
            while (true) {
                String info = c.callString("INFO", "memory");
                if (field(info, "lazyfree_pending_objects") == 0 || System.currentTimeMillis() > deadline) {
                    return field(info, "lazyfreed_objects");
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long field(String info, String name) {
        for (String line : info.split("\r\n")) {
            if (line.startsWith(name + ":")) {
                return Long.parseLong(line.substring(name.length() + 1));
            }
        }
        throw new AssertionError(name + " missing from INFO");
    }
}
