package dev.keyslot.datanode.keyspace.set;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Encoding transitions at Redis's default limit (512 intset entries), memory accounting and copies. */
class SetValueTest {
    private static final long MAX_INTSET = 512;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static List<String> members(SetValue s) {
        List<String> out = new ArrayList<>();
        s.forEach(m -> out.add(new String(m, StandardCharsets.ISO_8859_1)));
        return out;
    }

    @Test
    void createForPicksTheCompactEncodingOnlyForCanonicalIntegers() {
        assertThat(SetValue.createFor(b("-42")).encoding()).isEqualTo("intset");
        assertThat(SetValue.createFor(b("9223372036854775807")).encoding()).isEqualTo("intset");
        for (String notInt : List.of("9223372036854775808", "01", "+1", "1.0", " 1", "a", "")) {
            assertThat(SetValue.createFor(b(notInt)).encoding()).as(notInt).isEqualTo("hashtable");
        }
    }

    @Test
    void intsetIsSortedAndConvertsAfter512Members() {
        SetValue s = SetValue.emptyIntset();
        for (int i = 511; i >= 0; i--) {
            assertThat(s.add(b(Integer.toString(i * 7 - 1000)), MAX_INTSET)).isTrue();
        }
        assertThat(s.add(b("-1000"), MAX_INTSET)).isFalse();
        assertThat(s.encoding()).isEqualTo("intset");
        List<String> sorted = members(s);
        assertThat(sorted.get(0)).isEqualTo("-1000");
        assertThat(sorted.get(511)).isEqualTo(Integer.toString(511 * 7 - 1000));
        assertThat(s.add(b("100000"), MAX_INTSET)).isTrue();
        assertThat(s.encoding()).isEqualTo("hashtable");
        assertThat(s.size()).isEqualTo(513);
        assertThat(s.contains(b("-1000"))).isTrue();
    }

    @Test
    void aNonIntegerConvertsForGood() {
        SetValue s = SetValue.createFor(b("1"));
        s.add(b("1"), MAX_INTSET);
        s.add(b("x"), MAX_INTSET);
        assertThat(s.encoding()).isEqualTo("hashtable");
        s.remove(b("x"));
        assertThat(s.encoding()).isEqualTo("hashtable");
        assertThat(members(s)).containsExactly("1");
    }

    @Test
    void intsetMembershipUsesCanonicalForm() {
        SetValue s = SetValue.emptyIntset();
        s.add(b("5"), MAX_INTSET);
        assertThat(s.contains(b("5"))).isTrue();
        assertThat(s.contains(b("05"))).isFalse();
        assertThat(s.remove(b("+5"))).isFalse();
        assertThat(s.remove(b("5"))).isTrue();
        assertThat(s.size()).isZero();
    }

    @Test
    void memoryUsageGrowsWithIntegerWidthAndMembers() {
        SetValue s = SetValue.emptyIntset();
        long empty = s.memoryUsage();
        s.add(b("1"), MAX_INTSET);
        long small = s.memoryUsage();
        s.add(b("100000000000"), MAX_INTSET);
        assertThat(small).isGreaterThan(empty);
        assertThat(s.memoryUsage()).isGreaterThan(small + 8);
        SetValue t = SetValue.createFor(b("a"));
        t.add(b("a"), MAX_INTSET);
        long one = t.memoryUsage();
        t.add(b("bbbbbbbbbbbbbbbbbbbb"), MAX_INTSET);
        assertThat(t.memoryUsage()).isGreaterThan(one + 20);
        t.remove(b("bbbbbbbbbbbbbbbbbbbb"));
        assertThat(t.memoryUsage()).isEqualTo(one);
    }

    @Test
    void copiesAreDeepAndKeepTheEncoding() {
        SetValue ints = SetValue.emptyIntset();
        SetValue strings = SetValue.createFor(b("x"));
        for (int i = 0; i < 10; i++) {
            ints.add(b(Integer.toString(i)), MAX_INTSET);
            strings.add(b("m" + i), MAX_INTSET);
        }
        for (SetValue s : List.of(ints, strings)) {
            SetValue c = s.copy();
            assertThat(c.encoding()).isEqualTo(s.encoding());
            assertThat(members(c)).containsExactlyInAnyOrderElementsOf(members(s));
            c.add(b("new"), MAX_INTSET);
            assertThat(s.contains(b("new"))).isFalse();
            assertThat(c.memoryUsage()).isGreaterThan(s.memoryUsage());
        }
    }
}
