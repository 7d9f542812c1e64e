package dev.keyslot.datanode.scripting;

import dev.keyslot.datanode.util.Numbers;
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
                return new Decoder(LuaErrors.bytes(v.checkstring())).document();
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

        Decoder(byte[] in) {
            this.in = in;
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
                    return LuaString.valueOf(string());
                case 't':
                    return literal("true", LuaValue.TRUE);
                case 'f':
                    return literal("false", LuaValue.FALSE);
                case 'n':
                    return literal("null", NULL);
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        return number();
                    }
                    throw error("value", describe());
            }
        }

        private LuaValue literal(String word, LuaValue v) {
            byte[] w = bytes(word);
            if (pos + w.length > in.length || !java.util.Arrays.equals(in, pos, pos + w.length, w, 0, w.length)) {
                throw error("value", "invalid token");
            }
            pos += w.length;
            return v;
        }

        private LuaValue number() {
            int start = pos;
            while (pos < in.length && "+-0123456789.eE".indexOf(in[pos]) >= 0) {
                pos++;
            }
            try {
                return LuaValue.valueOf(Double.parseDouble(new String(in, start, pos - start, StandardCharsets.ISO_8859_1)));
            } catch (NumberFormatException e) {
                pos = start;
                throw error("value", "invalid number");
            }
        }

        private byte[] string() {
            pos++;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (true) {
                if (pos >= in.length) {
                    throw error("string", "unexpected end of string");
                }
                int c = in[pos++] & 0xff;
                if (c == '"') {
                    return out.toByteArray();
                }
                if (c != '\\') {
                    out.write(c);
                    continue;
                }
                if (pos >= in.length) {
                    throw error("string", "unexpected end of string");
                }
                int e = in[pos++];
                switch (e) {
                    case 'b' -> out.write('\b');
                    case 'f' -> out.write('\f');
                    case 'n' -> out.write('\n');
                    case 'r' -> out.write('\r');
                    case 't' -> out.write('\t');
                    case 'u' -> out.writeBytes(unicode());
                    case '"', '\\', '/' -> out.write(e);
                    default -> throw error("string", "invalid escape code");
                }
            }
        }

        private byte[] unicode() {
            int cp = hex4();
            if (cp >= 0xD800 && cp <= 0xDBFF && pos + 1 < in.length && in[pos] == '\\' && in[pos + 1] == 'u') {
                pos += 2;
                int low = hex4();
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            }
            return new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
        }

        private int hex4() {
            if (pos + 4 > in.length) {
                throw error("string", "invalid unicode escape code");
            }
            try {
                int v = Integer.parseInt(new String(in, pos, 4, StandardCharsets.ISO_8859_1), 16);
                pos += 4;
                return v;
            } catch (NumberFormatException e) {
                throw error("string", "invalid unicode escape code");
            }
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
                LuaString key = LuaString.valueOf(string());
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
