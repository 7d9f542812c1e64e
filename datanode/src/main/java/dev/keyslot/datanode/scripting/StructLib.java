package dev.keyslot.datanode.scripting;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The "struct" library Redis ships: struct.pack, struct.unpack and struct.size over a format string
 * (endianness &lt; &gt; and alignment !n, integers b B h H l L T i[n] I[n], f d, strings s and c[n], padding x),
 * with the type sizes of a 64-bit little-endian build.
 */
final class StructLib {
    private static final int MAX_INT_SIZE = 32;
    private static final int MAX_ALIGN = 8;

    private StructLib() {
    }

    static LuaTable create() {
        ReadOnlyTable t = new ReadOnlyTable();
        t.rawset("pack", RedisApi.fn(StructLib::pack));
        t.rawset("unpack", RedisApi.fn(StructLib::unpack));
        t.rawset("size", RedisApi.fn(StructLib::size));
        t.lock(true);
        return t;
    }

    /** Walks a format string: one option at a time, with its size and the alignment state. */
    private static final class Format {
        final byte[] fmt;
        final String function;
        int pos;
        boolean little = true;
        int align = 1;

        Format(LuaString fmt, String function) {
            this.fmt = LuaErrors.bytes(fmt);
            this.function = function;
        }

        boolean more() {
            return pos < fmt.length;
        }

        char next() {
            return (char) fmt[pos++];
        }

        int number(int fallback) {
            if (pos >= fmt.length || !Character.isDigit(fmt[pos])) {
                return fallback;
            }
            long a = 0;
            while (pos < fmt.length && Character.isDigit(fmt[pos])) {
                a = a * 10 + (fmt[pos++] - '0');
                if (a > Integer.MAX_VALUE) {
                    throw new LuaError("integral size overflow");
                }
            }
            return (int) a;
        }

        int size(char opt) {
            return switch (opt) {
                case 'b', 'B', 'x' -> 1;
                case 'h', 'H' -> 2;
                case 'l', 'L', 'T', 'd' -> 8;
                case 'f' -> 4;
                case 'c' -> number(1);
                case 'i', 'I' -> {
                    int size = number(4);
                    if (size > MAX_INT_SIZE) {
                        throw new LuaError("integral size " + size + " is larger than limit of " + MAX_INT_SIZE);
                    }
                    yield size;
                }
                default -> 0;
            };
        }

        int padding(long offset, char opt, int size) {
            if (size == 0 || opt == 'c') {
                return 0;
            }
            int a = Math.min(size, align);
            return (int) ((a - (offset & (a - 1))) & (a - 1));
        }

        void control(char opt) {
            switch (opt) {
                case ' ' -> { }
                case '>' -> little = false;
                case '<' -> little = true;
                case '!' -> {
                    int a = number(MAX_ALIGN);
                    if (a <= 0 || (a & (a - 1)) != 0) {
                        throw new LuaError("alignment " + a + " is not a power of 2");
                    }
                    align = a;
                }
                default -> throw new LuaError("bad argument #1 to '" + function + "' (invalid format option '" + opt + "')");
            }
        }
    }

    private static Varargs pack(Varargs args) {
        Format f = new Format(args.checkstring(1), "pack");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int arg = 2;
        while (f.more()) {
            char opt = f.next();
            int size = f.size(opt);
            int pad = f.padding(out.size(), opt, size);
            for (int i = 0; i < pad; i++) {
                out.write(0);
            }
            switch (opt) {
                case 'b', 'B', 'h', 'H', 'l', 'L', 'T', 'i', 'I' -> {
                    // C's casts: a negative number through long long, any other straight to unsigned long long.
                    double n = packNumber(args, arg++);
                    writeInteger(out, n < 0 ? X86Numbers.toLong(n) : X86Numbers.toUnsignedLong(n), size, f.little);
                }
                case 'x' -> out.write(0);
                case 'f' -> writeInteger(out, Float.floatToRawIntBits((float) packNumber(args, arg++)) & 0xffffffffL, 4, f.little);
                case 'd' -> writeInteger(out, Double.doubleToRawLongBits(packNumber(args, arg++)), 8, f.little);
                case 'c', 's' -> {
                    byte[] s = LuaErrors.bytes(packString(args, arg));
                    arg++;
                    int n = size == 0 || opt == 's' ? s.length : size;
                    if (s.length < n) {
                        throw new LuaError("bad argument #" + arg + " to 'pack' (string too short)");
                    }
                    out.write(s, 0, n);
                    if (opt == 's') {
                        out.write(0);
                    }
                }
                default -> f.control(opt);
            }
        }
        return LuaValue.valueOf(out.toByteArray());
    }

