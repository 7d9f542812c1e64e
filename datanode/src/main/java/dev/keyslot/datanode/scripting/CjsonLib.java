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
import org.luaj.vm2.lib.VarArgFunction;
import org.luaj.vm2.lib.ZeroArgFunction;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;

/**
 * The cjson library as lua_cjson 2.1.0 in Redis has it: encode and decode with its default settings (numbers with 14
 * significant digits, '/' escaped, sparse arrays refused past ratio 2 unless the largest index is 10 or less,
 * nesting limited to 1000, cjson.null for JSON null, hexadecimal, inf and nan read as numbers), the functions that
 * change those settings (encode_sparse_array, encode_max_depth, decode_max_depth, encode_number_precision,
 * encode_keep_buffer, encode_invalid_numbers, decode_invalid_numbers) and new(), a module with settings of its own.
 * Object members come out in the order pairs meets them, as lua_cjson walks tables with lua_next.
 */
final class CjsonLib {
    private static final int INT_MAX = Integer.MAX_VALUE;
    private static final String[] ON_OFF = {"off", "on"};
    private static final String[] INVALID_NUMBER_OPTIONS = {"off", "on", "null"};
    static final LuaValue NULL = new LuaUserdata(new Object());

    private CjsonLib() {
    }

    static LuaTable create() {
        ReadOnlyTable t = new ReadOnlyTable();
        fill(t, new CjsonConfig());
        t.lock(true);
        return t;
    }

