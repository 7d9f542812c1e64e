package dev.keyslot.datanode.util;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class NumbersTest {
    @Test
    void toBytesWritesTheDecimalFormOfEveryMagnitudeAndSign() {
        long[] edges = {0, 9, 10, 9999, 10000, 10001, 99999, 100000, -1, -9, -10, -10000, Integer.MAX_VALUE,
                Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE - 1, Long.MIN_VALUE + 1};
        for (long v : edges) {
            assertDecimal(v);
        }
        for (long power = 10; ; power *= 10) {
            for (long v : new long[] {power - 1, power, power + 1}) {
                assertDecimal(v);
                assertDecimal(-v);
            }
            if (power > Long.MAX_VALUE / 10) {
                break;
            }
        }
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 10_000; i++) {
            assertDecimal(random.nextLong() >> random.nextInt(64));
        }
    }

    private static void assertDecimal(long v) {
        assertThat(new String(Numbers.toBytes(v), StandardCharsets.US_ASCII)).isEqualTo(Long.toString(v));
    }
}
