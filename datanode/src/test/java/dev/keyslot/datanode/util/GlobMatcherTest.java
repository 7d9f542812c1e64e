package dev.keyslot.datanode.util;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Unit cases of Redis's glob semantics; {@code GlobMatcherDifferentialTest} compares random ones with Redis. */
class GlobMatcherTest {
    private static boolean matches(String pattern, String s, boolean nocase) {
        return GlobMatcher.matches(pattern.getBytes(StandardCharsets.ISO_8859_1),
                s.getBytes(StandardCharsets.ISO_8859_1), nocase);
    }

    @Test
    void starsAndQuestionMarks() {
        // Redis quirk: the empty string matches nothing but the empty pattern (callers special-case "*").
        assertThat(matches("*", "", false)).isFalse();
        assertThat(matches("", "", false)).isTrue();
        assertThat(matches("", "a", false)).isFalse();
        assertThat(matches("h*llo", "heeello", false)).isTrue();
        assertThat(matches("h?llo", "hllo", false)).isFalse();
        assertThat(matches("a**b", "ab", false)).isTrue();
        assertThat(matches("a*", "a", false)).isTrue();
        assertThat(matches("*a*b*", "xxaxxbxx", false)).isTrue();
        assertThat(matches("*a*b", "xxbxxa", false)).isFalse();
    }

    @Test
    void classes() {
        assertThat(matches("h[ae]llo", "hello", false)).isTrue();
        assertThat(matches("h[^e]llo", "hello", false)).isFalse();
        assertThat(matches("h[a-b]llo", "hbllo", false)).isTrue();
        assertThat(matches("h[b-a]llo", "hbllo", false)).isTrue();
        assertThat(matches("[\\]]", "]", false)).isTrue();
        assertThat(matches("[abc", "c", false)).isTrue();
        assertThat(matches("a[", "a", false)).isFalse();
    }

    @Test
    void escapesAndCase() {
        assertThat(matches("\\*", "*", false)).isTrue();
        assertThat(matches("\\*", "a", false)).isFalse();
        assertThat(matches("a\\", "a\\", false)).isTrue();
        assertThat(matches("HELLO", "hello", true)).isTrue();
        assertThat(matches("HELLO", "hello", false)).isFalse();
        assertThat(matches("[A-C]", "b", true)).isTrue();
    }

    @Test
    void patternsWithThousandsOfStarsNeitherRecurseNorBlowUp() {
        String pattern = "a*".repeat(30_000) + "b";
        assertThat(matches(pattern, "a".repeat(40_000), false)).isFalse();
        assertThat(matches(pattern, "a".repeat(40_000) + "b", false)).isTrue();
    }

    @Test
    void bytesCompareAsSignedChars() {
        // A range from 'a' to byte 0xE9 is empty for signed chars (0xE9 is negative), so they swap.
        assertThat(matches("[a-\u00e9]", "b", false)).isFalse();
        assertThat(matches("[a-\u00e9]", "\u00f0", false)).isTrue();
    }

    @Test
    void reversedRangesUnterminatedClassesEscapesAndCase() {
        assertThat(matches("a*a*a*a*a*a*a*a*b", "a".repeat(60), false)).isFalse();
        assertThat(matches("h[c-a]llo", "hbllo", false)).isTrue();
        assertThat(matches("a[", "a[", false)).isFalse();
        assertThat(matches("[\\]]", "]", false)).isTrue();
        assertThat(matches("MAXMEM*", "maxmemory", true)).isTrue();
        assertThat(matches("MAXMEM*", "maxmemory", false)).isFalse();
    }
}
