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
     * What {@link #scanned} gives for a string that is no number: a signalling NaN, which strtod never returns (its
     * NaNs are quiet), so a string reading "nan" is still a number.
     */
    private static final long NOT_A_NUMBER_BITS = 0x7ff0_0000_0000_0badL;
    private static final double NOT_A_NUMBER = Double.longBitsToDouble(NOT_A_NUMBER_BITS);

    /**
     * A string's number where Lua converts one (arithmetic, a library function wanting a number), or
     * {@link #NOT_A_NUMBER} when it is none: luaj's own reading (LuaString.scannumber) refused inf and hexadecimal
     * fractions, so a ZSCORE of "inf" plus one failed where Redis gives inf.
     */
    public static double scanned(LuaString s) {
        LuaValue number = parse(LuaErrors.bytes(s));
        return number == null ? NOT_A_NUMBER : number.todouble();
    }

    /**
     * Whether {@link #scanned} found no number. luaj's LuaString took any NaN from its scan for "none", so "nan" + 0
     * failed where Lua 5.1 gives nan; the build step makes those checks call this instead of Double.isNaN.
     */
    public static boolean notANumber(double scanned) {
        return Double.doubleToRawLongBits(scanned) == NOT_A_NUMBER_BITS;
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

    /** glibc's strtod reads "nan" as the positive quiet NaN and "-nan" as its negation. */
    private static double parsedNaN(byte[] b) {
        int sign = 0;
        while (Strtod.isSpace(b[sign])) {
            sign++;
        }
        return b[sign] == '-' ? X86Numbers.DEFAULT_NAN : X86Numbers.POSITIVE_NAN;
    }
}