    /** The module's functions, bound to config, as lua_cjson's lua_cjson_new registers them. */
    private static void fill(LuaTable t, CjsonConfig config) {
        t.rawset("encode", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue v) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                encode(config, v, out, 0);
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
                return new Decoder(json, config).document();
            }
        });
        t.rawset("encode_sparse_array", setting("encode_sparse_array", 3, args -> LuaValue.varargsOf(new LuaValue[] {
            onOff(args, 1, "encode_sparse_array", config.encodeSparseConvert, v -> config.encodeSparseConvert = v),
            integer(args, 2, "encode_sparse_array", 0, INT_MAX, () -> config.encodeSparseRatio,
                    v -> config.encodeSparseRatio = v),
            integer(args, 3, "encode_sparse_array", 0, INT_MAX, () -> config.encodeSparseSafe,
                    v -> config.encodeSparseSafe = v)})));
        t.rawset("encode_max_depth", setting("encode_max_depth", 1, args -> integer(args, 1, "encode_max_depth", 1,
                INT_MAX, () -> config.encodeMaxDepth, v -> config.encodeMaxDepth = v)));
        t.rawset("decode_max_depth", setting("decode_max_depth", 1, args -> integer(args, 1, "decode_max_depth", 1,
                INT_MAX, () -> config.decodeMaxDepth, v -> config.decodeMaxDepth = v)));
        t.rawset("encode_number_precision", setting("encode_number_precision", 1, args -> integer(args, 1,
                "encode_number_precision", 1, 14, () -> config.encodeNumberPrecision, v -> config.encodeNumberPrecision = v)));
        t.rawset("encode_keep_buffer", setting("encode_keep_buffer", 1, args -> onOff(args, 1, "encode_keep_buffer",
                config.encodeKeepBuffer, v -> config.encodeKeepBuffer = v)));
        t.rawset("encode_invalid_numbers", setting("encode_invalid_numbers", 1, args -> {
            config.encodeInvalidNumbers = option(args, 1, "encode_invalid_numbers", INVALID_NUMBER_OPTIONS,
                    config.encodeInvalidNumbers);
            return config.encodeInvalidNumbers == CjsonConfig.INVALID_NUMBERS_NULL ? LuaValue.valueOf("null")
                    : LuaValue.valueOf(config.encodeInvalidNumbers == CjsonConfig.INVALID_NUMBERS_ON);
        }));
        t.rawset("decode_invalid_numbers", setting("decode_invalid_numbers", 1, args -> onOff(args, 1,
                "decode_invalid_numbers", config.decodeInvalidNumbers, v -> config.decodeInvalidNumbers = v)));
        t.rawset("new", new ZeroArgFunction() {
            @Override
            public LuaValue call() {
                LuaTable module = new LuaTable();
                fill(module, new CjsonConfig());
                return module;
            }
        });
        t.rawset("null", NULL);
        t.rawset("_NAME", LuaValue.valueOf("cjson"));
        t.rawset("_VERSION", LuaValue.valueOf("2.1.0"));
    }

    /** A configuration function taking at most maxArguments (json_arg_init). */
    private static VarArgFunction setting(String functionName, int maxArguments, Function<Varargs, Varargs> body) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                if (args.narg() > maxArguments) {
                    throw LuaArgs.argError(maxArguments + 1, functionName, "found too many arguments");
                }
                return body.apply(args);
            }
        };
    }

    /** json_integer_option: a new value when the argument is not nil (its range error is always argument #1). */
    private static LuaValue integer(Varargs args, int n, String function, int min, int max, IntSupplier current,
                                    IntConsumer update) {
        if (!args.arg(n).isnil()) {
            int value = (int) LuaArgs.checkInteger(args, n, function);
            if (value < min || value > max) {
                throw LuaArgs.argError(1, function, "expected integer between " + min + " and " + max);
            }
            update.accept(value);
        }
        return LuaValue.valueOf(current.getAsInt());
    }

    /** json_enum_option over "off"/"on": a boolean, or one of those words. */
    private static LuaValue onOff(Varargs args, int n, String function, boolean current, Consumer<Boolean> update) {
        int value = option(args, n, function, ON_OFF, current ? 1 : 0);
        update.accept(value == 1);
        return LuaValue.valueOf(value == 1);
    }

    /** json_enum_option: true is option 1, false option 0, a string one of the options (luaL_checkoption). */
    private static int option(Varargs args, int n, String function, String[] options, int current) {
        LuaValue v = args.arg(n);
        if (v.isnil()) {
            return current;
        }
        if (v.isboolean()) {
            return v.toboolean() ? 1 : 0;
        }
        String name = LuaArgs.checkString(args, n, function).tojstring();
        for (int i = 0; i < options.length; i++) {
            if (options[i].equals(name)) {
                return i;
            }
        }
        throw LuaArgs.argError(n, function, "invalid option '" + name + "'");
    }

    private static void encode(CjsonConfig config, LuaValue v, ByteArrayOutputStream out, int depth) {
        switch (v.type()) {
            case LuaValue.TNIL -> out.writeBytes(bytes("null"));
            case LuaValue.TBOOLEAN -> out.writeBytes(bytes(v.toboolean() ? "true" : "false"));
            case LuaValue.TNUMBER -> out.writeBytes(bytes(number(config, v.todouble())));
            case LuaValue.TSTRING -> string(LuaErrors.bytes(v.checkstring()), out);
            case LuaValue.TTABLE -> table(config, (LuaTable) v, out, depth + 1);
            case LuaValue.TUSERDATA -> {
                if (v != NULL) {
                    throw new LuaError("Cannot serialise userdata: type not supported");
                }
                out.writeBytes(bytes("null"));
            }
            default -> throw new LuaError("Cannot serialise " + v.typename() + ": type not supported");
        }
    }

    /**
     * A number as json_append_number writes it: "%.14g" (or the configured precision); NaN and the infinities are
     * refused, written as printf writes them (nan always unsigned), or written as null, as configured.
     */
    private static String number(CjsonConfig config, double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            switch (config.encodeInvalidNumbers) {
                case CjsonConfig.INVALID_NUMBERS_ON -> {
                    return Double.isNaN(d) ? "nan" : d < 0 ? "-inf" : "inf";
                }
                case CjsonConfig.INVALID_NUMBERS_NULL -> {
                    return "null";
                }
                default -> throw new LuaError("Cannot serialise number: must not be NaN or Inf");
            }
        }
        return Numbers.formatG(d, config.encodeNumberPrecision);
    }

    private static void table(CjsonConfig config, LuaTable t, ByteArrayOutputStream out, int depth) {
        if (depth > config.encodeMaxDepth) {
            throw new LuaError("Cannot serialise, excessive nesting (" + depth + ")");
        }
        int max = arrayLength(config, t);
        if (max > 0) {
            out.write('[');
            for (int i = 1; i <= max; i++) {
                if (i > 1) {
                    out.write(',');
                }
                encode(config, t.rawget(i), out, depth);
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
                string(bytes(number(config, k.todouble())), out);
            } else {
                throw new LuaError("Cannot serialise " + k.typename() + ": table key must be a number or string");
            }
            out.write(':');
            encode(config, next.arg(2), out, depth);
        }
        out.write('}');
    }

    /**
     * The array size when every key is a positive integer and the array is not too sparse; else 0 or less. The
     * largest key is kept in a C int, as lua_cjson keeps it: a key past 2^31 - 1 makes it negative, and the table
     * an object.
     */
    private static int arrayLength(CjsonConfig config, LuaTable t) {
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
        if (config.encodeSparseRatio > 0 && max > items * config.encodeSparseRatio && max > config.encodeSparseSafe) {
            if (!config.encodeSparseConvert) {
                throw new LuaError("Cannot serialise table: excessively sparse array");
            }
            return -1;
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
        private final CjsonConfig config;
        private final byte[] in;
        private int pos;
        private int depth;

        /** The text up to its first NUL, where lua_cjson's C string ends. */
        Decoder(byte[] json, CjsonConfig config) {
            this.config = config;
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
                    if (c == 'n' && startsWith(pos, "null", false)) {
                        return literal("null", NULL);
                    }
                    // Numbers, and (unless decode_invalid_numbers is off) what lua_cjson reads with strtod although
                    // JSON has no such numbers: a leading +, inf, nan, Infinity, NaN, hexadecimal, leading zeros.
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        if (!config.decodeInvalidNumbers && invalidNumber()) {
                            throw error("value", "invalid number");
                        }
                        return number();
                    }
                    if (config.decodeInvalidNumbers && invalidNumber()) {
                        return number();
                    }
                    throw error("value", c == 'n' ? "invalid token" : describe());
            }
        }

        /** json_is_invalid_number: text strtod reads but JSON does not allow. */
        private boolean invalidNumber() {
            int p = pos;
            if (in[p] == '+') {
                return true;
            }
            if (in[p] == '-') {
                p++;
            }
            if (p < in.length && in[p] == '0') {
                int next = p + 1 < in.length ? in[p + 1] : 0;
                return (next | 0x20) == 'x' || (next >= '0' && next <= '9');
            }
            if (p >= in.length || in[p] <= '9') {
                return false;
            }
            return startsWith(p, "inf", true) || startsWith(p, "nan", true);
        }

        private boolean startsWith(int at, String word, boolean ignoreCase) {
            return at + word.length() <= in.length
                    && new String(in, at, word.length(), StandardCharsets.ISO_8859_1).regionMatches(ignoreCase, 0, word, 0,
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
            if (++depth > config.decodeMaxDepth) {
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
