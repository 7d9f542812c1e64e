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
        return new Match(pattern, string, nocase).run();
    }

    /**
     * One match attempt. Redis recurses at every star and, once the text after a star fails at every
     * position, gives up on all earlier stars too; that is exactly "on a mismatch, retry from the most recent
     * star one character further", done here iteratively so long patterns cannot exhaust the stack.
     */
    private static final class Match {
        private final byte[] pattern;
        private final byte[] string;
        private final boolean nocase;

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

        boolean run() {
            int pEnd = pattern.length;
            int sEnd = string.length;
            int p = 0;
            int s = 0;
            int starP = -1;
            int starS = 0;
            while (true) {
                boolean mismatch = false;
                while (p < pEnd && s < sEnd) {
                    if (pattern[p] == '*') {
                        while (p + 1 < pEnd && pattern[p + 1] == '*') {
                            p++;
                        }
                        if (p + 1 == pEnd) {
                            return true;
                        }
                        starP = p;
                        starS = s;
                        p++;
                        continue;
                    }
                    if (pattern[p] == '?') {
                        s++;
                    } else if (pattern[p] == '[') {
                        p = bracket(p + 1, string[s]);
                        if (p < 0) {
                            mismatch = true;
                            break;
                        }
                        s++;
                    } else {
                        if (pattern[p] == '\\' && pEnd - p >= 2) {
                            p++;
                        }
                        if (fold(pattern[p]) != fold(string[s])) {
                            mismatch = true;
                            break;
                        }
                        s++;
                    }
                    p++;
                    if (s == sEnd) {
                        while (p < pEnd && pattern[p] == '*') {
                            p++;
                        }
                        break;
                    }
                }
                if (!mismatch && p == pEnd && s == sEnd) {
                    return true;
                }
                // The rest failed here: let the most recent star swallow one more character, if it can.
                if (starP < 0 || ++starS >= sEnd) {
                    return false;
                }
                p = starP + 1;
                s = starS;
            }
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
