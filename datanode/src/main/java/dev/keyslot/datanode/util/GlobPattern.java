package dev.keyslot.datanode.util;

import java.nio.charset.StandardCharsets;

/**
 * Redis's glob-style matching (stringmatchlen): '*', '?', '[...]' classes with '^' negation and ranges,
 * and '\' escapes, optionally ignoring ASCII case. Works on raw bytes so any key can be matched.
 */
public final class GlobPattern {
    private GlobPattern() {
    }

    public static boolean matches(byte[] pattern, byte[] string, boolean nocase) {
        return match(pattern, 0, string, 0, nocase, new boolean[1], 0);
    }

    public static boolean matches(String pattern, String string, boolean nocase) {
        return matches(pattern.getBytes(StandardCharsets.ISO_8859_1), string.getBytes(StandardCharsets.ISO_8859_1), nocase);
    }

    /**
     * @param gaveUp set when a '*' already proved that no longer suffix can match, so callers stop trying
     *               (keeps patterns like "a*a*a*a*b" linear instead of exponential)
     */
    private static boolean match(byte[] p, int pi, byte[] s, int si, boolean nocase, boolean[] gaveUp, int depth) {
        if (depth > 1000) {
            return false;
        }
        while (pi < p.length && si < s.length) {
            byte pc = p[pi];
            switch (pc) {
                case '*' -> {
                    while (pi + 1 < p.length && p[pi + 1] == '*') {
                        pi++;
                    }
                    if (pi + 1 == p.length) {
                        return true;
                    }
                    for (int k = si; k < s.length; k++) {
                        if (match(p, pi + 1, s, k, nocase, gaveUp, depth + 1)) {
                            return true;
                        }
                        if (gaveUp[0]) {
                            return false;
                        }
                    }
                    gaveUp[0] = true;
                    return false;
                }
                case '?' -> si++;
                case '[' -> {
                    int[] next = new int[1];
                    if (!matchClass(p, pi + 1, s[si], nocase, next)) {
                        return false;
                    }
                    pi = next[0];
                    si++;
                }
                case '\\' -> {
                    if (pi + 1 < p.length) {
                        pi++;
                    }
                    if (!same(p[pi], s[si], nocase)) {
                        return false;
                    }
                    si++;
                }
                default -> {
                    if (!same(pc, s[si], nocase)) {
                        return false;
                    }
                    si++;
                }
            }
            pi++;
        }
        if (si < s.length) {
            return false;
        }
        while (pi < p.length && p[pi] == '*') {
            pi++;
        }
        return pi == p.length;
    }

    /** Matches c against the class starting after '['; stores the index of the closing ']' (or the end). */
    private static boolean matchClass(byte[] p, int pi, byte c, boolean nocase, int[] end) {
        boolean negate = pi < p.length && p[pi] == '^';
        if (negate) {
            pi++;
        }
        boolean found = false;
        while (pi < p.length && p[pi] != ']') {
            if (p[pi] == '\\' && pi + 1 < p.length) {
                pi++;
                found |= same(p[pi], c, nocase);
            } else if (pi + 2 < p.length && p[pi + 1] == '-') {
                int lo = lower(p[pi], nocase);
                int hi = lower(p[pi + 2], nocase);
                if (lo > hi) {
                    int t = lo;
                    lo = hi;
                    hi = t;
                }
                int v = lower(c, nocase);
                found |= v >= lo && v <= hi;
                pi += 2;
            } else {
                found |= same(p[pi], c, nocase);
            }
            pi++;
        }
        if (pi >= p.length) {
            pi = p.length - 1;
        }
        end[0] = pi;
        return negate != found;
    }

    private static boolean same(byte a, byte b, boolean nocase) {
        return lower(a, nocase) == lower(b, nocase);
    }

    private static int lower(byte b, boolean nocase) {
        int c = b & 0xff;
        return nocase && c >= 'A' && c <= 'Z' ? c + 32 : c;
    }
}
