package dev.keyslot.datanode.scripting;

import dev.keyslot.datanode.util.Numbers;
import dev.keyslot.datanode.util.Strtod;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.OneArgFunction;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The cjson library with lua-cjson's default settings: numbers with 14 significant digits, '/' escaped,
 * sparse arrays refused past ratio 2 (safe up to index 10), nesting limited to 1000, cjson.null for
 * JSON null. Object members come out in luaj's table order, which may differ from C Lua's.
 */
final class CjsonLib {
    private static final int MAX_DEPTH = 1000;
    static final LuaValue NULL = new LuaUserdata(new Object());

    private CjsonLib() {
    }

    static LuaTable create() {
        ReadOnlyTable t = new ReadOnlyTable();
        t.rawset("encode", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue v) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                encode(v, out, 0);
                return LuaValue.valueOf(out.toByteArray());
            }
        });
        t.rawset("decode", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue v) {
                byte[] json = LuaErrors.bytes(v.checkstring());
                // lua_cjson reads a C string: a NUL in the first two bytes means another Unicode encoding.
                if (json.length >= 2 && (json[0] == 0 || json[1] == 0)) {
                    throw new LuaError("JSON parser does not support UTF-16 or UTF-32");
                }
                return new Decoder(json).document();
            }
        });
        t.rawset("null", NULL);
        t.rawset("_NAME", LuaValue.valueOf("cjson"));
        t.rawset("_VERSION", LuaValue.valueOf("2.1.0"));
        t.lock(true);
        return t;
    }

    private static void encode(LuaValue v, ByteArrayOutputStream out, int depth) {
        switch (v.type()) {
            case LuaValue.TNIL -> out.writeBytes(bytes("null"));
            case LuaValue.TBOOLEAN -> out.writeBytes(bytes(v.toboolean() ? "true" : "false"));
            case LuaValue.TNUMBER -> out.writeBytes(bytes(number(v.todouble())));
            case LuaValue.TSTRING -> string(LuaErrors.bytes(v.checkstring()), out);
            case LuaValue.TTABLE -> table((LuaTable) v, out, depth + 1);
            case LuaValue.TUSERDATA -> {
                if (v != NULL) {
                    throw new LuaError("Cannot serialise userdata: type not supported");
                }
                out.writeBytes(bytes("null"));
            }
            default -> throw new LuaError("Cannot serialise " + v.typename() + ": type not supported");
        }
    }

    private static String number(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new LuaError("Cannot serialise number: must not be NaN or Inf");
        }
        return Numbers.formatG(d, 14);
    }

    private static void table(LuaTable t, ByteArrayOutputStream out, int depth) {
        if (depth > MAX_DEPTH) {
            throw new LuaError("Cannot serialise, excessive nesting (" + depth + ")");
        }
        int max = arrayLength(t);
        if (max > 0) {
            out.write('[');
            for (int i = 1; i <= max; i++) {
                if (i > 1) {
                    out.write(',');
                }
                encode(t.rawget(i), out, depth);
            }
            out.write(']');
            return;
        }
        out.write('{');
        boolean first = true;
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs next = t.next(k);
            k = next.arg1();
            if (k.isnil()) {
                break;
            }
            if (!first) {
                out.write(',');
            }
            first = false;
            if (k.type() == LuaValue.TSTRING) {
                string(LuaErrors.bytes(k.checkstring()), out);
            } else if (k.type() == LuaValue.TNUMBER) {
                string(bytes(number(k.todouble())), out);
            } else {
                throw new LuaError("Cannot serialise " + k.typename() + ": table key must be a number or string");
            }
            out.write(':');
            encode(next.arg(2), out, depth);
        }
        out.write('}');
    }

    /**
     * The array size when every key is a positive integer and the array is not too sparse; else 0 or less. The
     * largest key is kept in a C int, as lua_cjson keeps it: a key past 2^31 - 1 makes it negative, and the table
     * an object.
     */
    private static int arrayLength(LuaTable t) {
        int max = 0;
        int items = 0;
        LuaValue k = LuaValue.NIL;
        while (true) {
            k = t.next(k).arg1();
            if (k.isnil()) {
                break;
            }
            if (k.type() != LuaValue.TNUMBER || k.todouble() < 1 || k.todouble() != Math.floor(k.todouble())) {
                return 0;
            }
            if (k.todouble() > max) {
                max = X86Numbers.toInt(k.todouble());
            }
            items++;
        }
        if (max > 10 && max > items * 2) {
            throw new LuaError("Cannot serialise table: excessively sparse array");
        }
        return max;
    }

    private static void string(byte[] s, ByteArrayOutputStream out) {
        out.write('"');
        for (byte b : s) {
            int c = b & 0xff;
            switch (c) {
                case '"' -> out.writeBytes(bytes("\\\""));
                case '\\' -> out.writeBytes(bytes("\\\\"));
                case '/' -> out.writeBytes(bytes("\\/"));
                case '\b' -> out.writeBytes(bytes("\\b"));
                case '\f' -> out.writeBytes(bytes("\\f"));
                case '\n' -> out.writeBytes(bytes("\\n"));
                case '\r' -> out.writeBytes(bytes("\\r"));
                case '\t' -> out.writeBytes(bytes("\\t"));
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.writeBytes(bytes(String.format("\\u%04x", c)));
                    } else {
                        out.write(c);
                    }
                }
            }
        }
        out.write('"');
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A recursive-descent JSON reader producing Lua values, with lua-cjson's error texts. */
    private static final class Decoder {
        private final byte[] in;
        private int pos;
        private int depth;

        /** The text up to its first NUL, where lua_cjson's C string ends. */
        Decoder(byte[] json) {
            int length = 0;
            while (length < json.length && json[length] != 0) {
                length++;
            }
            this.in = java.util.Arrays.copyOf(json, length);
        }

        LuaValue document() {
            LuaValue v = value();
            skipSpace();
            if (pos < in.length) {
                throw error("the end", describe());
            }
            return v;
        }

        private LuaValue value() {
            skipSpace();
            if (pos >= in.length) {
                throw error("value", "T_END");
            }
            int c = in[pos];
            switch (c) {
                case '{':
                    return object();
                case '[':
                    return array();
                case '"':
                    return LuaString.valueOf(string("value"));
                case 't':
                    return literal("true", LuaValue.TRUE);
                case 'f':
                    return literal("false", LuaValue.FALSE);
                default:
                    if (c == 'n' && startsWith("null", false)) {
                        return literal("null", NULL);
                    }
                    // Numbers, and what lua_cjson reads with strtod although JSON has no such numbers: a leading +,
                    // inf, nan, Infinity, NaN, hexadecimal.
                    if (c == '-' || (c >= '0' && c <= '9') || c == '+' || startsWith("inf", true)
                            || startsWith("nan", true)) {
                        return number();
                    }
                    throw error("value", c == 'n' ? "invalid token" : describe());
            }
        }

        private boolean startsWith(String word, boolean ignoreCase) {
            return pos + word.length() <= in.length
                    && new String(in, pos, word.length(), StandardCharsets.ISO_8859_1).regionMatches(ignoreCase, 0, word, 0,
                            word.length());
        }

        private LuaValue literal(String word, LuaValue v) {
            byte[] w = bytes(word);
            if (pos + w.length > in.length || !java.util.Arrays.equals(in, pos, pos + w.length, w, 0, w.length)) {
                throw error("value", "invalid token");
            }
            pos += w.length;
            return v;
        }

        /** A number as lua_cjson reads one, with C's strtod. */
        private LuaValue number() {
            int end = Strtod.scan(in, pos, in.length);
            if (end == pos) {
                throw error("value", "invalid number");
            }
            double number = Strtod.value(in, pos, end);
            pos = end;
            return LuaValue.valueOf(number);
        }

        /** A string token; its errors are reported as lua_cjson reports them in the context that expected a value. */
        private byte[] string(String expected) {
            pos++;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (true) {
                if (pos >= in.length) {
                    throw error(expected, "unexpected end of string");
                }
                int c = in[pos] & 0xff;
                if (c == '"') {
                    pos++;
                    return out.toByteArray();
                }
                if (c != '\\') {
                    out.write(c);
                    pos++;
                    continue;
                }
                int e = pos + 1 < in.length ? in[pos + 1] : 0;
                switch (e) {
                    case 'b' -> out.write('\b');
                    case 'f' -> out.write('\f');
                    case 'n' -> out.write('\n');
                    case 'r' -> out.write('\r');
                    case 't' -> out.write('\t');
                    case '"', '\\', '/' -> out.write(e);
                    case 'u' -> {
                        int codePoint = unicodeEscape();
                        if (codePoint < 0) {
                            throw error(expected, "invalid unicode escape code");
                        }
                        out.writeBytes(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
                        continue;
                    }
                    default -> throw error(expected, "invalid escape code");
                }
                pos += 2;
            }
        }

        /**
         * The code point of the \\u escape at pos (moving past it), or -1 as lua_cjson refuses it: a low surrogate
         * first, or a high one not followed by an escaped low one.
         */
        private int unicodeEscape() {
            int codePoint = hex4(pos + 2);
            if (codePoint < 0) {
                return -1;
            }
            int length = 6;
            if ((codePoint & 0xF800) == 0xD800) {
                if ((codePoint & 0x400) != 0 || pos + 7 >= in.length || in[pos + 6] != '\\' || in[pos + 7] != 'u') {
                    return -1;
                }
                int low = hex4(pos + 8);
                if (low < 0 || (low & 0xFC00) != 0xDC00) {
                    return -1;
                }
                codePoint = (((codePoint & 0x3FF) << 10) | (low & 0x3FF)) + 0x10000;
                length = 12;
            }
            pos += length;
            return codePoint;
        }

        private int hex4(int at) {
            if (at + 4 > in.length) {
                return -1;
            }
            int v = 0;
            for (int i = at; i < at + 4; i++) {
                int d = Character.digit(in[i], 16);
                if (d < 0) {
                    return -1;
                }
                v = v << 4 | d;
            }
            return v;
        }

        private LuaValue array() {
            enter();
            pos++;
            LuaTable t = new LuaTable();
            skipSpace();
            if (pos < in.length && in[pos] == ']') {
                pos++;
                depth--;
                return t;
            }
            for (int i = 1; ; i++) {
                t.rawset(i, value());
                skipSpace();
                if (pos < in.length && in[pos] == ',') {
                    pos++;
                } else if (pos < in.length && in[pos] == ']') {
                    pos++;
                    depth--;
                    return t;
                } else {
                    throw error("comma or array end", describe());
                }
            }
        }

        private LuaValue object() {
            enter();
            pos++;
            LuaTable t = new LuaTable();
            skipSpace();
            if (pos < in.length && in[pos] == '}') {
                pos++;
                depth--;
                return t;
            }
            while (true) {
                skipSpace();
                if (pos >= in.length || in[pos] != '"') {
                    throw error("object key string", describe());
                }
                LuaString key = LuaString.valueOf(string("object key string"));
                skipSpace();
                if (pos >= in.length || in[pos] != ':') {
                    throw error("colon", describe());
                }
                pos++;
                t.rawset(key, value());
                skipSpace();
                if (pos < in.length && in[pos] == ',') {
                    pos++;
                } else if (pos < in.length && in[pos] == '}') {
                    pos++;
                    depth--;
                    return t;
                } else {
                    throw error("comma or object end", describe());
                }
            }
        }

        private void enter() {
            if (++depth > MAX_DEPTH) {
                throw new LuaError("Found too many nested data structures (" + depth + ") at character " + (pos + 1));
            }
        }

        /** lua-cjson names the unexpected token by its type (T_OBJ_BEGIN...), or "invalid token". */
        private String describe() {
            if (pos >= in.length) {
                return "T_END";
            }
            return switch (in[pos]) {
                case '{' -> "T_OBJ_BEGIN";
                case '}' -> "T_OBJ_END";
                case '[' -> "T_ARR_BEGIN";
                case ']' -> "T_ARR_END";
                case ',' -> "T_COMMA";
                case ':' -> "T_COLON";
                case '"' -> "T_STRING";
                case 't', 'f' -> "T_BOOLEAN";
                case 'n' -> "T_NULL";
                default -> in[pos] == '-' || in[pos] >= '0' && in[pos] <= '9' ? "T_NUMBER" : "invalid token";
            };
        }

        private void skipSpace() {
            while (pos < in.length && (in[pos] == ' ' || in[pos] == '\t' || in[pos] == '\n' || in[pos] == '\r')) {
                pos++;
            }
        }

        private LuaError error(String expected, String found) {
            return new LuaError("Expected " + expected + " but found " + found + " at character " + (pos + 1));
        }
    }
}
