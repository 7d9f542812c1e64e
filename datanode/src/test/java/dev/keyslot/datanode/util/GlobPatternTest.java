package dev.keyslot.datanode.util;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Redis's glob rules, case by case. */
class GlobPatternTest {
    @Test
    void wildcards() {
        assertThat(GlobPattern.matches("*", "", false)).isTrue();
        assertThat(GlobPattern.matches("h*o", "hello", false)).isTrue();
        assertThat(GlobPattern.matches("h*o", "hell", false)).isFalse();
        assertThat(GlobPattern.matches("h?llo", "hallo", false)).isTrue();
        assertThat(GlobPattern.matches("h?llo", "hllo", false)).isFalse();
        assertThat(GlobPattern.matches("a*a*a*a*a*a*a*a*b", "a".repeat(60), false)).isFalse();
    }

    @Test
    void classesRangesAndNegation() {
        assertThat(GlobPattern.matches("h[ae]llo", "hello", false)).isTrue();
        assertThat(GlobPattern.matches("h[ae]llo", "hillo", false)).isFalse();
        assertThat(GlobPattern.matches("h[^e]llo", "hallo", false)).isTrue();
        assertThat(GlobPattern.matches("h[^e]llo", "hello", false)).isFalse();
        assertThat(GlobPattern.matches("h[a-c]llo", "hbllo", false)).isTrue();
        assertThat(GlobPattern.matches("h[c-a]llo", "hbllo", false)).isTrue();
        assertThat(GlobPattern.matches("h[a-c]llo", "hdllo", false)).isFalse();
        assertThat(GlobPattern.matches("a[", "a[", false)).isFalse();
        assertThat(GlobPattern.matches("a[b", "ab", false)).isTrue();
    }

    @Test
    void escapesAndCase() {
        assertThat(GlobPattern.matches("a\\*b", "a*b", false)).isTrue();
        assertThat(GlobPattern.matches("a\\*b", "axb", false)).isFalse();
        assertThat(GlobPattern.matches("[\\]]", "]", false)).isTrue();
        assertThat(GlobPattern.matches("MAXMEM*", "maxmemory", true)).isTrue();
        assertThat(GlobPattern.matches("MAXMEM*", "maxmemory", false)).isFalse();
        assertThat(GlobPattern.matches("[A-C]x", "bx", true)).isTrue();
    }
}
