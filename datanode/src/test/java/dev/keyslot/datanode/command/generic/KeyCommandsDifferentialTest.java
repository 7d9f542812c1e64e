package dev.keyslot.datanode.command.generic;

import dev.keyslot.datanode.testing.Differential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** DEL UNLINK EXISTS TYPE TOUCH KEYS RANDOMKEY, compared byte for byte with redis-server 7.0. */
class KeyCommandsDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClass();

    @Test
    void delAndUnlinkCountRemovedKeys() {
        diff.checkAll("SET a 1", "SET b 2", "SET c 3", "DEL a b missing a", "EXISTS a b c", "UNLINK c c missing",
                "EXISTS c", "DEL", "UNLINK", "DEL nothing");
    }

    @Test
    void existsCountsRepeatedKeys() {
        diff.checkAll("SET a 1", "EXISTS a a a missing", "EXISTS missing", "EXISTS");
    }

    @Test
    void typeOfStringsAndMissingKeys() {
        diff.checkAll("SET s v", "TYPE s", "TYPE missing", "TYPE", "TYPE a b");
    }

    @Test
    void touchCountsExistingKeys() {
        diff.checkAll("SET a 1", "SET b 2", "TOUCH a b missing a", "TOUCH");
    }

    @Test
    void expiredKeysAreInvisible() throws InterruptedException {
        diff.checkAll("SET gone v PX 1", "SET kept v");
        Thread.sleep(20);
        diff.checkAll("EXISTS gone kept", "TYPE gone", "TOUCH gone kept", "DEL gone", "KEYS *", "KEYS g*");
    }

    @Test
    void keysWithGlobPatterns() {
        for (String k : List.of("hello", "hallo", "hxllo", "hllo", "heeeello", "h*llo", "h?llo", "h[a]llo", "h\\llo",
                "a-b", "a]b", "ab", "Hello", "HELLO", "x", "foo:1", "foo:22", "foo:bar:3", "-", "^", "[", "]", "*")) {
            diff.check("SET", k, "v");
        }
        for (String p : List.of("*", "**", "h?llo", "h*llo", "h[ae]llo", "h[^e]llo", "h[a-b]llo", "h[b-a]llo",
                "h\\*llo", "h\\?llo", "h[\\]]llo", "h\\\\llo", "foo:*", "foo:?", "foo:??", "*:*:*", "[", "[^",
                "[a-]b", "a[-]b", "a[]]b", "a[b", "a\\", "*o", "*l*o", "x*", "*x", "?", "[*]", "[?]", "\\*",
                "[^a-z]*", "[A-Z]*", "*[", "h[", "*\\", "", "???", "*?*", "h*l*l*o", "[-]", "[\\^]", "[]-]")) {
            sortedKeys(p);
        }
    }

    /** KEYS output order is the dict's, which differs from Redis's hash order: compare the sorted sets. */
    private static void sortedKeys(String pattern) {
        List<String> expected = keys(diff.redisConnection().call("KEYS", pattern));
        List<String> actual = keys(diff.nodeConnection().call("KEYS", pattern));
        assertThat(actual).as("KEYS " + pattern).isEqualTo(expected);
    }

    static List<String> keys(byte[] reply) {
        List<String> out = new ArrayList<>(Resp.strings(reply));
        Collections.sort(out);
        return out;
    }

    /** Random patterns over the metacharacters against random keys: Redis's matcher is the oracle. */
    @Test
    void keysWithRandomPatterns() {
        Random rnd = new Random(2024);
        String keyAlphabet = "ab-]^\\[*?";
        String patternAlphabet = "ab*?[]^-\\";
        for (int i = 0; i < 150; i++) {
            diff.check(Latin1.args("SET", randomString(rnd, keyAlphabet, 1 + rnd.nextInt(5)), "v"));
        }
        for (int i = 0; i < 400; i++) {
            String p = randomString(rnd, patternAlphabet, rnd.nextInt(9));
            List<String> expected = keys(Latin1.call(diff.redisConnection(), "KEYS", p));
            List<String> actual = keys(Latin1.call(diff.nodeConnection(), "KEYS", p));
            assertThat(actual).as("KEYS " + p).isEqualTo(expected);
        }
    }

    private static String randomString(Random rnd, String alphabet, int length) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /** Bytes above 0x7f compare as signed chars in Redis's ranges. */
    @Test
    void keysWithBinaryPatterns() {
        for (String k : List.of("\u00e9t\u00e9", "\u00ffx", "ax", "Ax", "\u0080", "\u0000nul", "z\u007f")) {
            diff.check(Latin1.args("SET", k, "v"));
        }
        for (String p : List.of("[\u00e0-\u00ff]*", "[a-\u00ff]*", "[\u00ff-a]*", "[^\u0080-\u00ff]*", "\u0000*",
                "*\u007f", "[\u0000-\u0001]nul", "?x", "[A-a]x")) {
            List<String> expected = keys(Latin1.call(diff.redisConnection(), "KEYS", p));
            List<String> actual = keys(Latin1.call(diff.nodeConnection(), "KEYS", p));
            assertThat(actual).as("KEYS " + p).isEqualTo(expected);
        }
    }

    @Test
    void emptyKeyIsNotMatchedByStarPatterns() {
        diff.checkAll("SET x 1");
        diff.check("SET", "", "empty");
        sortedKeys("*");
        sortedKeys("**");
        sortedKeys("");
    }

    @Test
    void keysArity() {
        diff.checkAll("KEYS", "KEYS a b");
    }

    @Test
    void randomKeyOnEmptyAndSingleKeyDatabases() {
        diff.checkAll("RANDOMKEY", "SET only v", "RANDOMKEY", "RANDOMKEY extra");
    }

    @Test
    void randomKeyReturnsExistingKeys() {
        for (int i = 0; i < 50; i++) {
            diff.check("SET", "k" + i, "v");
        }
        for (int i = 0; i < 20; i++) {
            String reply = diff.nodeConnection().callString("RANDOMKEY");
            assertThat(reply).matches("\\$\\d+\r\nk\\d+\r\n");
        }
    }

    @Test
    void readsCountHitsAndMissesLikeRedis() {
        diff.checkAll("SET a 1", "SET b 2");
        Counters redisBefore = Counters.ofRedis(diff);
        Counters nodeBefore = Counters.ofNode(diff);
        diff.checkAll("EXISTS a missing", "TYPE b", "TYPE nope", "TOUCH a b c", "DEL a", "UNLINK b missing",
                "KEYS *", "RANDOMKEY");
        assertThat(Counters.ofNode(diff).minus(nodeBefore)).isEqualTo(Counters.ofRedis(diff).minus(redisBefore));
    }
}
