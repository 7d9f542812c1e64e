package dev.keyslot.datanode.util;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The strtod emulation behind score, range and timeout parsing. */
class StrtodTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static Double strict(String s) {
        double[] out = new double[1];
        return Strtod.parseStrict(b(s), out) ? out[0] : null;
    }

    private static Double lenient(String s) {
        double[] out = new double[1];
        return Strtod.parseLenient(b(s), 0, out) ? out[0] : null;
    }

    /** Short decimals take a fast path; every one must round exactly as the general parser does. */
    @Test
    void shortDecimalsRoundAsTheGeneralParser() {
        Random random = new Random(42);
        for (int n = 0; n < 200_000; n++) {
            int digits = 1 + random.nextInt(17);
            StringBuilder literal = new StringBuilder(random.nextBoolean() ? "-" : "");
            int dot = random.nextInt(digits + 2) - 1;
            for (int d = 0; d < digits; d++) {
                if (d == dot) {
                    literal.append('.');
                }
                literal.append((char) ('0' + random.nextInt(10)));
            }
            String s = literal.toString();
            assertThat(strict(s)).as(s).isEqualTo(Double.parseDouble(s));
        }
        assertThat(strict("0.1")).isEqualTo(0.1);
        assertThat(strict("123456789012345.6")).isEqualTo(123456789012345.6);
        assertThat(strict("9007199254740993")).isEqualTo(9007199254740992.0);
        assertThat(1 / strict("-0.0")).isNegative();
    }

    @Test
    void strictAcceptsWhatString2dAccepts() {
        assertThat(strict("1.5")).isEqualTo(1.5);
        assertThat(strict("-.5")).isEqualTo(-0.5);
        assertThat(strict("5.")).isEqualTo(5.0);
        assertThat(strict("+1e3")).isEqualTo(1000.0);
        assertThat(strict("0x10")).isEqualTo(16.0);
        assertThat(strict("0x1.8p1")).isEqualTo(3.0);
        assertThat(strict("inf")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(strict("-Infinity")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(strict("4.9e-324")).isEqualTo(Double.MIN_VALUE);
        assertThat(strict("0e0")).isEqualTo(0.0);
        assertThat(1 / strict("-0")).isNegative();
    }

    @Test
    void strictRejectsWhatString2dRejects() {
        for (String bad : new String[] {"", " 1", "1 ", "1e", "1e+", "abc", "nan", "-nan", "1e400", "-1e400",
            "1e-400", "0x", "1.5f", "1d", "1_0", "++1", "..5", "inf1"}) {
            assertThat(strict(bad)).as(bad).isNull();
        }
    }

    @Test
    void lenientIsPlainStrtodOnACString() {
        assertThat(lenient("")).isEqualTo(0.0);
        assertThat(lenient("  2")).isEqualTo(2.0);
        assertThat(lenient("1e400")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(lenient("1e-400")).isEqualTo(0.0);
        assertThat(lenient("3\0junk")).isEqualTo(3.0);
        assertThat(lenient("2 ")).isNull();
        assertThat(lenient("nan")).isNull();
        assertThat(lenient("x")).isNull();
    }

    @Test
    void scanStopsAtTheLongestNumber() {
        assertThat(Strtod.scan(b("12abc"), 0, 5)).isEqualTo(2);
        assertThat(Strtod.scan(b("1e5x"), 0, 4)).isEqualTo(3);
        assertThat(Strtod.scan(b("1ex"), 0, 3)).isEqualTo(1);
        assertThat(Strtod.scan(b("0xg"), 0, 3)).isEqualTo(1);
        assertThat(Strtod.scan(b("nan(abc)z"), 0, 9)).isEqualTo(8);
        assertThat(Strtod.scan(b("-"), 0, 1)).isEqualTo(0);
    }
}
