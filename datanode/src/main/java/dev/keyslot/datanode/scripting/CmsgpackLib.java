package dev.keyslot.datanode.scripting;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The "cmsgpack" library Redis ships (lua-cmsgpack 0.4.0 on Lua 5.1): pack, unpack, unpack_one and
 * unpack_limit. Its quirks are kept because scripts rely on the exact bytes: numbers that are whole and fit
 * a 64-bit integer pack as the smallest integer type, others as a float when no precision is lost, else a
 * double; tables with keys exactly 1..n pack as arrays, others as maps (in luaj's iteration order);
 * tables nested 16 deep pack as nil; unsupported types pack as nil; uint 64 values unpack as signed.
 */
final class CmsgpackLib {
    private static final int MAX_NESTING = 16;
    /** C Lua 5.1 refuses to grow a C function's stack beyond this many values (LUAI_MAXCSTACK). */
    private static final int MAX_STACK = 8000;
    private static final String TOO_MANY_VALUES =
            "stack overflow (too many return values at once; use unpack_one or unpack_limit instead.)";
    private static final double TWO_TO_63 = 0x1p63;

    private CmsgpackLib() {
    }

    static LuaTable create() {
        ReadOnlyTable t = new ReadOnlyTable();
        t.rawset("pack", RedisApi.fn(CmsgpackLib::pack));
        t.rawset("unpack", RedisApi.fn(args -> unpack(checkString(args, 1, "unpack"), 0, 0)));
        t.rawset("unpack_one", RedisApi.fn(args -> unpack(checkString(args, 1, "unpack_one"), 1,
                optInteger(args, 2, "unpack_one"))));
        t.rawset("unpack_limit", RedisApi.fn(args -> unpack(checkString(args, 1, "unpack_limit"),
                checkInteger(args, 2, "unpack_limit"), optInteger(args, 3, "unpack_limit"))));
        t.rawset("_NAME", LuaValue.valueOf("cmsgpack"));
        t.rawset("_VERSION", LuaValue.valueOf("lua-cmsgpack 0.4.0"));
        t.rawset("_COPYRIGHT", LuaValue.valueOf("Copyright (C) 2012, Salvatore Sanfilippo"));
        t.rawset("_DESCRIPTION", LuaValue.valueOf("MessagePack C implementation for Lua"));
        t.lock(true);
        return t;
    }

    /** luaL_checklstring: a string, or a number converted to one. */
    private static LuaString checkString(Varargs args, int index, String function) {
        LuaValue v = args.arg(index);
        if (!v.isstring()) {
            throw badArgument(args, index, function, "string");
        }
        return v.checkstring();
    }

    /** luaL_checkinteger: a number (or numeric string), truncated toward zero. */
    private static long checkInteger(Varargs args, int index, String function) {
        LuaValue number = args.arg(index).tonumber();
        if (number.isnil()) {
            throw badArgument(args, index, function, "number");
        }
        return (long) number.todouble();
    }

    private static long optInteger(Varargs args, int index, String function) {
        return args.isnoneornil(index) ? 0 : checkInteger(args, index, function);
    }

    /** Lua 5.1's argument type error, which says "no value" for a missing argument. */
    private static LuaError badArgument(Varargs args, int index, String function, String expected) {
        String got = index > args.narg() ? "no value" : args.arg(index).typename();
        return new LuaError("bad argument #" + index + " to '" + function + "' (" + expected + " expected, got "
                + got + ")");
    }

    private static Varargs pack(Varargs args) {
        if (args.narg() == 0) {
            throw new LuaError("bad argument #0 to 'pack' (MessagePack pack needs input.)");
        }
        // Lua 5.1 makes room for as many values again as there are arguments, within the C stack limit.
        if (2 * args.narg() > MAX_STACK) {
            throw new LuaError("bad argument #0 to 'pack' (Too many arguments for MessagePack pack.)");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 1; i <= args.narg(); i++) {
            encode(args.arg(i), out, 0);
        }
        return LuaValue.valueOf(out.toByteArray());
    }

    private static void encode(LuaValue v, ByteArrayOutputStream out, int level) {
        switch (v.type()) {
            case LuaValue.TSTRING -> bytes(LuaErrors.bytes(v.checkstring()), out);
            case LuaValue.TBOOLEAN -> out.write(v.toboolean() ? 0xc3 : 0xc2);
            case LuaValue.TNUMBER -> number(v.todouble(), out);
            case LuaValue.TTABLE -> {
                if (level == MAX_NESTING) {
                    out.write(0xc0);
                } else {
                    table((LuaTable) v, out, level);
                }
            }
            default -> out.write(0xc0);
        }
    }

    private static void bytes(byte[] s, ByteArrayOutputStream out) {
        int len = s.length;
        if (len < 32) {
            out.write(0xa0 | len);
        } else if (len <= 0xff) {
            out.write(0xd9);
            out.write(len);
        } else if (len <= 0xffff) {
            out.write(0xda);
            bigEndian(len, 2, out);
        } else {
            out.write(0xdb);
            bigEndian(len, 4, out);
        }
        out.writeBytes(s);
    }

    private static void number(double n, ByteArrayOutputStream out) {
        // Whole numbers in int64 range pack as integers; 2^63 itself does not fit (C's cast overflows).
        if (n == (double) (long) n && n != TWO_TO_63) {
            integer((long) n, out);
            return;
        }
        float f = (float) n;
        if (n == (double) f) {
            out.write(0xca);
            bigEndian(Float.floatToRawIntBits(f), 4, out);
        } else {
            out.write(0xcb);
            bigEndian(Double.doubleToRawLongBits(n), 8, out);
        }
    }

    private static void integer(long n, ByteArrayOutputStream out) {
        if (n >= 0) {
            if (n <= 127) {
                out.write((int) n);
            } else if (n <= 0xff) {
                out.write(0xcc);
                out.write((int) n);
            } else if (n <= 0xffff) {
                out.write(0xcd);
                bigEndian(n, 2, out);
            } else if (n <= 0xffffffffL) {
                out.write(0xce);
                bigEndian(n, 4, out);
            } else {
                out.write(0xcf);
                bigEndian(n, 8, out);
            }
        } else if (n >= -32) {
            out.write((int) n & 0xff);
        } else if (n >= -128) {
            out.write(0xd0);
            out.write((int) n & 0xff);
        } else if (n >= -32768) {
            out.write(0xd1);
            bigEndian(n, 2, out);
        } else if (n >= Integer.MIN_VALUE) {
            out.write(0xd2);
            bigEndian(n, 4, out);
        } else {
            out.write(0xd3);
            bigEndian(n, 8, out);
        }
    }

    private static void bigEndian(long value, int size, ByteArrayOutputStream out) {
        for (int shift = (size - 1) * 8; shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift) & 0xff);
        }
    }

    private static void table(LuaTable t, ByteArrayOutputStream out, int level) {
        if (isArray(t)) {
            int len = t.length();
            header(len, 0x90, 0xdc, 0xdd, out);
            for (int j = 1; j <= len; j++) {
                encode(t.get(j), out, level + 1);
            }
            return;
        }
        int count = 0;
        for (Varargs e = t.next(LuaValue.NIL); !e.arg1().isnil(); e = t.next(e.arg1())) {
            count++;
        }
        header(count, 0x80, 0xde, 0xdf, out);
        for (Varargs e = t.next(LuaValue.NIL); !e.arg1().isnil(); e = t.next(e.arg1())) {
            encode(e.arg1(), out, level + 1);
            encode(e.arg(2), out, level + 1);
        }
    }

    /** Keys exactly 1..n (n may be 0): every key a positive whole number in int range, as many as the largest. */
    private static boolean isArray(LuaTable t) {
        long count = 0;
        long max = 0;
        for (Varargs e = t.next(LuaValue.NIL); !e.arg1().isnil(); e = t.next(e.arg1())) {
            LuaValue key = e.arg1();
            if (key.type() != LuaValue.TNUMBER) {
                return false;
            }
            double n = key.todouble();
            if (n <= 0 || n != (double) (int) n) {
                return false;
            }
            max = Math.max(max, (long) n);
            count++;
        }
        return max == count;
    }

    private static void header(int n, int fix, int sixteen, int thirtyTwo, ByteArrayOutputStream out) {
        if (n <= 15) {
            out.write(fix | n);
        } else if (n <= 0xffff) {
            out.write(sixteen);
            bigEndian(n, 2, out);
        } else {
            out.write(thirtyTwo);
            bigEndian(n, 4, out);
        }
    }

    /** Decodes up to limit values from offset; limit and offset both 0 decode everything and omit the offset. */
    private static Varargs unpack(LuaString input, long limit, long offset) {
        byte[] data = LuaErrors.bytes(input);
        boolean all = limit == 0 && offset == 0;
        if (offset < 0 || limit < 0) {
            throw new LuaError("Invalid request to unpack with offset of " + (int) offset + " and limit of "
                    + data.length + ".");
        }
        if (offset > data.length) {
            throw new LuaError("Start offset " + (int) offset + " greater than input length " + data.length + ".");
        }
        long max = all ? Integer.MAX_VALUE : limit;
        Decoder decoder = new Decoder(data, (int) offset);
        List<LuaValue> values = new ArrayList<>();
        while (decoder.pos < data.length && values.size() < max) {
            values.add(decoder.value(1 + values.size()));
        }
        if (!all) {
            values.add(0, LuaValue.valueOf(decoder.pos == data.length ? -1 : decoder.pos));
        }
        return LuaValue.varargsOf(values.toArray(new LuaValue[0]));
    }

    /** A cursor over the input; {@code top} is how many values C Lua would hold on the stack at that point. */
    private static final class Decoder {
        private final byte[] in;
        private int pos;

        Decoder(byte[] in, int pos) {
            this.in = in;
            this.pos = pos;
        }

        LuaValue value(int top) {
            need(1);
            if (top + 1 > MAX_STACK) {
                throw new LuaError(TOO_MANY_VALUES);
            }
            int b = in[pos] & 0xff;
            switch (b) {
                case 0xcc -> {
                    return LuaValue.valueOf(unsigned(1, 1));
                }
                case 0xcd -> {
                    return LuaValue.valueOf(unsigned(1, 2));
                }
                case 0xce -> {
                    return LuaValue.valueOf(unsigned(1, 4));
                }
                case 0xcf -> {
                    return LuaValue.valueOf((double) unsigned(1, 8));
                }
                case 0xd0 -> {
                    return LuaValue.valueOf((byte) unsigned(1, 1));
                }
                case 0xd1 -> {
                    return LuaValue.valueOf((short) unsigned(1, 2));
                }
                case 0xd2 -> {
                    return LuaValue.valueOf((int) unsigned(1, 4));
                }
                case 0xd3 -> {
                    return LuaValue.valueOf((double) unsigned(1, 8));
                }
                case 0xc0 -> {
                    pos++;
                    return LuaValue.NIL;
                }
                case 0xc2, 0xc3 -> {
                    pos++;
                    return LuaValue.valueOf(b == 0xc3);
                }
                case 0xca -> {
                    return LuaValue.valueOf((double) Float.intBitsToFloat((int) unsigned(1, 4)));
                }
                case 0xcb -> {
                    return LuaValue.valueOf(Double.longBitsToDouble(unsigned(1, 8)));
                }
                case 0xd9 -> {
                    return string(2, peekUnsigned(1));
                }
                case 0xda -> {
                    return string(3, peekUnsigned(2));
                }
                case 0xdb -> {
                    return string(5, peekUnsigned(4));
                }
                case 0xdc -> {
                    return array(top, unsigned(1, 2));
                }
                case 0xdd -> {
                    return array(top, unsigned(1, 4));
                }
                case 0xde -> {
                    return map(top, unsigned(1, 2));
                }
                case 0xdf -> {
                    return map(top, unsigned(1, 4));
                }
                default -> {
                    return small(top, b);
                }
            }
        }

        /** The types packed into the first byte: fixnums, fix raw, fix array, fix map. */
        private LuaValue small(int top, int b) {
            if ((b & 0x80) == 0) {
                pos++;
                return LuaValue.valueOf(b);
            }
            if ((b & 0xe0) == 0xe0) {
                pos++;
                return LuaValue.valueOf((byte) b);
            }
            if ((b & 0xe0) == 0xa0) {
                return string(1, b & 0x1f);
            }
            if ((b & 0xf0) == 0x90) {
                pos++;
                return array(top, b & 0xf);
            }
            if ((b & 0xf0) == 0x80) {
                pos++;
                return map(top, b & 0xf);
            }
            throw new LuaError("Bad data format in input.");
        }

        private LuaValue string(int header, long length) {
            need(header + length);
            LuaValue s = LuaValue.valueOf(Arrays.copyOfRange(in, pos + header, pos + header + (int) length));
            pos += header + (int) length;
            return s;
        }

        /** Reads a big-endian unsigned field of size bytes after skip bytes and consumes both. */
        private long unsigned(int skip, int size) {
            long v = peekUnsigned(size);
            pos += skip + size;
            return v;
        }

        private long peekUnsigned(int size) {
            need(1 + size);
            long v = 0;
            for (int i = 1; i <= size; i++) {
                v = (v << 8) | (in[pos + i] & 0xff);
            }
            return v;
        }

        private LuaValue array(int top, long length) {
            LuaTable t = new LuaTable();
            if (top + 2 > MAX_STACK) {
                throw new LuaError(TOO_MANY_VALUES);
            }
            for (long i = 1; i <= length; i++) {
                t.set((int) i, value(top + 2));
            }
            return t;
        }

        private LuaValue map(int top, long length) {
            LuaTable t = new LuaTable();
            for (long i = 0; i < length; i++) {
                LuaValue key = value(top + 1);
                LuaValue value = value(top + 2);
                if (key.isnil()) {
                    throw new LuaError(LuaValue.valueOf("table index is nil"));
                }
                if (key.type() == LuaValue.TNUMBER && Double.isNaN(key.todouble())) {
                    throw new LuaError(LuaValue.valueOf("table index is NaN"));
                }
                t.set(key, value);
            }
            return t;
        }

        private void need(long bytes) {
            if (in.length - pos < bytes) {
                throw new LuaError("Missing bytes in input.");
            }
        }
    }
}
