package dev.keyslot.datanode.scripting;

import dev.keyslot.datanode.util.Numbers;

/**
 * A Lua number as C Lua 5.1 turns it into text wherever a string is expected (tostring, "..", table.concat, string
 * functions given a number): printf's "%.14g", so 1/3 is 0.33333333333333 and 1e15 is 1e+15. A NaN prints as glibc
 * prints it: "-nan" when its sign bit is set (the processor's default NaN, {@link X86Numbers#DEFAULT_NAN}), else
 * "nan". luaj's own text for doubles (Float.toString, whole numbers in full) is replaced at build time:
 * src/build/java/LuajPatches.java makes org.luaj.vm2.LuaDouble.tojstring() call {@link #of}.
 * Whole numbers that fit an int are luaj's LuaInteger, whose decimal text is already what "%.14g" prints.
 */
public final class LuaNumberText {
    private LuaNumberText() {
    }

    public static String of(double d) {
        if (Double.isNaN(d)) {
            return Double.doubleToRawLongBits(d) < 0 ? "-nan" : "nan";
        }
        return Numbers.formatG(d, 14);
    }
}
