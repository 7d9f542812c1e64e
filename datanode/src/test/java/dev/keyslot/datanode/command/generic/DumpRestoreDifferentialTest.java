package dev.keyslot.datanode.command.generic;

import dev.keyslot.datanode.testing.Differential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DUMP and RESTORE against redis-server 7.0: payloads must be byte-identical (MIGRATE moves keys between
 * both kinds of server), each side must restore the other's payloads, and errors must match.
 */
class DumpRestoreDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClass();

    /** Values covering every string encoding choice: integers of each width, short, long, compressible, binary. */
    private static List<String> sampleValues() {
        List<String> values = new ArrayList<>(List.of("", "0", "-0", "1", "-1", "127", "128", "-128", "-129",
                "32767", "32768", "-32768", "-32769", "2147483647", "2147483648", "-2147483648", "-2147483649",
                "9223372036854775807", "-9223372036854775808", "12345678901", "123456789012", "007", "+5", " 5",
                "1.5", "hello", "aaaaaaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaaaaaaa", "abcdefghijklmnopqrstuvwxyz",
                "abcabcabcabcabcabcabcabcabcabcabcabcabcabcabc", "x".repeat(100), "ab".repeat(500),
                "The quick brown fox jumps over the lazy dog. ".repeat(20), "0123456789".repeat(30),
                "y".repeat(300) + "z".repeat(300), "x".repeat(20000)));
        Random rnd = new Random(7);
        for (int n : new int[] {5, 21, 64, 300, 5000, 70000}) {
            StringBuilder binary = new StringBuilder();
            StringBuilder lowEntropy = new StringBuilder();
            for (int i = 0; i < n; i++) {
                binary.append((char) rnd.nextInt(256));
                lowEntropy.append((char) ("abcd\0\r\n\u00ff".charAt(rnd.nextInt(8))));
            }
            values.add(binary.toString());
            values.add(lowEntropy.toString());
        }
        StringBuilder words = new StringBuilder();
        String[] vocabulary = {"redis", "cluster", "slot", "key", "value", "migrate", "node", "replica"};
        for (int i = 0; i < 3000; i++) {
            words.append(vocabulary[rnd.nextInt(vocabulary.length)]).append(' ');
        }
        values.add(words.toString());
        return values;
    }

    @Test
    void dumpPayloadsAreByteIdentical() {
        List<String> values = sampleValues();
        for (int i = 0; i < values.size(); i++) {
            diff.check(Latin1.args("SET", "k" + i, values.get(i)));
            diff.check(Latin1.args("DUMP", "k" + i));
        }
        diff.checkAll("DUMP missing", "DUMP", "DUMP a b");
    }

    /** With rdbcompression off, DUMP writes compressible strings verbatim, as Redis does. */
    @Test
    void dumpFollowsRdbcompression() {
        List<String> values = sampleValues();
        diff.checkAll("CONFIG SET rdbcompression no");
        try {
            for (int i = 0; i < values.size(); i++) {
                diff.check(Latin1.args("SET", "k" + i, values.get(i)));
                diff.check(Latin1.args("DUMP", "k" + i));
            }
        } finally {
            diff.checkAll("CONFIG SET rdbcompression yes");
        }
    }

    /**
     * A repeated block ends in a back reference reaching the end of the input: liblzf's unrolled match loop
     * may then take up to two bytes more than its nominal limit, and the payload must still be identical.
     */
    @Test
    void backReferencesAtTheEndOfTheInput() {
        Random rnd = new Random(11);
        int n = 0;
        for (int block = 3; block <= 40; block++) {
            for (int prefix = 0; prefix <= 3; prefix++) {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < prefix; i++) {
                    sb.append((char) ('A' + rnd.nextInt(26)));
                }
                StringBuilder r = new StringBuilder();
                for (int i = 0; i < block; i++) {
                    r.append((char) ('a' + rnd.nextInt(26)));
                }
                sb.append(r).append(r);
                diff.check(Latin1.args("SET", "b" + n, sb.toString()));
                diff.check(Latin1.args("DUMP", "b" + n));
                n++;
            }
        }
    }

    @Test
    void eachSideRestoresTheOthersPayloads() {
        List<String> values = sampleValues();
        for (int i = 0; i < values.size(); i++) {
            diff.check(Latin1.args("SET", "src" + i, values.get(i)));
            String fromRedis = (String) Resp.parse(Latin1.call(diff.redisConnection(), "DUMP", "src" + i));
            String fromNode = (String) Resp.parse(Latin1.call(diff.nodeConnection(), "DUMP", "src" + i));
            diff.check(Latin1.args("RESTORE", "r" + i, "0", fromRedis));
            diff.check(Latin1.args("RESTORE", "n" + i, "0", fromNode));
            diff.check(Latin1.args("GET", "r" + i));
            diff.check(Latin1.args("GET", "n" + i));
            diff.check(Latin1.args("OBJECT", "ENCODING", "r" + i));
            diff.check(Latin1.args("DUMP", "n" + i));
        }
    }

    @Test
    void restoreOptionsAndTtl() {
        String payload = dumpOf("hello");
        diff.check(Latin1.args("RESTORE", "a", "0", payload));
        diff.check(Latin1.args("RESTORE", "a", "0", payload));
        diff.check(Latin1.args("RESTORE", "a", "0", payload, "REPLACE"));
        diff.check(Latin1.args("RESTORE", "b", "100000", payload));
        diff.checkAll("TTL a", "TTL b");
        diff.check(Latin1.args("RESTORE", "c", "4000000000000", payload, "ABSTTL"));
        diff.checkAll("PEXPIRETIME c");
        diff.check(Latin1.args("RESTORE", "d", "1", payload, "ABSTTL"));
        diff.checkAll("EXISTS d");
        diff.check(Latin1.args("RESTORE", "a", "1", payload, "ABSTTL", "REPLACE"));
        diff.checkAll("EXISTS a");
        diff.check(Latin1.args("RESTORE", "e", "0", payload, "IDLETIME", "10", "replace", "absttl"));
        diff.check(Latin1.args("RESTORE", "f", "0", payload, "FREQ", "10"));
        diff.checkAll("GET e", "GET f");
    }

    @Test
    void restoreOverAnExpiredKeyAndRestoreAsking() throws InterruptedException {
        String payload = dumpOf("fresh");
        diff.checkAll("SET k old PX 1");
        Thread.sleep(20);
        diff.checkAll("DUMP k");
        diff.check(Latin1.args("RESTORE", "k", "0", payload));
        diff.check(Latin1.args("RESTORE-ASKING", "m", "0", payload));
        diff.check(Latin1.args("RESTORE-ASKING", "m", "0", payload));
        diff.checkAll("GET k", "GET m", "TTL k");
    }

    @Test
    void restoreErrors() {
        String payload = dumpOf("hello");
        diff.checkAll("SET busy x");
        diff.check(Latin1.args("RESTORE", "busy", "0", payload));
        diff.check(Latin1.args("RESTORE", "k", "-1", payload));
        diff.check(Latin1.args("RESTORE", "k", "abc", payload));
        diff.check(Latin1.args("RESTORE", "busy", "-1", payload));
        diff.check(Latin1.args("RESTORE", "k", "0", payload, "FOO"));
        diff.check(Latin1.args("RESTORE", "k", "0", payload, "IDLETIME"));
        diff.check(Latin1.args("RESTORE", "k", "0", payload, "IDLETIME", "-1"));
        diff.check(Latin1.args("RESTORE", "k", "0", payload, "IDLETIME", "x"));
        diff.check(Latin1.args("RESTORE", "k", "0", payload, "FREQ", "256"));
        diff.check(Latin1.args("RESTORE", "k", "0", payload, "FREQ", "-1"));
        diff.check(Latin1.args("RESTORE", "k", "0", payload, "FREQ", "1", "IDLETIME", "1"));
        diff.check(Latin1.args("RESTORE", "k", "0", payload, "IDLETIME", "1", "FREQ", "1"));
        diff.check(Latin1.args("RESTORE", "busy", "0", payload, "FOO"));
        diff.checkAll("RESTORE k 0", "RESTORE k 0 short", "RESTORE k 0 0123456789", "RESTORE-ASKING k 0 nope");
    }

    @Test
    void corruptedPayloadsAreRejected() {
        String payload = dumpOf("a value long enough to be compressed: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
        char[] chars = payload.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            char[] broken = chars.clone();
            broken[i] ^= 0x01;
            diff.check(Latin1.args("RESTORE", "k" + i, "0", new String(broken)));
        }
        diff.check(Latin1.args("RESTORE", "short", "0", payload.substring(1)));
        diff.check(Latin1.args("RESTORE", "newer", "0", withVersion(payload, 11)));
        diff.check(Latin1.args("RESTORE", "older", "0", withVersion(payload, 9)));
        diff.checkAll("KEYS *");
    }

    @Test
    void validChecksumWithBadBodyIsBadDataFormat() {
        diff.check(Latin1.args("RESTORE", "k", "0", Payloads.withFooter("\u0063\u0001x", 10)));
        diff.check(Latin1.args("RESTORE", "k", "0", Payloads.withFooter("\u0000\u0005ab", 10)));
        diff.check(Latin1.args("RESTORE", "k", "0", Payloads.withFooter("\u0000\u00c3\u0002\u0005xx", 10)));
        diff.check(Latin1.args("RESTORE", "k", "0", Payloads.withFooter("\u0000\u00c4", 10)));
        diff.check(Latin1.args("RESTORE", "k", "0", Payloads.withFooter("", 10)));
        diff.check(Latin1.args("RESTORE", "k", "0", Payloads.withFooter("\u0000\u0003abc", 10)));
        diff.check(Latin1.args("RESTORE", "k2", "0", Payloads.withFooter("\u0000\u0003abc", 6)));
        diff.checkAll("GET k", "GET k2");
    }

    @Test
    void dirtyCountsLikeRedis() {
        String payload = dumpOf("v");
        diff.checkAll("SET old x");
        Counters redisBefore = Counters.ofRedis(diff);
        Counters nodeBefore = Counters.ofNode(diff);
        diff.check(Latin1.args("RESTORE", "a", "0", payload));
        diff.check(Latin1.args("RESTORE", "old", "1", payload, "ABSTTL", "REPLACE"));
        diff.check(Latin1.args("RESTORE", "gone", "1", payload, "ABSTTL"));
        diff.check(Latin1.args("RESTORE", "a", "0", payload));
        diff.checkAll("DUMP a", "DUMP missing");
        assertThat(Counters.ofNode(diff).minus(nodeBefore)).isEqualTo(Counters.ofRedis(diff).minus(redisBefore));
    }

    private static String dumpOf(String value) {
        Latin1.call(diff.redisConnection(), "SET", "__dump_source", value);
        String payload = (String) Resp.parse(diff.redisConnection().call("DUMP", "__dump_source"));
        diff.redisConnection().call("DEL", "__dump_source");
        return payload;
    }

    private static String withVersion(String payload, int version) {
        String body = payload.substring(0, payload.length() - 10);
        return Payloads.withFooter(body, version);
    }
}
