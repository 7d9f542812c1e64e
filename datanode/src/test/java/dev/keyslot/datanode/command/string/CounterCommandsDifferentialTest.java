package dev.keyslot.datanode.command.string;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

/** INCR, DECR, INCRBY, DECRBY and INCRBYFLOAT, including long double rounding and formatting. */
class CounterCommandsDifferentialTest extends StringDifferentialBase {

    @Test
    void incrDecr() {
        diff.checkAll("INCR n", "INCR n", "DECR n", "DECR n", "DECR n", "INCRBY n 100", "DECRBY n 50",
                "INCRBY n -1000", "DECRBY n -7", "GET n", "DECR m", "INCRBY o 0", "GET o");
    }

    @Test
    void integerParsingFollowsRedis() {
        for (String v : List.of("007", "+1", " 1", "1 ", "1.0", "", "-0", "0x10", "9223372036854775807",
                "-9223372036854775808", "9223372036854775808", "12345678901234567890", "-", "1e3", "abc")) {
            diff.check("SET", "k", v);
            diff.check("INCR", "k");
            diff.check("SET", "k", v);
            diff.check("DECRBY", "k", "1");
            diff.check("INCRBY", "x", v);
            diff.check("DECRBY", "x", v);
        }
    }

    @Test
    void overflow() {
        diff.checkAll("SET k 9223372036854775807", "INCR k", "INCRBY k 0", "SET k -9223372036854775808", "DECR k",
                "DECRBY k 1", "INCRBY k -1", "SET k 1", "DECRBY k -9223372036854775808",
                "INCRBY k 9223372036854775807", "DECRBY k -9223372036854775807", "SET k -2",
                "INCRBY k -9223372036854775807", "GET k", "DECRBY k 9223372036854775807", "GET k");
    }

    @Test
    void countersKeepTtl() {
        diff.checkAll("SET k 1 EX 100", "INCR k", "SET f 1.5 EX 100", "INCRBYFLOAT f 1");
        assertSameTtl("k");
        assertSameTtl("f");
    }

    @Test
    void arity() {
        diff.checkAll("INCR", "INCR a b", "DECR", "INCRBY a", "INCRBY a 1 2", "DECRBY a", "INCRBYFLOAT a",
                "INCRBYFLOAT a 1 2");
    }

    @Test
    void incrbyfloatFormatsLikeLongDouble() {
        diff.checkAll("SET k 10.5", "INCRBYFLOAT k 0.1", "INCRBYFLOAT k 0.1", "INCRBYFLOAT k -0.2",
                "INCRBYFLOAT k 5.0e3", "INCRBYFLOAT k -5010.4", "INCRBYFLOAT z 3", "INCRBYFLOAT z 1.5",
                "INCRBYFLOAT z -4.5", "GET z", "INCRBYFLOAT y 0.1", "INCRBYFLOAT y 0.2", "INCRBYFLOAT y 0.3");
    }

    @Test
    void incrbyfloatAcceptsWhatStrtoldAccepts() {
        for (String v : List.of("1", "-1", "+1.5", ".5", "5.", "1e10", "1E-5", "-1e+2", "0x10", "0x1.8p1",
                "0X1P-3", "-0x.8", "1e400", "-1e-400", "1e4932", "1e-4940", "1e-4960", "1e5000", "inf", "-inf",
                "Infinity", "nan", "NaN", "", " 1", "1 ", "1e", "1e+", ".", "e5", "0x", "0xp1", "1..2", "--1",
                "1f", "1d", "0e99999999999999999999", "00000.0000001", "123456789012345678901234567890",
                "0.1234567890123456789", "4.9e-324", "1.7976931348623157e308")) {
            diff.check("INCRBYFLOAT", "fresh", v);
            diff.check("GET", "fresh");
            diff.check("DEL", "fresh");
            diff.check("SET", "stored", v);
            diff.check("INCRBYFLOAT", "stored", "0");
        }
    }

    @Test
    void incrbyfloatErrors() {
        diff.checkAll("SET k abc", "INCRBYFLOAT k 1", "SET k 1", "INCRBYFLOAT k abc", "INCRBYFLOAT k inf",
                "INCRBYFLOAT k -inf", "SET k inf", "INCRBYFLOAT k 1", "INCRBYFLOAT k -inf", "SET k 1e4932",
                "INCRBYFLOAT k 1e4932", "GET k");
    }

    @Test
    void incrbyfloatStoresTextEvenWhenTheResultIsAnInteger() {
        diff.checkAll("INCRBYFLOAT k 1", "OBJECT ENCODING k", "OBJECT REFCOUNT k", "SET k 12345",
                "OBJECT ENCODING k", "INCRBYFLOAT k 1", "OBJECT ENCODING k", "COPY k k2", "OBJECT ENCODING k2",
                "RENAME k k3", "OBJECT ENCODING k3", "INCRBYFLOAT k3 0.5", "OBJECT ENCODING k3", "INCR k3",
                "INCRBYFLOAT k3 0.5", "INCR k3", "INCRBYFLOAT k3 1e50", "OBJECT ENCODING k3", "APPEND k3 x",
                "OBJECT ENCODING k3", "INCRBYFLOAT k2 1", "SET k2 7", "OBJECT ENCODING k2", "OBJECT REFCOUNT k2");
    }

    @Test
    void incrbyfloatRandomValues() {
        Random random = new Random(42);
        long deadline = System.currentTimeMillis() + 5000;
        for (int i = 0; i < 400 && System.currentTimeMillis() < deadline; i++) {
            String increment = randomDecimal(random);
            diff.check("INCRBYFLOAT", "acc", increment);
            if (random.nextInt(10) == 0) {
                diff.check("SET", "acc", randomDecimal(random));
            }
        }
    }

    @Test
    void incrbyfloatAcrossTheWholeLongDoubleRange() {
        Random random = new Random(99);
        long deadline = System.currentTimeMillis() + 6000;
        for (int i = 0; i < 200 && System.currentTimeMillis() < deadline; i++) {
            String a = randomScientific(random);
            String b = random.nextInt(3) == 0 ? negate(a) + random.nextInt(10) : randomScientific(random);
            diff.check("SET", "w", a);
            diff.check("INCRBYFLOAT", "w", b);
            diff.check("INCRBYFLOAT", "h", String.format("%s0x%x.%xp%d", random.nextBoolean() ? "-" : "",
                    random.nextInt(4096), random.nextInt(65536), random.nextInt(33000) - 16500));
            diff.check("DEL", "h");
        }
    }

    private static String randomScientific(Random random) {
        StringBuilder digits = new StringBuilder();
        int n = 1 + random.nextInt(25);
        for (int i = 0; i < n; i++) {
            digits.append(random.nextInt(10));
        }
        int exponent = random.nextBoolean() ? random.nextInt(60) - 30 : random.nextInt(9900) - 4960;
        return (random.nextBoolean() ? "-" : "") + digits.charAt(0) + "." + digits.substring(1) + "e" + exponent;
    }

    private static String negate(String v) {
        return v.startsWith("-") ? v.substring(1) : "-" + v;
    }

    private static String randomDecimal(Random random) {
        switch (random.nextInt(5)) {
            case 0:
                return Integer.toString(random.nextInt(2001) - 1000);
            case 1:
                return String.format("%d.%0" + (1 + random.nextInt(6)) + "d", random.nextInt(200) - 100,
                        random.nextInt(1000));
            case 2:
                return Double.toString(random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20));
            case 3:
                return random.nextInt(100) + "e" + (random.nextInt(60) - 30);
            default:
                return "0." + random.nextInt(10);
        }
    }
}
