package dev.keyslot.datanode.util;

import dev.keyslot.datanode.testing.ConnectionPair;
import dev.keyslot.datanode.testing.Differential;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GlobMatcher against Redis's stringmatchlen: a channel is subscribed and PUBSUB CHANNELS asked with a
 * random pattern built from the characters the matcher treats specially.
 */
class GlobMatcherDifferentialTest {
    private static final String PATTERN_CHARS = "ab*?[]^-\\A";
    private static final String STRING_CHARS = "ab-][^A\\";

    @Test
    void randomPatternsSelectTheSameChannelsAsRedis() {
        Random random = new Random(20240607);
        try (Differential diff = new Differential(); ConnectionPair subscriber = ConnectionPair.open(diff)) {
            ConnectionPair asker = ConnectionPair.main(diff);
            for (int i = 0; i < 150; i++) {
                String channel = random(random, STRING_CHARS, 1 + random.nextInt(6));
                subscriber.check("SUBSCRIBE", channel);
                for (int j = 0; j < 4; j++) {
                    asker.check("PUBSUB", "CHANNELS", random(random, PATTERN_CHARS, random.nextInt(7)));
                }
                subscriber.check("UNSUBSCRIBE", channel);
            }
        }
    }

    private static String random(Random random, String alphabet, int length) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    @Test
    void caseInsensitiveMatchingFoldsAsciiLettersOnly() {
        assertThat(GlobMatcher.matches(b("H*LO"), b("hello"), true)).isTrue();
        assertThat(GlobMatcher.matches(b("H*LO"), b("hello"), false)).isFalse();
        assertThat(GlobMatcher.matches(b("[A-C]x"), b("bx"), true)).isTrue();
        assertThat(GlobMatcher.matches(b("[a-c]x"), b("Bx"), false)).isFalse();
    }

    @Test
    void bytesAboveAsciiCompareAsSignedCharsInRanges() {
        byte[] high = {(byte) 0xE9};
        assertThat(GlobMatcher.matches(new byte[] {'[', 'a', '-', (byte) 0xFF, ']'}, high, false)).isFalse();
        assertThat(GlobMatcher.matches(new byte[] {'[', (byte) 0x80, '-', 'a', ']'}, high, false)).isTrue();
    }

    private static byte[] b(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
