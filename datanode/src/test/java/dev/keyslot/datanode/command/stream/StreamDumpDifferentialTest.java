package dev.keyslot.datanode.command.stream;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.RawConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DUMP of streams byte for byte against redis-server 7.0 (node layout, master field compression,
 * tombstones, LZF), and RESTORE of redis-server's payloads with consumer groups and PELs, whose
 * time fields then match too.
 */
class StreamDumpDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClass();

    private static void both(String... args) {
        diff.check(args);
    }

    private static void dumpsMatch(String key) {
        both("DUMP", key);
    }

    @Test
    void smallStreamsDumpIdentically() {
        both("XADD", "one", "1-1", "f", "v");
        dumpsMatch("one");
        both("XADD", "ints", "5-0", "1", "-2", "300", "70000", "9223372036854775807", "-9223372036854775808");
        both("XADD", "ints", "5-1", "1", "-2", "300", "70000", "9223372036854775807", "x");
        both("XADD", "ints", "6-0", "other", "fields");
        both("XADD", "ints", "6-0", "other", "fields");
        dumpsMatch("ints");
        both("XADD", "long", "1-0", "f", "v".repeat(70), "g", "w".repeat(5000));
        dumpsMatch("long");
    }

    @Test
    void largeStreamsWithManyNodesDumpIdentically() {
        Random rnd = new Random(7);
        for (int i = 1; i <= 1500; i++) {
            if (rnd.nextInt(4) == 0) {
                both("XADD", "big", i + "-" + rnd.nextInt(3), "name", "n" + rnd.nextInt(100), "extra", "e" + i);
            } else {
                both("XADD", "big", i + "-" + rnd.nextInt(3), "name", "n" + rnd.nextInt(100), "count",
                        Integer.toString(rnd.nextInt(100000) - 50000));
            }
        }
        dumpsMatch("big");
        both("XDEL", "big", "10-0", "10-1", "10-2", "11-0", "11-1", "11-2", "500-0", "500-1", "500-2");
        dumpsMatch("big");
        both("XTRIM", "big", "MAXLEN", "1200");
        dumpsMatch("big");
        both("XTRIM", "big", "MINID", "~", "800");
        dumpsMatch("big");
        both("XINFO", "STREAM", "big");
    }

    @Test
    void configuredNodeLimitsShapeTheDump() {
        both("CONFIG", "SET", "stream-node-max-bytes", "300");
        both("CONFIG", "SET", "stream-node-max-entries", "7");
        for (int i = 1; i <= 200; i++) {
            both("XADD", "s", i + "-0", "f", "x".repeat(i % 40));
        }
        dumpsMatch("s");
        both("CONFIG", "SET", "stream-node-max-bytes", "4096");
        both("CONFIG", "SET", "stream-node-max-entries", "100");
    }

    @Test
    void emptyStreamsAndGroupsWithoutPendingDumpIdentically() {
        both("XGROUP", "CREATE", "e", "g", "$", "MKSTREAM");
        both("XGROUP", "CREATE", "e", "1", "0", "ENTRIESREAD", "5");
        dumpsMatch("e");
        both("XADD", "d", "1-1", "a", "b");
        both("XDEL", "d", "1-1");
        both("XSETID", "d", "18446744073709551615-18446744073709551615", "ENTRIESADDED", "18446744073709551615",
                "MAXDELETEDID", "5-5");
        dumpsMatch("d");
        both("XGROUP", "CREATE", "d", "g", "$");
        dumpsMatch("d");
    }

    @Test
    void groupsConsumersAndPendingEntriesRestoreFromRedis() {
        RawConnection redis = diff.redisConnection();
        for (int i = 1; i <= 300; i++) {
            redis.call("XADD", "s", i + "-1", "f", "v" + i);
        }
        redis.call("XGROUP", "CREATE", "s", "g1", "0");
        redis.call("XGROUP", "CREATE", "s", "g2", "$", "ENTRIESREAD", "3");
        redis.call("XREADGROUP", "GROUP", "g1", "alice", "COUNT", "120", "STREAMS", "s", ">");
        redis.call("XREADGROUP", "GROUP", "g1", "bob", "COUNT", "5", "STREAMS", "s", ">");
        redis.call("XREADGROUP", "GROUP", "g1", "carol", "NOACK", "COUNT", "5", "STREAMS", "s", ">");
        redis.call("XACK", "s", "g1", "3-1", "4-1");
        redis.call("XCLAIM", "s", "g1", "bob", "0", "10-1", "11-1", "RETRYCOUNT", "7");
        redis.call("XGROUP", "CREATECONSUMER", "s", "g2", "dave");
        redis.call("XDEL", "s", "20-1");
        byte[] payload = bulk(redis.call("DUMP", "s"));
        assertThat(diff.check("RESTORE".getBytes(), "copy".getBytes(), "0".getBytes(), payload)).isEqualTo("+OK\r\n");
        diff.checkAll("DUMP copy", "XINFO STREAM copy FULL", "XINFO STREAM copy FULL COUNT 0", "XINFO GROUPS copy",
                "XPENDING copy g1", "XLEN copy", "XRANGE copy 18 22");
        String[] pending = {"XPENDING", "copy", "g1", "-", "+", "3", "bob"};
        assertThat(StreamGroupDifferentialTest.mask(diff.nodeConnection().call(pending)))
                .isEqualTo(StreamGroupDifferentialTest.mask(diff.redisConnection().call(pending)));
        byte[] nodeDump = bulk(diff.nodeConnection().call("DUMP", "copy"));
        assertThat(nodeDump).isEqualTo(payload);
    }

    @Test
    void corruptPayloadsAreRejectedLikeRedis() {
        both("XADD", "s", "1-1", "a", "b");
        both("XADD", "s", "1-2", "a", "c");
        byte[] payload = bulk(diff.redisConnection().call("DUMP", "s"));
        byte[] truncated = Arrays.copyOf(payload, payload.length - 12);
        diff.check("RESTORE".getBytes(), "t".getBytes(), "0".getBytes(), truncated);
        diff.check("RESTORE".getBytes(), "s".getBytes(), "0".getBytes(), payload);
        diff.check("RESTORE".getBytes(), "s2".getBytes(), "0".getBytes(), payload);
        diff.checkAll("XRANGE s2 - +", "TYPE s2");
    }

    @Test
    void olderStreamFormatIsRead() {
        both("XADD", "s", "1-1", "a", "b");
        both("XADD", "s", "2-1", "a", "c");
        byte[] v2 = bulk(diff.redisConnection().call("DUMP", "s"));
        byte[] v1 = StreamPayloads.toListpacksV1(v2);
        assertThat(diff.check("RESTORE".getBytes(), "old".getBytes(), "0".getBytes(), v1)).isEqualTo("+OK\r\n");
        diff.checkAll("XINFO STREAM old", "XRANGE old - +", "DUMP old");
    }

    /** The bulk string of a RESP reply. */
    static byte[] bulk(byte[] reply) {
        String s = new String(reply, StandardCharsets.ISO_8859_1);
        int header = s.indexOf("\r\n");
        int len = Integer.parseInt(s.substring(1, header));
        return Arrays.copyOfRange(reply, header + 2, header + 2 + len);
    }


    /** A Redis 5 DUMP with two groups and a PEL (from Redis's own test suite), after XDEL and XTRIM. */
    @Test
    void legacyPayloadWithGroupsIsRead() {
        byte[] payload = StreamPayloads.hex("0F011000000000000000010000000000000000C3404A4057165700000023000201040101018464617461050001030100"
                + "20010381610204200A0001400A0062600A0002400A0063600A4022018164200A4039200A0065600A0005400A0066200A"
                + "00FF02060002026731050004000000000000000100000000000000003EF783437A010000010000000000000002000000"
                + "00000000003EF783437A01000001000000000000000400000000000000003EF783437A01000001000000000000000500"
                + "000000000000003EF783437A0100000101036331313EF783437A01000004000000000000000100000000000000000000"
                + "000000000002000000000000000000000000000000040000000000000000000000000000000500000000000000000267"
                + "320000000009003D52EF6867521DFA");
        assertThat(diff.check("RESTORE".getBytes(), "x".getBytes(), "0".getBytes(), payload)).isEqualTo("+OK\r\n");
        diff.checkAll("XINFO STREAM x FULL", "XINFO GROUPS x", "XRANGE x - +", "DUMP x");
    }
}
