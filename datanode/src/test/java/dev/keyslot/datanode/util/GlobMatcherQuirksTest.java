package dev.keyslot.datanode.util;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis's stringmatchlen semantics, including its quirks. (KeyCommandsDifferentialTest checks the same
 * patterns against redis-server through KEYS.)
 */
class GlobMatcherQuirksTest {

    private static boolean m(String pattern, String s) {
        return GlobMatcher.matches(pattern.getBytes(StandardCharsets.ISO_8859_1), s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static boolean mi(String pattern, String s) {
        return GlobMatcher.matches(pattern.getBytes(StandardCharsets.ISO_8859_1), s.getBytes(StandardCharsets.ISO_8859_1),
                true);
    }

    @Test
    void wildcards() {
        assertThat(m("*", "anything")).isTrue();
        assertThat(m("h?llo", "hello")).isTrue();
        assertThat(m("h?llo", "hllo")).isFalse();
        assertThat(m("h*llo", "hllo")).isTrue();
        assertThat(m("h*llo", "heeeello")).isTrue();
        assertThat(m("*a*b*c*", "xxaxxbxxcxx")).isTrue();
        assertThat(m("*a*b*c*", "xxaxxcxxbxx")).isFalse();
        assertThat(m("a*", "a")).isTrue();
        assertThat(m("a**", "a")).isTrue();
        assertThat(m("a?", "a")).isFalse();
        assertThat(m("abc", "abcd")).isFalse();
    }

    @Test
    void emptyStringMatchesOnlyTheEmptyPattern() {
        assertThat(m("", "")).isTrue();
        assertThat(m("*", "")).isFalse();
        assertThat(m("", "a")).isFalse();
    }

    @Test
    void characterSets() {
        assertThat(m("h[ae]llo", "hallo")).isTrue();
        assertThat(m("h[ae]llo", "hillo")).isFalse();
        assertThat(m("h[^e]llo", "hallo")).isTrue();
        assertThat(m("h[^e]llo", "hello")).isFalse();
        assertThat(m("h[a-c]llo", "hbllo")).isTrue();
        assertThat(m("h[c-a]llo", "hbllo")).as("reversed range").isTrue();
        assertThat(m("a[-]b", "a-b")).isTrue();
        assertThat(m("a[a-]b", "a]b")).as("range up to ']' swallows the bracket").isFalse();
        assertThat(m("a[a-]b]", "a]")).isTrue();
        assertThat(m("a[a-]b]", "a]b")).isFalse();
        assertThat(m("a[\\]]b", "a]b")).isTrue();
        assertThat(m("[\u00e0-\u00ff]", "\u00e9")).as("signed bytes").isTrue();
        assertThat(m("[a-\u00ff]", "b")).as("signed bytes: \\xff is -1, so the range is -1..'a'").isFalse();
        assertThat(m("[a-\u00ff]", "A")).isTrue();
    }

    @Test
    void unterminatedSetsAndEscapes() {
        assertThat(m("a[b", "ab")).isTrue();
        assertThat(m("a[b", "ac")).isFalse();
        assertThat(m("[", "x")).isFalse();
        assertThat(m("[^", "x")).isTrue();
        assertThat(m("h\\*llo", "h*llo")).isTrue();
        assertThat(m("h\\*llo", "hello")).isFalse();
        assertThat(m("a\\", "a\\")).as("trailing backslash is literal").isTrue();
        assertThat(m("\\a", "a")).isTrue();
    }

    @Test
    void caseInsensitiveMatching() {
        assertThat(mi("HeLLo", "hello")).isTrue();
        assertThat(mi("h[A-C]llo", "hbllo")).isTrue();
        assertThat(mi("h[^E]llo", "hello")).isFalse();
        assertThat(m("HeLLo", "hello")).isFalse();
        assertThat(mi("[\\E]", "e")).as("escaped set members compare exactly").isFalse();
    }

    @Test
    void longPatternsDoNotRecurse() {
        String pattern = "*a".repeat(5000);
        assertThat(m(pattern, "a".repeat(5000))).isTrue();
        assertThat(m(pattern + "b", "a".repeat(6000))).isFalse();
    }
}
