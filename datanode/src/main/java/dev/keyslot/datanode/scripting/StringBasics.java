package dev.keyslot.datanode.scripting;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

import java.util.function.IntUnaryOperator;

/**
 * string.len, sub, upper, lower, rep, reverse, byte and char as Lua 5.1 has them: its argument errors, its clamping of
 * negative and out-of-range positions, C's integer casts, and upper and lower in the "C" locale. luaj's rep crashed
 * on a negative count and its char accepted only what Java could index.
 */
final class StringBasics {
    /** A string past this would not fit a Java array; C Lua would fail to allocate it. */
    private static final long MAX_LENGTH = Integer.MAX_VALUE - 8;
    /** LUAI_MAXCSTACK: the values a C function may have on the stack, its arguments included. */
    private static final int MAX_C_STACK = 8000;

    private StringBasics() {
    }

    /** posrelat: a negative position counts back from the end; before the start is 0. */
    static long relativePosition(long pos, int length) {
        if (pos < 0) {
            pos += length + 1L;
        }
        return Math.max(pos, 0);
    }

    static VarArgFunction len() {
        return new Named("len") {
            @Override
            public Varargs invoke(Varargs args) {
                return valueOf(checkString(args, 1).m_length);
            }
        };
    }

    static VarArgFunction sub() {
        return new Named("sub") {
            @Override
            public Varargs invoke(Varargs args) {
                LuaString s = checkString(args, 1);
                long start = Math.max(1, relativePosition(checkInteger(args, 2), s.m_length));
                long end = Math.min(s.m_length, relativePosition(LuaArgs.optInteger(args, 3, -1, name), s.m_length));
                return start <= end ? s.substring((int) start - 1, (int) end) : EMPTYSTRING;
            }
        };
    }

    static VarArgFunction reverse() {
        return new Named("reverse") {
            @Override
            public Varargs invoke(Varargs args) {
                LuaString s = checkString(args, 1);
                byte[] out = new byte[s.m_length];
                for (int i = 0; i < out.length; i++) {
                    out[i] = s.m_bytes[s.m_offset + s.m_length - 1 - i];
                }
                return LuaString.valueOf(out);
            }
        };
    }

    static VarArgFunction lower() {
        return byteByByte("lower", CType::toLower);
    }

    static VarArgFunction upper() {
        return byteByByte("upper", CType::toUpper);
    }

    /** A string function that maps each byte on its own (C's tolower/toupper in the "C" locale). */
    private static VarArgFunction byteByByte(String functionName, IntUnaryOperator map) {
        return new Named(functionName) {
            @Override
            public Varargs invoke(Varargs args) {
                LuaString s = checkString(args, 1);
                byte[] out = new byte[s.m_length];
                for (int i = 0; i < out.length; i++) {
                    out[i] = (byte) map.applyAsInt(s.m_bytes[s.m_offset + i] & 0xff);
                }
                return LuaString.valueOf(out);
            }
        };
    }

    static VarArgFunction rep() {
        return new Named("rep") {
            @Override
            public Varargs invoke(Varargs args) {
                LuaString s = checkString(args, 1);
                int n = LuaArgs.checkInt(args, 2, name);
                if (n <= 0 || s.m_length == 0) {
                    return EMPTYSTRING;
                }
                if ((long) s.m_length * n > MAX_LENGTH) {
                    throw new LuaError("not enough memory");
                }
                byte[] out = new byte[s.m_length * n];
                for (int i = 0; i < n; i++) {
                    System.arraycopy(s.m_bytes, s.m_offset, out, i * s.m_length, s.m_length);
                }
                return LuaString.valueOf(out);
            }
        };
    }

    static VarArgFunction byteFunction() {
        return new Named("byte") {
            @Override
            public Varargs invoke(Varargs args) {
                LuaString s = checkString(args, 1);
                long position = relativePosition(LuaArgs.optInteger(args, 2, 1, name), s.m_length);
                long last = Math.min(s.m_length,
                        relativePosition(LuaArgs.optInteger(args, 3, position, name), s.m_length));
                long first = Math.max(1, position);
                if (first > last) {
                    return NONE;
                }
                if (args.narg() + last - first + 1 > MAX_C_STACK) {
                    throw new LuaError("stack overflow (string slice too long)");
                }
                LuaValue[] bytes = new LuaValue[(int) (last - first + 1)];
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = valueOf(s.m_bytes[s.m_offset + (int) first - 1 + i] & 0xff);
                }
                return varargsOf(bytes);
            }
        };
    }

    static VarArgFunction charFunction() {
        return new Named("char") {
            @Override
            public Varargs invoke(Varargs args) {
                byte[] out = new byte[args.narg()];
                for (int i = 1; i <= out.length; i++) {
                    int c = LuaArgs.checkInt(args, i, name);
                    if ((c & 0xff) != c) {
                        throw LuaArgs.argError(i, name, "invalid value");
                    }
                    out[i - 1] = (byte) c;
                }
                return LuaString.valueOf(out);
            }
        };
    }

    /** A library function that knows its name for its argument errors. */
    private abstract static class Named extends VarArgFunction {
        final String name;

        Named(String name) {
            this.name = name;
        }

        LuaString checkString(Varargs args, int n) {
            return LuaArgs.checkString(args, n, name);
        }

        long checkInteger(Varargs args, int n) {
            return LuaArgs.checkInteger(args, n, name);
        }
    }
}
