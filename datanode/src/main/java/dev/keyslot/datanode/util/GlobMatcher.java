package dev.keyslot.datanode.util;

/**
 * Glob-style matching with the exact semantics of Redis 7.0's stringmatchlen (KEYS, SCAN MATCH, PSUBSCRIBE):
 * {@code *}, {@code ?}, {@code [...]} with {@code ^} negation, ranges (reversed ones swapped) and
 * backslash escapes. Bytes compare as signed chars and case folding is ASCII-only, as with C's "C" locale.
 */
public final class GlobMatcher {
    private GlobMatcher() {
    }

    public static boolean matches(byte[] pattern, byte[] string, boolean nocase) {
        return new Match(pattern, string, nocase).from(0, 0);
    }

    /** One match attempt; the flag lets a failed tail stop every pending star from retrying longer runs. */
    private static final class Match {
        private final byte[] pattern;
        private final byte[] string;
        private final boolean nocase;
        private boolean skipLongerMatches;

        Match(byte[] pattern, byte[] string, boolean nocase) {
            this.pattern = pattern;
            this.string = string;
            this.nocase = nocase;
        }

        /** Pattern bytes past the end read as the C string terminator. */
        private int pat(int i) {
            return i < pattern.length ? pattern[i] : 0;
        }

        private int fold(int c) {
            return nocase && c >= 'A' && c <= 'Z' ? c + 32 : c;
        }

        boolean from(int p, int s) {
            int pEnd = pattern.length;
            int sEnd = string.length;
            while (p < pEnd && s < sEnd) {
                switch (pattern[p]) {
                    case '*' -> {
                        while (p + 1 < pEnd && pattern[p + 1] == '*') {
                            p++;
                        }
                        if (p + 1 == pEnd) {
                            return true;
                        }
                        for (; s < sEnd; s++) {
                            if (from(p + 1, s)) {
                                return true;
                            }
                            if (skipLongerMatches) {
                                return false;
                            }
                        }
                        skipLongerMatches = true;
                        return false;
                    }
                    case '?' -> s++;
                    case '[' -> {
                        p = bracket(p + 1, string[s]);
                        if (p < 0) {
                            return false;
                        }
                        s++;
                    }
                    default -> {
                        if (pattern[p] == '\\' && pEnd - p >= 2) {
                            p++;
                        }
                        if (fold(pattern[p]) != fold(string[s])) {
                            return false;
                        }
                        s++;
                    }
                }
                p++;
                if (s == sEnd) {
                    while (p < pEnd && pattern[p] == '*') {
                        p++;
                    }
                    break;
                }
            }
            return p == pEnd && s == sEnd;
        }

        /**
         * Matches one character against the class starting at p (just after '['); returns the index of the
         * class's last pattern byte, or -1 when c is not matched.
         */
        private int bracket(int p, int c) {
            int pEnd = pattern.length;
            boolean negate = pat(p) == '^';
            if (negate) {
                p++;
            }
            boolean match = false;
            while (true) {
                if (pat(p) == '\\' && pEnd - p >= 2) {
                    p++;
                    if (pattern[p] == c) {
                        match = true;
                    }
                } else if (pat(p) == ']') {
                    break;
                } else if (p >= pEnd) {
                    // Unterminated class: it ends with the pattern.
                    p--;
                    break;
                } else if (pEnd - p >= 3 && pattern[p + 1] == '-') {
                    int start = pattern[p];
                    int end = pattern[p + 2];
                    if (start > end) {
                        int t = start;
                        start = end;
                        end = t;
                    }
                    int folded = fold(c);
                    if (folded >= fold(start) && folded <= fold(end)) {
                        match = true;
                    }
                    p += 2;
                } else if (fold(pattern[p]) == fold(c)) {
                    match = true;
                }
                p++;
            }
            return match != negate ? p : -1;
        }
    }
}
