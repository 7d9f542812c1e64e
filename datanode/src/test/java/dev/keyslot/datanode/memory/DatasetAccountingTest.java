package dev.keyslot.datanode.memory;

import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.EntrySize;
import dev.keyslot.datanode.keyspace.RedisValue;
import dev.keyslot.datanode.keyspace.ValueType;
import dev.keyslot.datanode.server.Server;
import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.RawConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** used_memory_dataset follows writes, in-place value changes, TTLs, expiry, deletion and flushes. */
class DatasetAccountingTest {
    private static EmbeddedDataNode node;
    private static RawConnection conn;

    /** A collection stand-in whose size changes in place, like a list receiving LPUSH. */
    private static final class GrowingValue implements RedisValue {
        long bytes = 64;

        @Override
        public ValueType type() {
            return ValueType.LIST;
        }

        @Override
        public String encoding() {
            return "test";
        }

        @Override
        public long memoryUsage() {
            return bytes;
        }

        @Override
        public RedisValue copy() {
            GrowingValue v = new GrowingValue();
            v.bytes = bytes;
            return v;
        }
    }

    @BeforeAll
    static void start() {
        node = EmbeddedDataNode.start();
        onServer(() -> {
            Server s = node.server();
            // GROW key n: grows key's value in place by n bytes, creating it if needed (key at position 1).
            s.commands().add("testgrow", 3, "write denyoom", 1, 1, 1, "", (c, argv) -> {
                grow(c.db(), argv);
                s.stats().dirty++;
                c.reply().ok();
            });
            // HIDDENGROW key n: the same, declared without key positions (like a script touching keys).
            s.commands().add("testhiddengrow", 3, "write", "", (c, argv) -> {
                grow(c.db(), argv);
                s.stats().dirty++;
                c.reply().ok();
            });
            return null;
        });
        conn = new RawConnection(node.host(), node.port());
    }

    private static void grow(Database db, byte[][] argv) {
        var e = db.lookup(argv[1]);
        if (e == null) {
            e = db.add(argv[1], new GrowingValue());
        }
        ((GrowingValue) e.value).bytes += Long.parseLong(new String(argv[2]));
    }

    @AfterAll
    static void stop() {
        conn.close();
        node.close();
    }

    @BeforeEach
    void flush() {
        conn.call("FLUSHALL");
    }

