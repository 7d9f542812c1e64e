package dev.keyslot.datanode.keyspace.stream;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The "ms-seq" bytes XADD replies with, written without the String formatter. */
class StreamIdTest {
    private static void assertFormatted(long ms, long seq) {
        String expected = Long.toUnsignedString(ms) + "-" + Long.toUnsignedString(seq);
        assertThat(new String(new StreamId(ms, seq).toBytes(), StandardCharsets.ISO_8859_1)).isEqualTo(expected);
    }

    @Test
    void bytesAreTheUnsignedDecimalForm() {
        long[] edges = {0, 1, 9, 10, 99, 100, 1_700_000_000_000L, Long.MAX_VALUE, -1, Long.MIN_VALUE};
        for (long ms : edges) {
            for (long seq : edges) {
                assertFormatted(ms, seq);
            }
        }
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            assertFormatted(random.nextLong() >>> random.nextInt(64), random.nextLong() >>> random.nextInt(64));
        }
    }
}
