package dev.keyslot.datanode.command.generic;

import dev.keyslot.datanode.testing.Differential;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DUMP and RESTORE of hashes, sets, sorted sets and lists against redis-server 7.0: compact encodings
 * (listpack, intset, quicklist) dump to identical bytes, and every encoding restores across servers.
 */
class CollectionDumpRestoreDifferentialTest {
    /** Integers at every listpack and intset width boundary, strings at every listpack length boundary. */
    static final List<String> ELEMENTS = List.of("0", "1", "12", "13", "127", "128", "-1", "-128", "-129",
            "4095", "4096", "-4096", "-4097", "32767", "32768", "-32768", "-32769", "8388607", "8388608",
            "-8388608", "-8388609", "2147483647", "2147483648", "-2147483648", "-2147483649",
            "9223372036854775807", "-9223372036854775808", "9223372036854775808", "", "-0", "007", "+1", "1.0",
            " 1", "a", "x".repeat(63), "y".repeat(64), "z".repeat(127), "v".repeat(128), "z".repeat(4095),
            "w".repeat(4096), "\u0000\u00ff\r\n", "ab".repeat(20000));

    @RegisterExtension
    static final Differential diff = Differential.perClass();

    @BeforeEach
    void reset() {
        diff.checkAll("CONFIG SET hash-max-listpack-entries 128 hash-max-listpack-value 64",
                "CONFIG SET zset-max-listpack-entries 128 zset-max-listpack-value 64",
                "CONFIG SET set-max-intset-entries 512 list-max-listpack-size -2 sanitize-dump-payload no");
    }

    private static void both(String... args) {
        diff.check(Latin1.args(args));
    }

    private static void both(String command, String key, List<String> args) {
        List<String> all = new ArrayList<>(List.of(command, key));
        all.addAll(args);
        both(all.toArray(new String[0]));
    }

    private static void dumpsMatch(String... keys) {
        for (String key : keys) {
            both("OBJECT", "ENCODING", key);
            both("DUMP", key);
        }
    }

    /** Same encoding and content on both servers, for values whose dump order is dict order. */
    private static void contentsMatch(String... keys) {
        for (String key : keys) {
            both("OBJECT", "ENCODING", key);
            assertThat(CollectionContent.of(diff.nodeConnection(), key)).as(key)
                    .isEqualTo(CollectionContent.of(diff.redisConnection(), key));
        }
    }

    @Test
    void listpackHashesDumpIdentically() {
        both("CONFIG", "SET", "hash-max-listpack-value", "50000");
        List<String> byValue = new ArrayList<>();
        List<String> byField = new ArrayList<>();
        for (int i = 0; i < ELEMENTS.size(); i++) {
            byValue.addAll(List.of("f" + i, ELEMENTS.get(i)));
            byField.addAll(List.of(ELEMENTS.get(i), "v" + i));
        }
        both("HSET", "values", byValue);
        both("HSET", "fields", byField);
        both("HSET", "edited", "a", "1", "b", "2", "c", "3", "d", "4");
        both("HDEL", "edited", "b");
        both("HSET", "edited", "c", "three", "e", "-5");
        both("HINCRBY", "edited", "a", "1000");
        dumpsMatch("values", "fields", "edited");
    }

