package dev.keyslot.datanode.util;

/**
 * Redis's glob-style matching (stringmatchlen) for MATCH options: '*', '?', '[...]' with '^' negation
 * and ranges, and backslash escapes, on raw bytes, case-sensitive.
 */
public final class GlobMatch {
    private GlobMatch() {
    }

    public static boolean matches(byte[] pattern, byte[] string) {
        return match(pattern, 0, string, 0, new boolean[1]);
    }

    private static byte at(byte[] b, int i) {
        return i < b.length ? b[i] : 0;
    }

    /** giveUp is set once a '*' found no match anywhere: earlier stars cannot help either. */
    private static boolean match(byte[] pat, int p, byte[] str, int s, boolean[] giveUp) {
        while (p < pat.length && s < str.length) {
            switch (pat[p]) {
                case '*' -> {
                    while (p + 1 < pat.length && pat[p + 1] == '*') {
                        p++;
                    }
                    if (p + 1 == pat.length) {
                        return true;
                    }
                    while (s < str.length) {
                        if (match(pat, p + 1, str, s, giveUp)) {
                            return true;
                        }
                        if (giveUp[0]) {
                            return false;
                        }
                        s++;
                    }
                    giveUp[0] = true;
                    return false;
                }
                case '?' -> s++;
                case '[' -> {
                    p++;
                    boolean not = at(pat, p) == '^';
                    if (not) {
                        p++;
                    }
                    boolean matched = false;
                    while (true) {
                        if (at(pat, p) == '\\' && pat.length - p >= 2) {
                            p++;
                            if (pat[p] == str[s]) {
                                matched = true;
                            }
                        } else if (at(pat, p) == ']') {
                            break;
                        } else if (p >= pat.length) {
                            p--;
                            break;
                        } else if (pat.length - p >= 3 && pat[p + 1] == '-') {
                            int start = pat[p];
                            int end = pat[p + 2];
                            if (start > end) {
                                int t = start;
                                start = end;
                                end = t;
                            }
                            p += 2;
                            if (str[s] >= start && str[s] <= end) {
                                matched = true;
                            }
                        } else if (pat[p] == str[s]) {
                            matched = true;
                        }
                        p++;
                    }
                    if (not == matched) {
                        return false;
                    }
                    s++;
                }
                default -> {
                    if (pat[p] == '\\' && pat.length - p >= 2) {
                        p++;
                    }
                    if (pat[p] != str[s]) {
                        return false;
                    }
                    s++;
                }
            }
            p++;
            if (s == str.length) {
                while (p < pat.length && pat[p] == '*') {
                    p++;
                }
                break;
            }
        }
        return p == pat.length && s == str.length;
    }
}
