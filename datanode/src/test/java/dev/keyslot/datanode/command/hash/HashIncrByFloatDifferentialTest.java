package dev.keyslot.datanode.command.hash;

import dev.keyslot.datanode.testing.Differential;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.util.List;

/**
 * Random HINCRBYFLOAT increments (decimal, exponent and hex forms, up to 25 significant digits) compared
 * with redis-server, whose x87 long double rounding and "%.17Lf" formatting the reply must reproduce exactly.
 */
class HashIncrByFloatDifferentialTest {
    private static Differential diff;

    @BeforeContainer
    static void start() {
        diff = new Differential();
    }

    @AfterContainer
    static void stop() {
        diff.close();
    }

    @Provide
    Arbitrary<String> increments() {
        Arbitrary<String> sign = Arbitraries.of("", "-", "+");
        Arbitrary<String> digits = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> decimal = Combinators.combine(sign, digits, digits, Arbitraries.integers().between(-25, 25))
                .as((s, i, f, e) -> s + i + "." + f + (e == 0 ? "" : "e" + e));
        Arbitrary<String> doubles = Arbitraries.doubles().between(-1e12, 1e12).map(Object::toString);
        Arbitrary<String> hex = Combinators.combine(sign, Arbitraries.strings().withChars("0123456789abcdef")
                .ofMinLength(1).ofMaxLength(18), Arbitraries.integers().between(-70, 70))
                .as((s, h, e) -> s + "0x" + h + "p" + e);
        return Arbitraries.oneOf(decimal, doubles, hex);
    }

    @Property(tries = 200)
    void incrementsMatchRedis(@ForAll("increments") String a, @ForAll("increments") String b,
                              @ForAll("increments") String c) {
        diff.check("DEL", "h");
        for (String incr : List.of(a, b, c)) {
            diff.check("HINCRBYFLOAT", "h", "f", incr);
        }
    }
}
