package dev.keyslot.datanode.scripting;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;

/**
 * Lua 5.1's pattern matcher over the bytes of one subject: a backtracking interpreter of the pattern text, not a
 * compiled regular expression, so a malformed pattern is an error only when matching reaches its bad part (C Lua's
 * string.find('xyz', 'a[') is nil). The pattern ends at its first NUL byte, as it does for C; reading past the end of
 * the subject gives the NUL that ends every Lua string. Positions are byte offsets from the subject's start.
 */
final class LuaPatternMatcher {
    static final int NO_MATCH = -1;
    private static final int MAX_CAPTURES = 32;
    private static final int UNFINISHED = -1;
    private static final int POSITION = -2;
    private static final char ESC = '%';

    private final LuaString subject;
    private final byte[] pattern;
    private final int[] captureStart = new int[MAX_CAPTURES];
    private final int[] captureLength = new int[MAX_CAPTURES];
    private int level;

    LuaPatternMatcher(LuaString subject, LuaString pattern) {
        this.subject = subject;
        int end = 0;
        while (end < pattern.m_length && pattern.m_bytes[pattern.m_offset + end] != 0) {
            end++;
        }
        this.pattern = new byte[end];
        System.arraycopy(pattern.m_bytes, pattern.m_offset, this.pattern, 0, end);
    }

    /** Whether the pattern starts with the '^' anchor (only find, match and gsub honour it). */
    boolean anchored() {
        return pattern.length > 0 && pattern[0] == '^';
    }

    int subjectLength() {
        return subject.m_length;
    }

    int subjectByte(int i) {
        return i < subject.m_length ? subject.m_bytes[subject.m_offset + i] & 0xff : 0;
    }

    /** Matches the pattern from pattern offset p at subject offset s: the end of the match or {@link #NO_MATCH}. */
    int matchAt(int s, int p) {
        level = 0;
        return match(s, p);
    }

    int captureCount() {
        return level;
    }

    LuaString wholeMatch(int s, int e) {
        return subject.substring(s, e);
    }

    /** Capture i of the last match [s, e), the whole match when the pattern has no captures and i is 0. */
    LuaValue capture(int i, int s, int e) {
        if (i >= level) {
            if (i != 0) {
                throw new LuaError("invalid capture index");
            }
            return wholeMatch(s, e);
        }
        int length = captureLength[i];
        if (length == UNFINISHED) {
            throw new LuaError("unfinished capture");
        }
        if (length == POSITION) {
            return LuaValue.valueOf(captureStart[i] + 1);
        }
        return subject.substring(captureStart[i], captureStart[i] + length);
    }

    /** The captures of the last match [s, e), or the whole match when there are none and wholeMatch is set. */
    LuaValue[] captures(int s, int e, boolean wholeMatch) {
        int n = level == 0 && wholeMatch ? 1 : level;
        LuaValue[] values = new LuaValue[n];
        for (int i = 0; i < n; i++) {
            values[i] = capture(i, s, e);
        }
        return values;
    }

    private int p(int i) {
        return i < pattern.length ? pattern[i] & 0xff : 0;
    }

    private int match(int s, int p) {
        while (true) {
            switch (p(p)) {
                case '(':
                    return p(p + 1) == ')' ? startCapture(s, p + 2, POSITION) : startCapture(s, p + 1, UNFINISHED);
                case ')':
                    return endCapture(s, p + 1);
                case 0:
                    return s;
                case '$':
                    if (p + 1 == pattern.length) {
                        return s == subject.m_length ? s : NO_MATCH;
                    }
                    break;
                case ESC:
                    if (p(p + 1) == 'b') {
                        s = matchBalance(s, p + 2);
                        if (s == NO_MATCH) {
                            return NO_MATCH;
                        }
                        p += 4;
                        continue;
                    }
                    if (p(p + 1) == 'f') {
                        p += 2;
                        if (p(p) != '[') {
                            throw new LuaError("missing '[' after '%f' in pattern");
                        }
                        int ep = classEnd(p);
                        int previous = s == 0 ? 0 : subjectByte(s - 1);
                        if (matchBracketClass(previous, p, ep - 1) || !matchBracketClass(subjectByte(s), p, ep - 1)) {
                            return NO_MATCH;
                        }
                        p = ep;
                        continue;
                    }
                    if (CType.isDigit(p(p + 1))) {
                        s = matchCapture(s, p(p + 1));
                        if (s == NO_MATCH) {
                            return NO_MATCH;
                        }
                        p += 2;
                        continue;
                    }
                    break;
                default:
                    break;
            }
            int ep = classEnd(p);
            boolean m = s < subject.m_length && singleMatch(subjectByte(s), p, ep);
            switch (p(ep)) {
                case '?':
                    if (m) {
                        int res = match(s + 1, ep + 1);
                        if (res != NO_MATCH) {
                            return res;
                        }
                    }
                    p = ep + 1;
                    continue;
                case '*':
                    return maxExpand(s, p, ep);
                case '+':
                    return m ? maxExpand(s + 1, p, ep) : NO_MATCH;
                case '-':
                    return minExpand(s, p, ep);
                default:
                    if (!m) {
                        return NO_MATCH;
                    }
                    s++;
                    p = ep;
            }
        }
    }

