package dev.keyslot.datanode.util;

/**
 * Redis's glob-style matching (stringmatchlen): '*', '?', '[...]' sets with ranges and '^' negation, and
 * '\' escapes. Quirks are kept on purpose so that KEYS, SCAN MATCH and PSUBSCRIBE select exactly what
 * Redis selects: bytes compare as signed chars in ranges, an unterminated set runs to the end of the
 * pattern, and reads past the end see the NUL terminator Redis strings carry.
 */
public final class GlobMatcher {
    private GlobMatcher() {
    }

    public static boolean matches(byte[] pattern, byte[] string, boolean nocase) {
        return new Run(pattern, string, nocase).match(0, pattern.length, 0, string.length);
    }

    /** One match: carries the flag that stops retrying '*' at longer offsets once a tail failed everywhere. */
    private static final class Run {
        private final byte[] pattern;
        private final byte[] string;
        private final boolean nocase;
        private boolean skipLongerMatches;

        Run(byte[] pattern, byte[] string, boolean nocase) {
            this.pattern = pattern;
            this.string = string;
            this.nocase = nocase;
        }

        private int p(int i) {
            return i < pattern.length ? pattern[i] : 0;
        }

        private int s(int i) {
            return i < string.length ? string[i] : 0;
        }

        private static int lower(int c) {
            return c >= 'A' && c <= 'Z' ? c + 32 : c;
        }

        boolean match(int pi, int plen, int si, int slen) {
            while (plen > 0 && slen > 0) {
                switch (p(pi)) {
                    case '*' -> {
                        while (plen > 0 && p(pi + 1) == '*') {
                            pi++;
                            plen--;
                        }
                        if (plen == 1) {
                            return true;
                        }
                        while (slen > 0) {
                            if (match(pi + 1, plen - 1, si, slen)) {
                                return true;
                            }
                            if (skipLongerMatches) {
                                return false;
                            }
                            si++;
                            slen--;
                        }
                        skipLongerMatches = true;
                        return false;
                    }
                    case '?' -> {
                        si++;
                        slen--;
                    }
                    case '[' -> {
                        pi++;
                        plen--;
                        boolean not = p(pi) == '^';
                        if (not) {
                            pi++;
                            plen--;
                        }
                        boolean matched = false;
                        while (true) {
                            if (p(pi) == '\\' && plen >= 2) {
                                pi++;
                                plen--;
                                if (p(pi) == s(si)) {
                                    matched = true;
                                }
                            } else if (p(pi) == ']') {
                                break;
                            } else if (plen == 0) {
                                pi--;
                                plen++;
                                break;
                            } else if (plen >= 3 && p(pi + 1) == '-') {
                                int start = p(pi);
                                int end = p(pi + 2);
                                int c = s(si);
                                if (start > end) {
                                    int t = start;
                                    start = end;
                                    end = t;
                                }
                                if (nocase) {
                                    start = lower(start);
                                    end = lower(end);
                                    c = lower(c);
                                }
                                pi += 2;
                                plen -= 2;
                                if (c >= start && c <= end) {
                                    matched = true;
                                }
                            } else if (nocase ? lower(p(pi)) == lower(s(si)) : p(pi) == s(si)) {
                                matched = true;
                            }
                            pi++;
                            plen--;
                        }
                        if (not) {
                            matched = !matched;
                        }
                        if (!matched) {
                            return false;
                        }
                        si++;
                        slen--;
                    }
                    default -> {
                        if (p(pi) == '\\' && plen >= 2) {
                            pi++;
                            plen--;
                        }
                        if (nocase ? lower(p(pi)) != lower(s(si)) : p(pi) != s(si)) {
                            return false;
                        }
                        si++;
                        slen--;
                    }
                }
                pi++;
                plen--;
                if (slen == 0) {
                    while (p(pi) == '*') {
                        pi++;
                        plen--;
                    }
                    break;
                }
            }
            return plen == 0 && slen == 0;
        }
    }
}