    /** luaL_checknumber on pack's values; pack pushes a nil after its arguments, so the first missing one is nil. */
    private static double packNumber(Varargs args, int n) {
        LuaValue number = LuaArgs.asNumber(args.arg(n));
        if (number == null) {
            throw LuaArgs.argError(n, "pack", "number expected, got " + packArgumentType(args, n));
        }
        return number.todouble();
    }

    private static LuaString packString(Varargs args, int n) {
        LuaValue v = args.arg(n);
        if (v.type() != LuaValue.TSTRING && v.type() != LuaValue.TNUMBER) {
            throw LuaArgs.argError(n, "pack", "string expected, got " + packArgumentType(args, n));
        }
        return v.checkstring();
    }

    private static String packArgumentType(Varargs args, int n) {
        return n == args.narg() + 1 ? "nil" : n > args.narg() ? "no value" : args.arg(n).typename();
    }

    private static void writeInteger(ByteArrayOutputStream out, long value, int size, boolean little) {
        byte[] b = new byte[size];
        long v = value;
        for (int i = 0; i < size; i++) {
            // Values are 64-bit: bytes past the eighth are zero, as in the C library.
            b[little ? i : size - 1 - i] = (byte) (i < 8 ? v & 0xff : 0);
            v >>>= 8;
        }
        out.write(b, 0, size);
    }

    /** The integer in size bytes; past eight bytes only the low 64 bits are kept, as in the C library. */
    private static long readInteger(byte[] data, int pos, int size, boolean little, boolean signed) {
        long v = 0;
        for (int i = 0; i < size; i++) {
            int index = little ? pos + size - 1 - i : pos + i;
            v = (v << 8) | (data[index] & 0xff);
        }
        if (signed && size < 8 && (v & (1L << (size * 8 - 1))) != 0) {
            v |= -1L << (size * 8);
        }
        return v;
    }

    private static Varargs unpack(Varargs args) {
        Format f = new Format(args.checkstring(1), "unpack");
        byte[] data = LuaErrors.bytes(args.checkstring(2));
        int pos = args.optint(3, 1);
        if (pos <= 0) {
            throw new LuaError("bad argument #3 to 'unpack' (offset must be 1 or greater)");
        }
        pos--;
        List<LuaValue> results = new ArrayList<>();
        while (f.more()) {
            char opt = f.next();
            int size = f.size(opt);
            pos += f.padding(pos, opt, size);
            if (size > data.length || pos > data.length - size) {
                throw new LuaError("bad argument #2 to 'unpack' (data string too short)");
            }
            switch (opt) {
                case 'b', 'B', 'h', 'H', 'l', 'L', 'T', 'i', 'I' -> {
                    long v = readInteger(data, pos, size, f.little, Character.isLowerCase(opt));
                    double n = Character.isLowerCase(opt) ? v : X86Numbers.unsignedToDouble(v);
                    results.add(LuaValue.valueOf(n));
                }
                case 'x' -> { }
                case 'f' -> results.add(LuaValue.valueOf(Float.intBitsToFloat((int) readInteger(data, pos, 4, f.little, false))));
                case 'd' -> results.add(LuaValue.valueOf(Double.longBitsToDouble(readInteger(data, pos, 8, f.little, false))));
                case 'c' -> {
                    if (size == 0) {
                        if (results.isEmpty() || !results.get(results.size() - 1).isnumber()) {
                            throw new LuaError("format 'c0' needs a previous size");
                        }
                        size = results.remove(results.size() - 1).toint();
                        if (size > data.length || pos > data.length - size) {
                            throw new LuaError("bad argument #2 to 'unpack' (data string too short)");
                        }
                    }
                    results.add(LuaString.valueOf(data, pos, size));
                }
                case 's' -> {
                    int end = pos;
                    while (end < data.length && data[end] != 0) {
                        end++;
                    }
                    if (end >= data.length) {
                        throw new LuaError("unfinished string in data");
                    }
                    results.add(LuaString.valueOf(data, pos, end - pos));
                    size = end - pos + 1;
                }
                default -> f.control(opt);
            }
            pos += size;
        }
        results.add(LuaValue.valueOf(pos + 1));
        return LuaValue.varargsOf(results.toArray(new LuaValue[0]));
    }

    private static Varargs size(Varargs args) {
        Format f = new Format(args.checkstring(1), "size");
        long pos = 0;
        while (f.more()) {
            char opt = f.next();
            int size = f.size(opt);
            pos += f.padding(pos, opt, size);
            if (opt == 's') {
                throw new LuaError("bad argument #1 to 'size' (option 's' has no fixed size)");
            }
            if (opt == 'c' && size == 0) {
                throw new LuaError("bad argument #1 to 'size' (option 'c0' has no fixed size)");
            }
            if (!Character.isLetterOrDigit(opt)) {
                f.control(opt);
            }
            pos += size;
        }
        return LuaValue.valueOf(pos);
    }
}