    /** The pattern offset just past the single-character class at p. */
    private int classEnd(int p) {
        int c = p(p++);
        if (c == ESC) {
            if (p(p) == 0) {
                throw new LuaError("malformed pattern (ends with '%')");
            }
            return p + 1;
        }
        if (c == '[') {
            if (p(p) == '^') {
                p++;
            }
            do {
                if (p(p) == 0) {
                    throw new LuaError("malformed pattern (missing ']')");
                }
                if (p(p++) == ESC && p(p) != 0) {
                    p++;
                }
            } while (p(p) != ']');
            return p + 1;
        }
        return p;
    }

    private static boolean matchClass(int c, int cl) {
        boolean res;
        switch (CType.toLower(cl)) {
            case 'a' -> res = CType.isAlpha(c);
            case 'c' -> res = CType.isCntrl(c);
            case 'd' -> res = CType.isDigit(c);
            case 'l' -> res = CType.isLower(c);
            case 'p' -> res = CType.isPunct(c);
            case 's' -> res = CType.isSpace(c);
            case 'u' -> res = CType.isUpper(c);
            case 'w' -> res = CType.isAlnum(c);
            case 'x' -> res = CType.isXDigit(c);
            case 'z' -> res = c == 0;
            default -> {
                return cl == c;
            }
        }
        return CType.isLower(cl) == res;
    }

    /** Whether c is in the set [...] that opens at p and whose ']' is at ec. */
    private boolean matchBracketClass(int c, int p, int ec) {
        boolean inSet = true;
        if (p(p + 1) == '^') {
            inSet = false;
            p++;
        }
        while (++p < ec) {
            if (p(p) == ESC) {
                p++;
                if (matchClass(c, p(p))) {
                    return inSet;
                }
            } else if (p(p + 1) == '-' && p + 2 < ec) {
                p += 2;
                if (p(p - 2) <= c && c <= p(p)) {
                    return inSet;
                }
            } else if (p(p) == c) {
                return inSet;
            }
        }
        return !inSet;
    }

    private boolean singleMatch(int c, int p, int ep) {
        return switch (p(p)) {
            case '.' -> true;
            case ESC -> matchClass(c, p(p + 1));
            case '[' -> matchBracketClass(c, p, ep - 1);
            default -> p(p) == c;
        };
    }

    private int matchBalance(int s, int p) {
        if (p(p) == 0 || p(p + 1) == 0) {
            throw new LuaError("unbalanced pattern");
        }
        if (subjectByte(s) != p(p)) {
            return NO_MATCH;
        }
        int open = p(p);
        int close = p(p + 1);
        int depth = 1;
        while (++s < subject.m_length) {
            int c = subjectByte(s);
            if (c == close) {
                if (--depth == 0) {
                    return s + 1;
                }
            } else if (c == open) {
                depth++;
            }
        }
        return NO_MATCH;
    }

    private int maxExpand(int s, int p, int ep) {
        int i = 0;
        while (s + i < subject.m_length && singleMatch(subjectByte(s + i), p, ep)) {
            i++;
        }
        while (i >= 0) {
            int res = match(s + i, ep + 1);
            if (res != NO_MATCH) {
                return res;
            }
            i--;
        }
        return NO_MATCH;
    }

    private int minExpand(int s, int p, int ep) {
        while (true) {
            int res = match(s, ep + 1);
            if (res != NO_MATCH) {
                return res;
            }
            if (s < subject.m_length && singleMatch(subjectByte(s), p, ep)) {
                s++;
            } else {
                return NO_MATCH;
            }
        }
    }

    private int startCapture(int s, int p, int what) {
        if (level >= MAX_CAPTURES) {
            throw new LuaError("too many captures");
        }
        captureStart[level] = s;
        captureLength[level] = what;
        level++;
        int res = match(s, p);
        if (res == NO_MATCH) {
            level--;
        }
        return res;
    }

    private int endCapture(int s, int p) {
        int l = captureToClose();
        captureLength[l] = s - captureStart[l];
        int res = match(s, p);
        if (res == NO_MATCH) {
            captureLength[l] = UNFINISHED;
        }
        return res;
    }

    private int captureToClose() {
        for (int l = level - 1; l >= 0; l--) {
            if (captureLength[l] == UNFINISHED) {
                return l;
            }
        }
        throw new LuaError("invalid pattern capture");
    }

    private int matchCapture(int s, int digit) {
        int l = digit - '1';
        if (l < 0 || l >= level || captureLength[l] == UNFINISHED) {
            throw new LuaError("invalid capture index");
        }
        int length = captureLength[l];
        if (subject.m_length - s < Integer.toUnsignedLong(length)) {
            return NO_MATCH;
        }
        for (int i = 0; i < length; i++) {
            if (subjectByte(captureStart[l] + i) != subjectByte(s + i)) {
                return NO_MATCH;
            }
        }
        return s + length;
    }
}