    @Test
    void intsetsDumpIdentically() {
        both("SADD", "narrow", "1", "-5", "32767", "-32768");
        both("SADD", "middle", "3", "32768", "-2147483648");
        both("SADD", "wide", "3", "2147483648", "-9223372036854775808", "9223372036854775807");
        both("SADD", "upgraded", "1", "2", "5000000000");
        both("SREM", "upgraded", "5000000000");
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 512; i++) {
            many.add(Integer.toString(i * 37 - 9000));
        }
        both("SADD", "full", many);
        dumpsMatch("narrow", "middle", "wide", "upgraded", "full");
    }

    @Test
    void listpackSortedSetsDumpIdentically() {
        both("CONFIG", "SET", "zset-max-listpack-value", "50000");
        String[] scores = {"0", "-0", "1", "-1", "127", "128", "4095", "-4097", "1e15", "9007199254740993",
            "4611686018427387904", "4611686018427387905", "9.3e18", "1e20", "1.5", "0.1", "-2.5e-10", "inf",
            "-inf", "3.141592653589793", "1e-300", "123456789.123456789"};
        List<String> args = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            args.addAll(List.of(scores[i], "m" + i));
        }
        both("ZADD", "scores", args);
        List<String> members = new ArrayList<>();
        for (int i = 0; i < ELEMENTS.size(); i++) {
            members.addAll(List.of(Integer.toString(i % 3), ELEMENTS.get(i)));
        }
        both("ZADD", "members", members);
        both("ZINCRBY", "members", "0.5", "a");
        both("ZREM", "members", "0");
        dumpsMatch("scores", "members");
    }

    @Test
    void quicklistsDumpIdentically() {
        both("RPUSH", "elements", ELEMENTS);
        both("LPUSH", "pushedLeft", "a", "1", "-300", "b");
        Random rnd = new Random(3);
        List<String> small = new ArrayList<>();
        List<String> sized = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            small.add(rnd.nextBoolean() ? Long.toString(rnd.nextLong() >> rnd.nextInt(64)) : "e" + i);
        }
        for (int size = 1; size < 20000; size = size * 3 / 2 + 7) {
            sized.add("s".repeat(size));
        }
        both("RPUSH", "many", small);
        both("RPUSH", "sized", sized);
        both("RPUSH", "edited", "a", "b", "c", "d");
        both("LSET", "edited", "1", "12345");
        both("LINSERT", "edited", "BEFORE", "c", "x".repeat(100));
        both("LREM", "edited", "1", "a");
        dumpsMatch("elements", "pushedLeft", "many", "sized", "edited");
        for (String fill : new String[] {"5", "1", "0", "-1", "-3", "-5", "-9"}) {
            both("CONFIG", "SET", "list-max-listpack-size", fill);
            both("RPUSH", "fill" + fill, small.subList(0, 200));
            both("RPUSH", "fill" + fill, sized);
            dumpsMatch("fill" + fill);
        }
    }

    @Test
    void everyEncodingRestoresAcrossServers() {
        Random rnd = new Random(42);
        both("HSET", "smallHash", "f", "v", "n", "-17", "", "");
        both("HSET", "bigHash", randomPairs(rnd, 1000));
        both("HSET", "longValueHash", "f", "v".repeat(100));
        both("SADD", "intset", randomIntegers(rnd, 300));
        both("SADD", "intTable", randomIntegers(rnd, 2000));
        both("SADD", "stringSet", randomStrings(rnd, 1000));
        both("SADD", "elementSet", ELEMENTS);
        both("ZADD", "smallZset", "1", "a", "2.5", "b", "-inf", "c");
        both("ZADD", "bigZset", randomScored(rnd, 1000));
        both("ZADD", "longMemberZset", "1", "m".repeat(100));
        both("RPUSH", "elementList", ELEMENTS);
        both("RPUSH", "bigList", randomStrings(rnd, 20000));
        both("HSET", "elementHash", hashOf(ELEMENTS));
        List<String> keys = List.of("smallHash", "bigHash", "longValueHash", "intset", "intTable", "stringSet",
                "elementSet", "smallZset", "bigZset", "longMemberZset", "elementList", "bigList", "elementHash");
        for (String key : keys) {
            String fromRedis = (String) Resp.parse(Latin1.call(diff.redisConnection(), "DUMP", key));
            String fromNode = (String) Resp.parse(Latin1.call(diff.nodeConnection(), "DUMP", key));
            both("RESTORE", "r:" + key, "0", fromRedis);
            both("RESTORE", "n:" + key, "0", fromNode);
            both("OBJECT", "ENCODING", "r:" + key);
            both("OBJECT", "ENCODING", "n:" + key);
            List<String> original = CollectionContent.of(diff.redisConnection(), key);
            assertThat(CollectionContent.of(diff.nodeConnection(), key)).as(key).isEqualTo(original);
            for (String copy : new String[] {"r:" + key, "n:" + key}) {
                assertThat(CollectionContent.of(diff.redisConnection(), copy)).as("redis " + copy).isEqualTo(original);
                assertThat(CollectionContent.of(diff.nodeConnection(), copy)).as("node " + copy).isEqualTo(original);
            }
        }
    }

    @Test
    void restoredValuesTakeTheConfiguredEncodings() {
        both("HSET", "h", hashOf(ELEMENTS.subList(0, 20)));
        both("SADD", "s", "1", "2", "3", "4", "5");
        both("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d");
        both("SADD", "table", "a", "b", "c");
        both("HSET", "bigHash", hashOf(ELEMENTS));
        both("ZADD", "bigZset", "1", "a", "2", "b".repeat(100));
        List<String> payloads = new ArrayList<>();
        for (String key : new String[] {"h", "s", "z", "table", "bigHash", "bigZset"}) {
            payloads.add((String) Resp.parse(Latin1.call(diff.redisConnection(), "DUMP", key)));
        }
        diff.checkAll("CONFIG SET hash-max-listpack-entries 4 set-max-intset-entries 4 zset-max-listpack-entries 3",
                "CONFIG SET hash-max-listpack-value 100000 zset-max-listpack-value 1000");
        for (int i = 0; i < payloads.size(); i++) {
            both("RESTORE", "k" + i, "0", payloads.get(i));
            contentsMatch("k" + i);
        }
    }

    @Test
    void olderFormatsAreRead() {
        String zl = OldEncodings.ziplist("a", 5L, -100L, -300L, 100000L, 5000000000L, 12L, 13L, "", "bb");
        String[] bodies = {
            "\u0001\u0003" + OldEncodings.rdbString("a") + OldEncodings.rdbString("") + "\u00c0\u0007",
            "\n" + OldEncodings.rdbString(zl),
            "\u000e\u0003" + OldEncodings.rdbString(zl) + OldEncodings.rdbString(OldEncodings.ziplist())
                    + OldEncodings.rdbString(OldEncodings.ziplist("tail", 9L)),
            "\u0009" + OldEncodings.rdbString(OldEncodings.zipmap("f", "v", "g", "12", "", "empty")),
            "\r" + OldEncodings.rdbString(OldEncodings.ziplist("f", "v", "n", 77L, "big", 5000000000L)),
            "\u0003\u0004" + OldEncodings.rdbString("a") + "\u00031.5" + OldEncodings.rdbString("b") + "\u00fe"
                    + OldEncodings.rdbString("c") + "\u00ff" + OldEncodings.rdbString("d") + "\u0002-3",
            "\u000c" + OldEncodings.rdbString(OldEncodings.ziplist("c", -7L, "a", 1L, "b", "2.5")),
        };
        for (int i = 0; i < bodies.length; i++) {
            both("RESTORE", "old" + i, "0", Payloads.withFooter(bodies[i], 9));
            contentsMatch("old" + i);
        }
        // A restored quicklist of ziplists keeps a node per non-empty ziplist, on both servers.
        dumpsMatch("old0", "old1", "old2", "old3", "old4", "old5", "old6");
        diff.checkAll("LRANGE old0 0 -1", "LRANGE old1 0 -1", "LRANGE old2 0 -1", "HGETALL old3", "HGETALL old4",
                "ZRANGE old5 0 -1 WITHSCORES", "ZRANGE old6 0 -1 WITHSCORES");
    }

    private static List<String> hashOf(List<String> fields) {
        List<String> out = new ArrayList<>();
        for (String f : fields) {
            out.addAll(List.of(f, f));
        }
        return out;
    }

    private static List<String> randomStrings(Random rnd, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(i % 500 == 0 ? "L".repeat(10000 + i) : randomString(rnd));
        }
        return out;
    }

    private static String randomString(Random rnd) {
        if (rnd.nextInt(4) == 0) {
            return Long.toString(rnd.nextLong() >> rnd.nextInt(64));
        }
        StringBuilder sb = new StringBuilder();
        int len = rnd.nextInt(rnd.nextBoolean() ? 10 : 200);
        for (int i = 0; i < len; i++) {
            sb.append((char) rnd.nextInt(256));
        }
        return sb.toString();
    }

    private static List<String> randomIntegers(Random rnd, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Long.toString(rnd.nextLong() >> rnd.nextInt(64)));
        }
        return out;
    }

    private static List<String> randomPairs(Random rnd, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.addAll(List.of("field" + i + randomString(rnd), randomString(rnd)));
        }
        return out;
    }

    private static List<String> randomScored(Random rnd, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String score = switch (rnd.nextInt(3)) {
                case 0 -> Long.toString(rnd.nextLong() >> rnd.nextInt(64));
                case 1 -> Double.toString(rnd.nextGaussian() * Math.pow(10, rnd.nextInt(40) - 20));
                default -> Integer.toString(rnd.nextInt(100));
            };
            out.addAll(List.of(score, "member" + i + randomString(rnd)));
        }
        return out;
    }
}
