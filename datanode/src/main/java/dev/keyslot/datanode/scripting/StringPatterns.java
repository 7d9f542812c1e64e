package dev.keyslot.datanode.scripting;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

import java.io.ByteArrayOutputStream;

/**
 * string.find, match, gmatch and gsub over Lua 5.1's matcher ({@link LuaPatternMatcher}); luaj's own crashes on a
 * frontier at the subject's start and on malformed patterns, and words its errors differently.
 */
final class StringPatterns {
    private static final String SPECIALS = "^$*+?.([%-";

    private StringPatterns() {
    }

    static VarArgFunction find() {
        return new Find(true, "find");
    }

    static VarArgFunction match() {
        return new Find(false, "match");
    }

    static VarArgFunction gmatch() {
        return new Gmatch();
    }

    static VarArgFunction gsub() {
        return new Gsub();
    }

    /** find and match: the first match from init on, as positions (find) or as captures (match). */
    private static final class Find extends VarArgFunction {
        private final boolean find;
        private final String function;

        Find(boolean find, String function) {
            this.find = find;
            this.function = function;
        }

        @Override
        public Varargs invoke(Varargs args) {
            LuaString s = LuaArgs.checkString(args, 1, function);
            LuaString p = LuaArgs.checkString(args, 2, function);
            long init = StringBasics.relativePosition(LuaArgs.optInteger(args, 3, 1, function), s.m_length) - 1;
            int start = (int) Math.max(0, Math.min(init, s.m_length));
            if (find && (args.arg(4).toboolean() || !hasSpecials(p))) {
                int at = indexOf(s, p, start);
                return at < 0 ? NIL : varargsOf(valueOf(at + 1), valueOf(at + p.m_length));
            }
            LuaPatternMatcher m = new LuaPatternMatcher(s, p);
            boolean anchored = m.anchored();
            int from = anchored ? 1 : 0;
            int at = start;
            do {
                int end = m.matchAt(at, from);
                if (end != LuaPatternMatcher.NO_MATCH) {
                    if (find) {
                        return varargsOf(valueOf(at + 1), valueOf(end), varargsOf(m.captures(at, end, false)));
                    }
                    return varargsOf(m.captures(at, end, true));
                }
            } while (at++ < s.m_length && !anchored);
            return NIL;
        }
    }

    /** Whether the pattern, up to a NUL byte, has a character that makes it more than plain text. */
    private static boolean hasSpecials(LuaString p) {
        for (int i = 0; i < p.m_length; i++) {
            int c = p.m_bytes[p.m_offset + i];
            if (c == 0) {
                return false;
            }
            if (SPECIALS.indexOf(c) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(LuaString s, LuaString p, int from) {
        outer:
        for (int i = from; i + p.m_length <= s.m_length; i++) {
            for (int j = 0; j < p.m_length; j++) {
                if (s.m_bytes[s.m_offset + i + j] != p.m_bytes[p.m_offset + j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** gmatch (and its old name gfind): an iterator over the matches; '^' is no anchor here. */
    private static final class Gmatch extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            LuaString s = LuaArgs.checkString(args, 1, "gmatch");
            LuaString p = LuaArgs.checkString(args, 2, "gmatch");
            return new GmatchIterator(new LuaPatternMatcher(s, p));
        }
    }

    private static final class GmatchIterator extends VarArgFunction {
        private final LuaPatternMatcher matcher;
        private int next;

        GmatchIterator(LuaPatternMatcher matcher) {
            this.matcher = matcher;
        }

        @Override
        public Varargs invoke(Varargs args) {
            for (int at = next; at <= matcher.subjectLength(); at++) {
                int end = matcher.matchAt(at, 0);
                if (end != LuaPatternMatcher.NO_MATCH) {
                    next = end == at ? end + 1 : end;
                    return varargsOf(matcher.captures(at, end, true));
                }
            }
            return NONE;
        }
    }

    /** gsub: every match (or the first max) replaced by a string with %0-%9, a table's value or a function's result. */
    private static final class Gsub extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            LuaString src = LuaArgs.checkString(args, 1, "gsub");
            LuaString p = LuaArgs.checkString(args, 2, "gsub");
            LuaValue replacement = args.arg(3);
            int type = replacement.type();
            int max = (int) LuaArgs.optInteger(args, 4, src.m_length + 1L, "gsub");
            if (type != TNUMBER && type != TSTRING && type != TFUNCTION && type != TTABLE) {
                throw LuaArgs.argError(3, "gsub", "string/function/table expected");
            }
            LuaPatternMatcher m = new LuaPatternMatcher(src, p);
            boolean anchored = m.anchored();
            int from = anchored ? 1 : 0;
            ByteArrayOutputStream out = new ByteArrayOutputStream(src.m_length);
            int at = 0;
            int n = 0;
            while (n < max) {
                int end = m.matchAt(at, from);
                if (end != LuaPatternMatcher.NO_MATCH) {
                    n++;
                    addValue(m, out, at, end, replacement);
                }
                if (end != LuaPatternMatcher.NO_MATCH && end > at) {
                    at = end;
                } else if (at < src.m_length) {
                    out.write(m.subjectByte(at++));
                } else {
                    break;
                }
                if (anchored) {
                    break;
                }
            }
            out.write(src.m_bytes, src.m_offset + at, src.m_length - at);
            return varargsOf(LuaString.valueOf(out.toByteArray()), valueOf(n));
        }

        private static void addValue(LuaPatternMatcher m, ByteArrayOutputStream out, int s, int e, LuaValue repl) {
            LuaValue value;
            switch (repl.type()) {
                case TFUNCTION -> value = repl.invoke(varargsOf(m.captures(s, e, true))).arg1();
                case TTABLE -> value = repl.get(m.capture(0, s, e));
                default -> {
                    addString(m, out, s, e, repl.checkstring());
                    return;
                }
            }
            if (!value.toboolean()) {
                value = m.wholeMatch(s, e);
            } else if (value.type() != TSTRING && value.type() != TNUMBER) {
                throw new LuaError("invalid replacement value (a " + value.typename() + ")");
            }
            LuaString text = value.checkstring();
            out.write(text.m_bytes, text.m_offset, text.m_length);
        }

        /** A replacement string: %0 is the match, %1-%9 a capture, % before anything else that character. */
        private static void addString(LuaPatternMatcher m, ByteArrayOutputStream out, int s, int e, LuaString news) {
            int l = news.m_length;
            for (int i = 0; i < l; i++) {
                int c = news.m_bytes[news.m_offset + i] & 0xff;
                if (c != '%') {
                    out.write(c);
                    continue;
                }
                i++;
                // A '%' at the end escapes the NUL that ends every Lua string.
                c = i < l ? news.m_bytes[news.m_offset + i] & 0xff : 0;
                if (!CType.isDigit(c)) {
                    out.write(c);
                } else {
                    LuaString capture = (c == '0' ? m.wholeMatch(s, e) : m.capture(c - '1', s, e)).checkstring();
                    out.write(capture.m_bytes, capture.m_offset, capture.m_length);
                }
            }
        }
    }
}
