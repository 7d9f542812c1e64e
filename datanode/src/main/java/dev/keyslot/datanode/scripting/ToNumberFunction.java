package dev.keyslot.datanode.scripting;

import dev.keyslot.datanode.util.Strtod;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * tonumber(e [, base]) as Lua 5.1's base library has it. In base 10 a number is itself and a string is read as C's
 * strtod reads it ({@link LuaNumerals}). In any other base the argument must be a string (or a number, as its text)
 * read by C's strtoul: white space and a sign first, "0x" allowed in base 16, a value past 2^64 - 1 saturating, a
 * negative one wrapping around (tonumber('-1', 16) is 1.844674407371e+19), the text ending at a NUL byte, and white
 * space only after the digits. The argument errors are Lua's, base first ("bad argument #2 to 'tonumber' (base out of
 * range)"); luaj read signs and prefixes differently and said "bad argument #2: base out of range".
 */
final class ToNumberFunction extends VarArgFunction {
    private static final String NAME = "tonumber";

    @Override
    public Varargs invoke(Varargs args) {
        long base = args.arg(2).isnil() ? 10 : (int) LuaArgs.checkInteger(args, 2, NAME);
        if (base == 10) {
            if (args.narg() == 0) {
                throw LuaArgs.argError(1, NAME, "value expected");
            }
            LuaValue number = LuaArgs.asNumber(args.arg1());
            return number == null ? NIL : number;
        }
        LuaString text = LuaArgs.checkString(args, 1, NAME);
        if (base < 2 || base > 36) {
            throw LuaArgs.argError(2, NAME, "base out of range");
        }
        return unsignedInBase(LuaErrors.bytes(text), (int) base);
    }

    /** strtoul over the C string in b, then nothing but white space; nil when that is not the whole text. */
    private static LuaValue unsignedInBase(byte[] b, int base) {
        int end = 0;
        while (end < b.length && b[end] != 0) {
            end++;
        }
        int i = 0;
        while (i < end && Strtod.isSpace(b[i])) {
            i++;
        }
        boolean negative = i < end && b[i] == '-';
        if (i < end && (b[i] == '-' || b[i] == '+')) {
            i++;
        }
        if (base == 16 && i + 2 < end && b[i] == '0' && (b[i + 1] | 0x20) == 'x' && digit(b[i + 2]) < 16) {
            i += 2;
        }
        int firstDigit = i;
        long value = 0;
        boolean overflow = false;
        for (int d; i < end && (d = digit(b[i])) < base; i++) {
            long next = value * base + d;
            if (Long.compareUnsigned(value, Long.divideUnsigned(-1L - d, base)) > 0) {
                overflow = true;
            }
            value = next;
        }
        if (i == firstDigit) {
            return NIL;
        }
        while (i < end && Strtod.isSpace(b[i])) {
            i++;
        }
        if (i != end) {
            return NIL;
        }
        long result = overflow ? -1L : negative ? -value : value;
        return valueOf(X86Numbers.unsignedToDouble(result));
    }

    private static int digit(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        int lower = c | 0x20;
        return lower >= 'a' && lower <= 'z' ? lower - 'a' + 10 : Integer.MAX_VALUE;
    }
}
