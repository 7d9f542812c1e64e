package dev.keyslot.datanode.keyspace.hash;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Encoding transitions at Redis's default limits (128 entries, 64 bytes), memory accounting and copies. */
class HashValueTest {
    private static final long ENTRIES = 128;
    private static final long VALUE = 64;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static boolean set(HashValue h, String f, String v) {
        return h.set(b(f), b(v), ENTRIES, VALUE);
    }

    private static List<String> fields(HashValue h) {
        List<String> out = new ArrayList<>();
        h.forEach((f, v) -> out.add(new String(f, StandardCharsets.ISO_8859_1)));
        return out;
    }

    @Test
    void staysListpackUpTo128EntriesThenConvertsForGood() {
        HashValue h = new HashValue();
        for (int i = 0; i < 128; i++) {
            assertThat(set(h, "f" + i, "v")).isTrue();
        }
        assertThat(h.encoding()).isEqualTo("listpack");
        assertThat(set(h, "f0", "updated")).isFalse();
        assertThat(h.encoding()).isEqualTo("listpack");
        assertThat(set(h, "f128", "v")).isTrue();
        assertThat(h.encoding()).isEqualTo("hashtable");
        for (int i = 0; i < 128; i++) {
            assertThat(h.delete(b("f" + i))).isTrue();
        }
        assertThat(h.size()).isEqualTo(1);
        assertThat(h.encoding()).isEqualTo("hashtable");
        assertThat(h.get(b("f128"))).isEqualTo(b("v"));
    }

    @Test
    void valuesAndFieldsLongerThan64BytesConvert() {
        HashValue exact = new HashValue();
        set(exact, "x".repeat(64), "y".repeat(64));
        assertThat(exact.encoding()).isEqualTo("listpack");
        HashValue longValue = new HashValue();
        set(longValue, "f", "y".repeat(65));
        assertThat(longValue.encoding()).isEqualTo("hashtable");
        HashValue longField = new HashValue();
        set(longField, "x".repeat(65), "v");
        assertThat(longField.encoding()).isEqualTo("hashtable");
    }

    @Test
    void listpackKeepsInsertionOrderAcrossUpdatesAndDeletes() {
        HashValue h = new HashValue();
        for (String f : List.of("c", "a", "d", "b")) {
            set(h, f, "1");
        }
        set(h, "a", "2");
        h.delete(b("d"));
        set(h, "d", "3");
        assertThat(fields(h)).containsExactly("c", "a", "b", "d");
        assertThat(h.get(b("a"))).isEqualTo(b("2"));
    }

    @Test
    void memoryUsageFollowsContentAndEncoding() {
        HashValue h = new HashValue();
        long empty = h.memoryUsage();
        set(h, "field", "value");
        long one = h.memoryUsage();
        assertThat(one).isGreaterThan(empty);
        set(h, "field", "a much longer value than before");
        assertThat(h.memoryUsage()).isGreaterThan(one);
        h.delete(b("field"));
        assertThat(h.memoryUsage()).isEqualTo(empty);
        for (int i = 0; i < 200; i++) {
            set(h, "f" + i, "v" + i);
        }
        long big = h.memoryUsage();
        for (int i = 0; i < 100; i++) {
            h.delete(b("f" + i));
        }
        assertThat(h.memoryUsage()).isLessThan(big);
    }

    @Test
    void copiesAreDeepAndKeepTheEncoding() {
        for (int n : new int[] {3, 300}) {
            HashValue h = new HashValue();
            for (int i = 0; i < n; i++) {
                set(h, "f" + i, "v" + i);
            }
            HashValue c = h.copy();
            assertThat(c.encoding()).isEqualTo(h.encoding());
            assertThat(fields(c)).containsExactlyInAnyOrderElementsOf(fields(h));
            assertThat(c.memoryUsage()).isEqualTo(h.memoryUsage());
            set(c, "f0", "changed");
            c.delete(b("f1"));
            assertThat(h.get(b("f0"))).isEqualTo(b("v0"));
            assertThat(h.get(b("f1"))).isEqualTo(b("v1"));
        }
    }

    @Test
    void aHashtableKeepsItsOwnValueArraysSoSameLengthOverwritesNeitherLeakNorShare() {
        HashValue h = new HashValue();
        byte[] written = b("x".repeat(100));
        h.set(b("f"), written, ENTRIES, VALUE);
        assertThat(h.encoding()).isEqualTo("hashtable");
        written[0] = 'y';
        assertThat(h.get(b("f"))[0]).isEqualTo((byte) 'x');

        byte[] stored = h.get(b("f"));
        HashValue copy = h.copy();
        assertThat(h.set(b("f"), b("z".repeat(100)), ENTRIES, VALUE)).isFalse();
        assertThat(h.get(b("f"))).isSameAs(stored).isEqualTo(b("z".repeat(100)));
        assertThat(copy.get(b("f"))).isEqualTo(b("x".repeat(100)));

        assertThat(h.set(b("f"), b("shorter"), ENTRIES, VALUE)).isFalse();
        assertThat(h.get(b("f"))).isEqualTo(b("shorter"));
        assertThat(h.memoryUsage()).isEqualTo(copy.memoryUsage() - 100 + "shorter".length());
    }
}
