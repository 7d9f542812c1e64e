package dev.keyslot.datanode.command.server;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RespParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** DBSIZE FLUSHDB FLUSHALL TIME LASTSAVE SHUTDOWN (errors) DEBUG and MEMORY compared with redis-server 7.0. */
class ServerCommandsDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClass("--enable-debug-command", "yes");

    @Test
    void dbsizeAndFlushes() {
        diff.checkAll("DBSIZE", "SET a 1", "SET b 2", "DBSIZE", "SELECT 1", "SET c 3", "FLUSHDB", "DBSIZE", "SELECT 0",
                "DBSIZE", "FLUSHDB ASYNC", "DBSIZE", "SET a 1", "FLUSHALL SYNC", "DBSIZE", "FLUSHALL async",
                "FLUSHDB foo", "FLUSHALL foo", "FLUSHALL async extra", "FLUSHDB sync extra", "DBSIZE x");
    }

    @Test
    void flushesAndSwapdbCountChangesLikeRedis() {
        long redisBefore = changes(diff.redisConnection());
        long nodeBefore = changes(diff.nodeConnection());
        diff.checkAll("SET a 1", "SET b 2", "FLUSHALL", "SET a 1", "FLUSHDB", "FLUSHDB", "SWAPDB 0 1");
        assertThat(changes(diff.nodeConnection()) - nodeBefore).isEqualTo(changes(diff.redisConnection()) - redisBefore);
    }

    private static long changes(RawConnection conn) {
        String info = (String) RespParser.parse(conn.call("INFO", "persistence"));
        return Long.parseLong(info.replaceAll("(?s).*rdb_changes_since_last_save:(\\d+).*", "$1"));
    }

    @Test
    void timeAndLastsaveShapes() {
        diff.checkAll("TIME x", "LASTSAVE x");
        for (RawConnection conn : connections()) {
            List<?> time = (List<?>) RespParser.parse(conn.call("TIME"));
            long seconds = Long.parseLong((String) time.get(0));
            assertThat(seconds).isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(5L));
            assertThat(Long.parseLong((String) time.get(1))).isBetween(0L, 999_999L);
            long lastsave = (Long) RespParser.parse(conn.call("LASTSAVE"));
            assertThat(lastsave).isLessThanOrEqualTo(seconds).isGreaterThan(seconds - 3600);
        }
    }

    @Test
    void shutdownArgumentErrors() {
        diff.checkAll("SHUTDOWN foo", "SHUTDOWN SAVE NOSAVE", "SHUTDOWN ABORT NOW", "SHUTDOWN NOSAVE ABORT",
                "SHUTDOWN ABORT");
    }

    @Test
    void debugSubset() {
        diff.checkAll("DEBUG HELP", "debug help", "DEBUG foo", "DEBUG sleep", "DEBUG SLEEP 0", "DEBUG SLEEP abc",
                "DEBUG SET-ACTIVE-EXPIRE 0", "DEBUG SET-ACTIVE-EXPIRE 1", "DEBUG SET-ACTIVE-EXPIRE x",
                "DEBUG OBJECT nokey", "DEBUG LOG hello", "DEBUG ERROR foo", "DEBUG ERROR", "DEBUG");
        for (String type : new String[] {"string", "integer", "double", "bignum", "null", "array", "set", "map",
                "attrib", "push", "verbatim", "true", "false", "foo"}) {
            diff.check("DEBUG", "PROTOCOL", type);
        }
        diff.redisConnection().call("HELLO", "3");
        diff.nodeConnection().call("HELLO", "3");
        for (String type : new String[] {"double", "bignum", "null", "set", "map", "attrib", "verbatim", "true", "false"}) {
            diff.check("DEBUG", "PROTOCOL", type);
        }
    }

    @Test
    void debugSubcommandsAddedInRedis7() {
        diff.checkAll("DEBUG CHANGE-REPL-ID", "DEBUG CHANGE-REPL-ID x", "DEBUG QUICKLIST-PACKED-THRESHOLD 1k",
                "DEBUG QUICKLIST-PACKED-THRESHOLD 0", "DEBUG QUICKLIST-PACKED-THRESHOLD 4gb",
                "DEBUG QUICKLIST-PACKED-THRESHOLD 4095mb", "DEBUG QUICKLIST-PACKED-THRESHOLD x",
                "DEBUG QUICKLIST-PACKED-THRESHOLD -1", "DEBUG QUICKLIST-PACKED-THRESHOLD k",
                "DEBUG QUICKLIST-PACKED-THRESHOLD 4293918720", "DEBUG QUICKLIST-PACKED-THRESHOLD 4293918721",
                "DEBUG QUICKLIST-PACKED-THRESHOLD 0",
                "DEBUG SET-SKIP-CHECKSUM-VALIDATION 0", "DEBUG PAUSE-CRON 0", "DEBUG STRUCTSIZE", "DEBUG STRUCTSIZE x",
                "DEBUG LISTPACK nokey", "DEBUG QUICKLIST nokey", "SET s v", "DEBUG LISTPACK s", "DEBUG QUICKLIST s",
                "RPUSH l a b", "DEBUG LISTPACK l", "DEBUG QUICKLIST l", "DEBUG QUICKLIST l 1", "DEBUG QUICKLIST l 1 2",
                "HSET h f v n 12", "DEBUG LISTPACK h", "DEBUG QUICKLIST h", "ZADD z 1 a 2.5 b", "DEBUG LISTPACK z",
                "DEBUG CLIENT-EVICTION", "DEBUG REPLYBUFFER RESIZING 0", "DEBUG REPLYBUFFER RESIZING 1",
                "DEBUG REPLYBUFFER PEAK-RESET-TIME never", "DEBUG REPLYBUFFER PEAK-RESET-TIME reset",
                "DEBUG REPLYBUFFER PEAK-RESET-TIME 100", "DEBUG REPLYBUFFER PEAK-RESET-TIME x",
                "DEBUG REPLYBUFFER foo 1", "DEBUG REPLYBUFFER resizing", "DEBUG CLUSTERLINK KILL to x",
                "DEBUG CLUSTERLINK KILL to");
    }

    @Test
    void debugHtstatsDescribesTheHashTables() {
        diff.checkAll("DEBUG HTSTATS 0", "DEBUG HTSTATS 15", "DEBUG HTSTATS 16", "DEBUG HTSTATS -1", "DEBUG HTSTATS x",
                "DEBUG HTSTATS-KEY nokey", "SET str v", "DEBUG HTSTATS-KEY str", "HSET small f v",
                "DEBUG HTSTATS-KEY small", "SADD ints 1 2", "DEBUG HTSTATS-KEY ints", "ZADD z 1 a",
                "DEBUG HTSTATS-KEY z", "RPUSH l a", "DEBUG HTSTATS-KEY l", "FLUSHALL", "DEBUG POPULATE 100",
                "SET k v PX 100000");
        // Chains depend on each server's hash function; the tables' sizes and fill do not.
        assertThat(tableSizes(diff.nodeConnection().callString("DEBUG", "HTSTATS", "0")))
                .isEqualTo(tableSizes(diff.redisConnection().callString("DEBUG", "HTSTATS", "0")))
                .contains(" table size: 128", " number of elements: 101", " table size: 4", " number of elements: 1");
    }

    private static List<String> tableSizes(String htstats) {
        return htstats.lines().filter(line -> line.startsWith(" table size:") || line.startsWith(" number of elements:")
                || line.startsWith("[") || line.startsWith("Hash table")).toList();
    }

    @Test
    void debugSetDisableDenyScriptsLetsScriptsCallNoscriptCommands() {
        String script = "return redis.call('config', 'get', 'hz')";
        diff.check("EVAL", script, "0");
        diff.checkAll("DEBUG SET-DISABLE-DENY-SCRIPTS 1");
        try {
            diff.check("EVAL", script, "0");
        } finally {
            diff.checkAll("DEBUG SET-DISABLE-DENY-SCRIPTS 0");
        }
        diff.check("EVAL", script, "0");
    }

    @Test
    void debugStringmatchTestSurvives() {
        diff.check("DEBUG", "STRINGMATCH-TEST");
    }

    @Test
    void debugChangeReplIdGivesANewHistory() {
        for (RawConnection conn : connections()) {
            String before = replicationField(conn, "master_replid");
            assertThat(conn.callString("DEBUG", "CHANGE-REPL-ID")).isEqualTo("+OK\r\n");
            assertThat(replicationField(conn, "master_replid")).hasSize(40).isNotEqualTo(before);
            assertThat(replicationField(conn, "master_replid2")).isEqualTo("0".repeat(40));
        }
    }

    private static String replicationField(RawConnection conn, String field) {
        String info = (String) RespParser.parse(conn.call("INFO", "replication"));
        return info.replaceAll("(?s).*\r\n" + field + ":(\\w+)\r\n.*", "$1");
    }

    /** Elements from the threshold on get plain nodes of their own: in DEBUG OBJECT's figures and in DUMP. */
    @Test
    void debugQuicklistPackedThresholdMakesPlainNodes() {
        diff.checkAll("DEBUG QUICKLIST-PACKED-THRESHOLD 100");
        try {
            diff.checkAll("RPUSH l a b " + "x".repeat(100) + " c " + "y".repeat(99) + " " + "z".repeat(300), "DUMP l");
            compareDebugObject("l");
        } finally {
            diff.checkAll("DEBUG QUICKLIST-PACKED-THRESHOLD 0");
        }
        diff.checkAll("DEL l", "RPUSH l a b " + "x".repeat(100), "DUMP l");
    }

    @Test
    void debugSetSkipChecksumValidationLetsACorruptPayloadIn() {
        diff.checkAll("SET k hello");
        byte[] payload = bulkBytes(diff.redisConnection().call("DUMP", "k"));
        payload[payload.length - 1] ^= 1;
        byte[] restore = bytes("RESTORE");
        diff.check(restore, bytes("a"), bytes("0"), payload);
        diff.checkAll("DEBUG SET-SKIP-CHECKSUM-VALIDATION 1");
        try {
            diff.check(restore, bytes("a"), bytes("0"), payload);
            diff.checkAll("GET a");
        } finally {
            diff.checkAll("DEBUG SET-SKIP-CHECKSUM-VALIDATION 0");
        }
        diff.check(restore, bytes("b"), bytes("0"), payload);
    }

    private static byte[] bulkBytes(byte[] reply) {
        int header = new String(reply, StandardCharsets.ISO_8859_1).indexOf("\r\n") + 2;
        return Arrays.copyOfRange(reply, header, reply.length - 2);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void debugPauseCronStopsActiveExpiry() throws InterruptedException {
        diff.checkAll("DEBUG SET-ACTIVE-EXPIRE 1", "DEBUG PAUSE-CRON 1");
        try {
            diff.checkAll("SET k v PX 20", "SET other v");
            Thread.sleep(400);
            diff.checkAll("DBSIZE");
        } finally {
            diff.checkAll("DEBUG PAUSE-CRON 0");
        }
        long deadline = System.currentTimeMillis() + 5000;
        while (!diff.nodeConnection().callString("DBSIZE").equals(":1\r\n") && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(diff.nodeConnection().callString("DBSIZE")).isEqualTo(":1\r\n");
    }

    @Test
    void debugPushInResp3IsAnOutOfBandMessageThenTheReply() {
        for (RawConnection conn : connections()) {
            conn.call("HELLO", "3");
            assertThat(conn.callString("DEBUG", "PROTOCOL", "push")).startsWith(">2\r\n");
        }
        assertThat(diff.nodeConnection().readReply()).isEqualTo(diff.redisConnection().readReply());
    }

    @Test
    void debugPopulate() {
        diff.checkAll("SET key:1 mine", "DEBUG POPULATE 5", "DBSIZE", "GET key:0", "GET key:1", "GET key:4",
                "DEBUG POPULATE 3 p 10", "GET p:2", "DEBUG POPULATE 2 q 3", "GET q:1",
                "DEBUG POPULATE -1", "DEBUG POPULATE x", "DEBUG POPULATE 1 p -5", "DEBUG POPULATE 0", "DBSIZE",
                "DEBUG POPULATE 1 a b c");
    }

    @Test
    void debugObjectDescribesTheValue() {
        diff.checkAll("SET k hello", "SET n 12345");
        for (RawConnection conn : connections()) {
            assertThat(conn.callString("DEBUG", "OBJECT", "k")).startsWith("+Value at:")
                    .contains(" refcount:1 encoding:embstr serializedlength:").contains(" lru_seconds_idle:");
            assertThat(conn.callString("DEBUG", "OBJECT", "n")).contains(" encoding:int ");
        }
    }

    /** All but the address and the LRU clock: the RDB size of each type, and a list's quicklist figures. */
    @Test
    void debugObjectSerializedLengthAndQuicklistFigures() {
        diff.checkAll("SET small v", "SET number 12345", "SET long " + "x".repeat(100), "RPUSH list a b c",
                "HSET hash f v", "SADD ints 1 2 3", "SADD strings a b", "ZADD zset 1.5 a", "XADD stream 1-1 a b");
        diff.check("EVAL", "for i = 1, 2000 do redis.call('rpush', 'big', string.rep('e', i % 50)) end", "0");
        for (String key : new String[] {"small", "number", "long", "list", "hash", "ints", "strings", "zset",
                "stream", "big"}) {
            compareDebugObject(key);
        }
        diff.check("CONFIG", "SET", "rdbcompression", "no");
        try {
            compareDebugObject("long");
        } finally {
            diff.check("CONFIG", "SET", "rdbcompression", "yes");
        }
    }

    @Test
    void debugDigestFingerprintsTheDataset() {
        diff.checkAll("FLUSHALL", "DEBUG DIGEST", "DEBUG DIGEST-VALUE", "DEBUG DIGEST-VALUE nokey", "SET s hello",
                "SET n 12345", "SETEX e 1000 v", "RPUSH l a b c 1 2", "SADD st a b c", "SADD si 1 2 3",
                "ZADD z 1 a 2.5 b inf c", "HSET h f1 v1 f2 v2", "XADD x 1-1 a 1 b 2", "XADD x 2-5 c 3",
                "XADD x 3-0 a 9 b 8", "XDEL x 2-5", "DEBUG DIGEST-VALUE s n e l st si z h x nokey", "DEBUG DIGEST",
                "SELECT 3", "SET other 1", "DEBUG DIGEST", "DEBUG DIGEST extra", "SELECT 0");
        diff.check("EVAL", "for i = 1, 300 do redis.call('zadd', 'zbig', i * 1.5, 'm' .. i) "
                + "redis.call('sadd', 'sbig', 'e' .. i) redis.call('hset', 'hbig', 'f' .. i, i) end", "0");
        diff.checkAll("DEBUG DIGEST-VALUE zbig sbig hbig", "DEBUG DIGEST", "FLUSHALL");
    }

    /**
     * DEBUG OBJECT's refcount and address as Redis's robj has them: a shared small integer is one object for every key
     * holding it; a counter past that range is its key's own object, changed in place by INCR.
     */
    @Test
    void debugObjectShowsSharedIntegersAndInPlaceChanges() {
        diff.checkAll("SET a 42", "SET b 42", "SET c 20000", "INCR c");
        compareDebugObject("a");
        compareDebugObject("c");
        assertThat(address("a")).isEqualTo(address("b"));
        String counter = address("c");
        diff.checkAll("INCR c");
        assertThat(address("c")).isEqualTo(counter).isNotEqualTo(address("a"));
    }

    /** DEBUG OBJECT describes a key past its TTL that no expiry has deleted yet, and leaves it there. */
    @Test
    void debugObjectSeesAnExpiredKeyStillStored() throws InterruptedException {
        diff.checkAll("DEBUG SET-ACTIVE-EXPIRE 0", "SET key value PX 1");
        try {
            Thread.sleep(5);
            compareDebugObject("key");
            diff.checkAll("DBSIZE", "EXISTS key", "DBSIZE");
        } finally {
            diff.checkAll("DEBUG SET-ACTIVE-EXPIRE 1");
        }
    }

    private static String address(String key) {
        return diff.nodeConnection().callString("DEBUG", "OBJECT", key).replaceFirst("(?s).*Value at:(\\S+) .*", "$1");
    }

    private static void compareDebugObject(String key) {
        assertThat(withoutAddressAndClock(diff.nodeConnection().callString("DEBUG", "OBJECT", key))).as(key)
                .isEqualTo(withoutAddressAndClock(diff.redisConnection().callString("DEBUG", "OBJECT", key)));
    }

    private static String withoutAddressAndClock(String debugObject) {
        return debugObject.replaceFirst("Value at:\\S+ ", "").replaceFirst(" lru:\\d+ lru_seconds_idle:\\d+", "");
    }

    @Test
    void debugSleepBlocksLikeRedis() {
        long start = System.nanoTime();
        assertThat(diff.nodeConnection().callString("DEBUG", "SLEEP", "0.2")).isEqualTo("+OK\r\n");
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(190);
    }

    @Test
    void debugIsRefusedByDefault() {
        try (Differential plain = new Differential()) {
            plain.checkAll("DEBUG HELP", "DEBUG SLEEP 0");
        }
    }

    @Test
    void memoryCommands() {
        diff.checkAll("MEMORY HELP", "MEMORY USAGE nokey", "SET k v", "MEMORY USAGE k foo", "MEMORY USAGE k SAMPLES x",
                "MEMORY USAGE k SAMPLES -1", "MEMORY USAGE k SAMPLES 1 2", "MEMORY DOCTOR x", "MEMORY FOO", "MEMORY",
                "MEMORY PURGE", "FLUSHALL", "MEMORY DOCTOR");
        diff.checkAll("SET k v");
        for (RawConnection conn : connections()) {
            assertThat((Long) RespParser.parse(conn.call("MEMORY", "USAGE", "k"))).isBetween(16L, 200L);
            assertThat((Long) RespParser.parse(conn.call("MEMORY", "USAGE", "k", "SAMPLES", "0"))).isPositive();
        }
        assertThat(RespParser.asMap(diff.nodeConnection().call("MEMORY", "STATS")).keySet())
                .containsExactlyElementsOf(RespParser.asMap(diff.redisConnection().call("MEMORY", "STATS")).keySet());
        assertThat(diff.nodeConnection().callString("MEMORY", "MALLOC-STATS")).startsWith("$");
    }

    @Test
    void memoryDoctorDeclinesBelowFiveMegabytesOfUsedMemory() {
        diff.checkAll("MEMORY DOCTOR", "DEBUG POPULATE 1000", "SADD s a b c", "MEMORY DOCTOR");
    }

    @Test
    void memoryDoctorExaminesABiggerDataset() {
        RawConnection node = diff.nodeConnection();
        node.call("DEBUG", "POPULATE", "200000");
        assertThat(node.callString("MEMORY", "DOCTOR")).isEqualTo("$105\r\nHi Sam, I can't find any memory issue "
                + "in your instance. I can only account for what occurs on this base.\n\r\n");
    }

    @Test
    @SuppressWarnings("unchecked")
    void memoryStatsInResp3() {
        diff.checkAll("SET k v");
        for (RawConnection conn : connections()) {
            conn.call("HELLO", "3");
        }
        var redis = (java.util.Map<Object, Object>) RespParser.parse(diff.redisConnection().call("MEMORY", "STATS"));
        var node = (java.util.Map<Object, Object>) RespParser.parse(diff.nodeConnection().call("MEMORY", "STATS"));
        assertThat(node.keySet()).containsExactlyElementsOf(redis.keySet());
        assertThat(node.get("dataset.percentage")).isInstanceOf(Double.class);
        assertThat(((java.util.Map<Object, Object>) node.get("db.0")).keySet())
                .containsExactlyElementsOf(((java.util.Map<Object, Object>) redis.get("db.0")).keySet());
    }

    private static RawConnection[] connections() {
        return new RawConnection[] {diff.redisConnection(), diff.nodeConnection()};
    }
}
