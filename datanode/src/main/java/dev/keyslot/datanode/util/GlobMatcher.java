package dev.keyslot.datanode.util;

/**
 * Redis's glob matching (stringmatchlen) for KEYS, SCAN MATCH, PUBSUB patterns and CONFIG GET: {@code *},
 * {@code ?}, {@code [abc]}, {@code [^abc]}, {@code [a-z]} and backslash escapes, with Redis's quirks kept:
 * bytes compare as signed chars, an unterminated {@code [} still consumes one character, {@code [a-]} is
 * a range ending at {@code ]}, a trailing backslash is literal, and the empty string matches only the
 * empty pattern (not even {@code *}).
 *
 * <p>Every token except {@code *} consumes exactly one byte, so an iterative matcher that backtracks to the
 * last star accepts the same strings as Redis's recursive one, without recursion depth limits.
 */
public final class GlobMatcher {
    private GlobMatcher() {
    }

    public static boolean matches(byte[] pattern, byte[] string) {
        return matches(pattern, string, false);
    }

    public static boolean matches(byte[] pattern, byte[] string, boolean nocase) {
        return matches(pattern, 0, pattern.length, string, 0, string.length, nocase);
    }

    public static boolean matches(byte[] pattern, int patternOffset, int patternLength,
                                  byte[] string, int stringOffset, int stringLength, boolean nocase) {
        int pEnd = patternOffset + patternLength;
        int sEnd = stringOffset + stringLength;
        if (stringLength == 0) {
            return patternLength == 0;
        }
        int p = patternOffset;
        int s = stringOffset;
        int starPattern = -1;
        int starString = -1;
        while (s < sEnd) {
            if (p < pEnd && pattern[p] == '*') {
                while (p < pEnd && pattern[p] == '*') {
                    p++;
                }
                if (p == pEnd) {
                    return true;
                }
                starPattern = p;
                starString = s;
                continue;
            }
            int next = p < pEnd ? matchToken(pattern, p, pEnd, string[s], nocase) : -1;
            if (next >= 0) {
                p = next;
                s++;
            } else if (starPattern >= 0) {
                s = ++starString;
                p = starPattern;
            } else {
                return false;
            }
        }
        while (p < pEnd && pattern[p] == '*') {
            p++;
        }
        return p == pEnd;
    }

    /** Matches the token at p (not a star) against c: the index after the token, or -1 on mismatch. */
    private static int matchToken(byte[] pattern, int p, int pEnd, byte c, boolean nocase) {
        switch (pattern[p]) {
            case '?':
                return p + 1;
            case '[':
                return matchBracket(pattern, p + 1, pEnd, c, nocase);
            case '\\':
                if (pEnd - p >= 2) {
                    p++;
                }
                return sameChar(pattern[p], c, nocase) ? p + 1 : -1;
            default:
                return sameChar(pattern[p], c, nocase) ? p + 1 : -1;
        }
    }

    /** p is just after '['; follows stringmatchlen's scan of the set, including its edge cases. */
    private static int matchBracket(byte[] pattern, int p, int pEnd, byte c, boolean nocase) {
        boolean negate = p < pEnd && pattern[p] == '^';
        if (negate) {
            p++;
        }
        boolean match = false;
        while (true) {
            int left = pEnd - p;
            if (left >= 2 && pattern[p] == '\\') {
                p++;
                if (pattern[p] == c) {
                    match = true;
                }
            } else if (left > 0 && pattern[p] == ']') {
                break;
            } else if (left <= 0) {
                // Unterminated set: the pattern ends here, the set still consumed one character.
                p = pEnd - 1;
                break;
            } else if (left >= 3 && pattern[p + 1] == '-') {
                int start = pattern[p];
                int end = pattern[p + 2];
                int ch = c;
                if (start > end) {
                    int t = start;
                    start = end;
                    end = t;
                }
                if (nocase) {
                    start = lower(start);
                    end = lower(end);
                    ch = lower(ch);
                }
                p += 2;
                if (ch >= start && ch <= end) {
                    match = true;
                }
            } else if (sameChar(pattern[p], c, nocase)) {
                match = true;
            }
            p++;
        }
        return match != negate ? p + 1 : -1;
    }

    private static boolean sameChar(int a, int b, boolean nocase) {
        return a == b || (nocase && lower(a) == lower(b));
    }

    private static int lower(int c) {
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }
}
