package dev.keyslot.datanode.scripting;

import dev.keyslot.datanode.util.Strtod;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;

import java.nio.charset.StandardCharsets;

/**
 * Text to number as C Lua 5.1 reads it (luaO_str2d), for numerals in source code and for tonumber: C's strtod over
 * the text up to a NUL byte (decimal, hexadecimal with or without a binary exponent, inf, nan), then only white space.
 * luaj refuses part of what strtod accepts and lets a malformed numeral such as "1e" escape as a Java exception; its
 * lexer calls {@link #lexed} instead, and its strings {@link #scanned} (a build step rewires both, see
 * src/build/java/LuajPatches.java).
 */
public final class LuaNumerals {
    private LuaNumerals() {
    }

    /** A numeral the compiler read (luaj's text ends with a NUL), or null when it is malformed. */
    public static LuaValue lexed(String numeral) {
        return parse(numeral.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * A string's number where Lua converts one (arithmetic, a library function wanting a number), or NaN when it
     * is none: luaj's own reading (LuaString.scannumber) refused inf and hexadecimal fractions, so a ZSCORE of
     * "inf" plus one failed where Redis gives inf. (A string reading "nan" is refused, as luaj uses NaN for "none".)
     */
    public static double scanned(LuaString s) {
        LuaValue number = parse(LuaErrors.bytes(s));
        return number == null ? Double.NaN : number.todouble();
    }

    /** The number the text stands for, or null when it is not one. */
    static LuaValue parse(byte[] b) {
        int to = 0;
        while (to < b.length && b[to] != 0) {
            to++;
        }
        int end = Strtod.scan(b, 0, to);
        if (end == 0) {
            return null;
        }
        double number = Strtod.value(b, 0, end);
        if (Double.isNaN(number)) {
            number = parsedNaN(b);
        }
        while (end < to && Strtod.isSpace(b[end])) {
            end++;
        }
        return end == to ? LuaValue.valueOf(number) : null;
    }

    /** strtod's NaN carries the sign written before "nan" ({@link X86Numbers#PARSED_NAN}). */
    private static double parsedNaN(byte[] b) {
        int sign = 0;
        while (Strtod.isSpace(b[sign])) {
            sign++;
        }
        long bits = Double.doubleToRawLongBits(X86Numbers.PARSED_NAN);
        return Double.longBitsToDouble(b[sign] == '-' ? bits | Long.MIN_VALUE : bits);
    }
}
