package dev.keyslot.datanode.scripting;

import dev.keyslot.datanode.util.Numbers;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.nio.charset.StandardCharsets;

/**
 * The Lua debugger's text forms: Lua values as Redis's ldbCatStackValue writes them, Redis replies made
 * readable as ldbRedisProtocolToHuman does, and C-style quoting (sdscatrepr). Text is Latin-1, one char per byte.
 */
final class DebugText {
    /** Redis stops descending into nested tables at LUA_MINSTACK / 2 levels. */
    private static final int MAX_DEPTH = 10;

    private DebugText() {
    }

    static String latin1(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }

    static String latin1(LuaString s) {
        return new String(s.m_bytes, s.m_offset, s.m_length, StandardCharsets.ISO_8859_1);
    }

    /** sdscatrepr: a double-quoted string with C escapes, \xHH for bytes that are not printable. */
    static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\', '"' -> out.append('\\').append(c);
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 7 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                default -> {
                    if (c >= 32 && c < 127) {
                        out.append(c);
                    } else {
                        out.append("\\x").append(Character.forDigit(c >> 4, 16))
                                .append(Character.forDigit(c & 0xf, 16));
                    }
                }
            }
        }
        out.append('"');
    }

    static String value(LuaValue v) {
        StringBuilder out = new StringBuilder();
        value(out, v, 0);
        return out.toString();
    }

    /** redis.debug's arguments, comma separated. */
    static String values(Varargs args) {
        StringBuilder out = new StringBuilder();
        for (int i = 1; i <= args.narg(); i++) {
            if (i > 1) {
                out.append(", ");
            }
            value(out, args.arg(i), 0);
        }
        return out.toString();
    }

    private static void value(StringBuilder out, LuaValue v, int level) {
        if (level == MAX_DEPTH) {
            out.append("<max recursion level reached! Nested table?>");
            return;
        }
        level++;
        switch (v.type()) {
            case LuaValue.TSTRING -> quote(out, latin1(v.checkstring()));
            case LuaValue.TBOOLEAN -> out.append(v.toboolean() ? "true" : "false");
            case LuaValue.TNUMBER -> out.append(Numbers.formatG(v.todouble(), 6));
            case LuaValue.TNIL -> out.append("nil");
            case LuaValue.TTABLE -> table(out, (LuaTable) v, level);
            default -> out.append("\"").append(v.typename()).append("@0x")
                    .append(Integer.toHexString(System.identityHashCode(v))).append("\"");
        }
    }

    /** An array prints its values, any other table [key]=value pairs, as Redis decides while iterating. */
    private static void table(StringBuilder out, LuaTable t, int level) {
        StringBuilder asArray = new StringBuilder();
        StringBuilder asMap = new StringBuilder();
        boolean isArray = true;
        int expected = 1;
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs next = t.next(k);
            k = next.arg1();
            if (k.isnil()) {
                break;
            }
            LuaValue v = next.arg(2);
            if (isArray && (k.type() != LuaValue.TNUMBER || k.todouble() != expected)) {
                isArray = false;
            }
            value(asArray, v, level);
            asArray.append("; ");
            asMap.append('[');
            value(asMap, k, level);
            asMap.append("]=");
            value(asMap, v, level);
            asMap.append("; ");
            expected++;
        }
        StringBuilder chosen = isArray ? asArray : asMap;
        if (chosen.length() > 0) {
            chosen.setLength(chosen.length() - 2);
        }
        out.append('{').append(chosen).append('}');
    }

    /** A raw RESP reply in the debugger's readable form. */
    static String reply(byte[] reply) {
        StringBuilder out = new StringBuilder();
        new ReplyReader(reply).read(out);
        return out.toString();
    }

    private static final class ReplyReader {
        private final byte[] b;
        private int p;

        ReplyReader(byte[] b) {
            this.b = b;
        }

        private String line() {
            int start = p + 1;
            int end = start;
            while (end < b.length && b[end] != '\r') {
                end++;
            }
            p = end + 2;
            return latin1(b, start, end);
        }

        void read(StringBuilder out) {
            if (p >= b.length) {
                return;
            }
            byte type = b[p];
            switch (type) {
                case ':' -> out.append(line());
                case '$' -> {
                    int len = Integer.parseInt(line());
                    if (len == -1) {
                        out.append("NULL");
                    } else {
                        quote(out, latin1(b, p, p + len));
                        p += len + 2;
                    }
                }
                case '+', '-' -> {
                    int start = p;
                    line();
                    quote(out, latin1(b, start, p - 2));
                }
                case '*' -> {
                    int n = Integer.parseInt(line());
                    if (n == -1) {
                        out.append("NULL");
                        return;
                    }
                    aggregate(out, n, "[", "]", false);
                }
                case '~' -> aggregate(out, Integer.parseInt(line()), "~(", ")", false);
                case '%' -> aggregate(out, Integer.parseInt(line()), "{", "}", true);
                case '_' -> {
                    line();
                    out.append("(null)");
                }
                case '#' -> out.append(line().equals("t") ? "#true" : "#false");
                case ',' -> out.append("(double) ").append(line());
                default -> p = b.length;
            }
        }

        private void aggregate(StringBuilder out, int n, String open, String close, boolean pairs) {
            out.append(open);
            for (int i = 0; i < n; i++) {
                read(out);
                if (pairs) {
                    out.append(" => ");
                    read(out);
                }
                if (i != n - 1) {
                    out.append(',');
                }
            }
            out.append(close);
        }
    }
}