    private static <T> T onServer(Callable<T> task) {
        try {
            return node.server().eventLoop().submit(task).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long dataset() {
        return onServer(() -> node.server().memory().usedMemoryDataset());
    }

    /** What the dataset size should be: every stored entry measured afresh, plus bucket arrays. */
    private static long measuredFromScratch() {
        return onServer(() -> {
            long[] total = {0};
            for (Database db : node.server().keyspace().all()) {
                long cursor = 0;
                do {
                    cursor = db.scan(cursor, e -> total[0] += EntrySize.of(e));
                } while (cursor != 0);
                total[0] += db.indexBuckets() * EntrySize.BUCKET_SLOT;
            }
            return total[0];
        });
    }

    @Test
    void stringsAreCountedWithKeyValueAndEntryOverhead() {
        long empty = dataset();
        conn.call("SET", "key", "x".repeat(1000));
        long one = dataset();
        assertThat(one - empty).isBetween(1000L + 16 + 40, 1000L + 200);
        conn.call("SET", "key", "x".repeat(10));
        assertThat(dataset()).isLessThan(one - 900);
        conn.call("DEL", "key");
        assertThat(dataset()).isEqualTo(measuredFromScratch());
    }

    @Test
    void aTtlAddsTheVolatileIndexEntry() {
        conn.call("SET", "k", "v");
        long plain = dataset();
        conn.call("SET", "k", "v", "EX", "100");
        long withTtl = dataset();
        assertThat(withTtl).isGreaterThan(plain);
        assertThat(withTtl).isEqualTo(measuredFromScratch());
        conn.call("SET", "k", "v");
        assertThat(dataset()).isLessThan(withTtl);
        assertThat(dataset()).isEqualTo(measuredFromScratch());
    }

    @Test
    void valuesChangedInPlaceAreRemeasuredAfterTheCommand() {
        conn.call("TESTGROW", "list", "100");
        long before = dataset();
        conn.call("TESTGROW", "list", "5000");
        assertThat(dataset() - before).isEqualTo(5000);
        assertThat(dataset()).isEqualTo(measuredFromScratch());
    }

    @Test
    void theSweepCorrectsChangesAtUnknownKeyPositions() throws InterruptedException {
        conn.call("TESTGROW", "hidden", "0");
        conn.call("TESTHIDDENGROW", "hidden", "100000");
        long deadline = System.currentTimeMillis() + 5_000;
        while (dataset() != measuredFromScratch() && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(dataset()).isEqualTo(measuredFromScratch());
    }

    @Test
    void expiredKeysGiveTheirMemoryBack() throws InterruptedException {
        conn.call("SET", "stays", "v");
        for (int i = 0; i < 50; i++) {
            conn.call("SET", "t" + i, "x".repeat(200), "PX", "3000");
        }
        long withVolatileKeys = dataset();
        long deadline = System.currentTimeMillis() + 15_000;
        while (!conn.callString("DBSIZE").equals(":1\r\n") && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(dataset()).isEqualTo(measuredFromScratch());
        assertThat(withVolatileKeys - dataset()).isGreaterThan(50 * 200);
    }

    @Test
    void flushAndSelectKeepTheTotalAcrossDatabases() {
        conn.call("SET", "a", "x".repeat(500));
        conn.call("SELECT", "3");
        conn.call("SET", "b", "x".repeat(500));
        assertThat(dataset()).isEqualTo(measuredFromScratch());
        conn.call("FLUSHDB");
        assertThat(dataset()).isEqualTo(measuredFromScratch());
        conn.call("FLUSHALL");
        assertThat(dataset()).isEqualTo(measuredFromScratch());
    }

    @Test
    void randomWorkloadKeepsTheEstimateExact() {
        Random rnd = new Random(42);
        for (int i = 0; i < 2000; i++) {
            String key = "k" + rnd.nextInt(200);
            switch (rnd.nextInt(5)) {
                case 0, 1 -> conn.call("SET", key, "x".repeat(rnd.nextInt(300)));
                case 2 -> conn.call("SET", key, "v", "EX", "1000");
                case 3 -> conn.call("DEL", key);
                default -> conn.call("TESTGROW", "g" + rnd.nextInt(20), Integer.toString(rnd.nextInt(100)));
            }
        }
        assertThat(dataset()).isEqualTo(measuredFromScratch());
        long peak = onServer(() -> node.server().memory().usedMemoryPeak());
        assertThat(peak).isGreaterThanOrEqualTo(onServer(() -> node.server().memory().usedMemory()));
    }

    /**
     * The string writes that the accounting observer skips (CommandSpec.writesThroughKeyspace) leave the
     * estimate exact after every single command, so the keyspace really measured what they changed.
     */
    @Test
    void stringWritesAreMeasuredByTheKeyspace() {
        Random rnd = new Random(7);
        for (int i = 0; i < 1500; i++) {
            String key = "s" + rnd.nextInt(50);
            String value = "x".repeat(rnd.nextInt(200));
            String number = Integer.toString(rnd.nextInt(2_000_000) - 1_000_000);
            if (rnd.nextInt(8) == 0) {
                conn.call("DEL", "n" + rnd.nextInt(10));
            }
            switch (rnd.nextInt(14)) {
                case 0 -> conn.call("SET", key, value, "KEEPTTL", "GET");
                case 1 -> conn.call("SETNX", key, value);
                case 2 -> conn.call("SETEX", key, "1000", value);
                case 3 -> conn.call("PSETEX", key, "1000000", value);
                case 4 -> conn.call("GETSET", key, value);
                case 5 -> conn.call("GETDEL", key);
                case 6 -> conn.call("GETEX", key, rnd.nextBoolean() ? "PERSIST" : "EX", "500");
                case 7 -> conn.call("SET", "n" + rnd.nextInt(10), number);
                case 8 -> conn.call("INCRBY", "n" + rnd.nextInt(10), number);
                case 9 -> conn.call("DECR", "n" + rnd.nextInt(10));
                case 10 -> conn.call("INCRBYFLOAT", "n" + rnd.nextInt(10), "0.5");
                case 11 -> conn.call("MSET", key, value, "s" + rnd.nextInt(50), number);
                case 12 -> conn.call("MSETNX", key, value, "s" + rnd.nextInt(50), value);
                default -> conn.call("SET", key, value, "PX", "100000", "NX");
            }
            assertThat(dataset()).as("after command %d", i).isEqualTo(measuredFromScratch());
        }
    }

    /**
     * INFO memory and MEMORY STATS report the measured dataset: used_memory grows with a big set and falls back as
     * soon as UNLINK removes it (uncollected garbage in the heap does not count), while the peak remembers it.
     */
    @Test
    void infoMemoryFallsAsSoonAsKeysGo() {
        long before = info("used_memory");
        for (int batch = 0; batch < 100; batch++) {
            String[] sadd = new String[2 + 1000];
            sadd[0] = "SADD";
            sadd[1] = "big";
            for (int i = 0; i < 1000; i++) {
                sadd[2 + i] = Integer.toString(batch * 1000 + i);
            }
            conn.call(sadd);
        }
        String loadedInfo = new String(conn.call("INFO", "memory"));
        long loaded = field(loadedInfo, "used_memory");
        assertThat(loaded).isGreaterThan(before + 1_000_000);
        assertThat(field(loadedInfo, "used_memory_dataset")).isEqualTo(loaded - field(loadedInfo, "used_memory_startup"));
        long statsTotal = Long.parseLong(new String(conn.call("MEMORY", "STATS"))
                .replaceAll("(?s).*total\\.allocated\r\n:(\\d+)\r\n.*", "$1"));
        assertThat(statsTotal).isCloseTo(loaded, org.assertj.core.data.Percentage.withPercentage(1));
        conn.call("UNLINK", "big");
        assertThat(info("used_memory")).as("the empty key table stays").isBetween(before, before + 1024);
        assertThat(info("used_memory_peak")).isGreaterThanOrEqualTo(loaded);
    }

    private static long info(String field) {
        return field(new String(conn.call("INFO", "memory")), field);
    }

    private static long field(String info, String field) {
        return Long.parseLong(info.replaceAll("(?s).*\r\n" + field + ":(\\d+)\r\n.*", "$1"));
    }
}
