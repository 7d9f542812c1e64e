package dev.keyslot.datanode.scripting;

/**
 * A table constructor's NEWTABLE instruction holds the sizes of the new table's array and hash parts as Lua's
 * "floating point byte" (eeeeexxx: below 8 the value itself, else (xxx + 8) * 2^(eeeee - 1)), so that a constructor
 * with many fields still fits its operands. luaj hands the encoded operands to the table as they are; Lua 5.1 decodes
 * them, and the sizes decide the table's layout (the order of pairs, the border # finds). The build step
 * (src/build/java/LuajPatches.java) makes LuaClosure decode them here.
 */
public final class TableConstructorSizes {
    private TableConstructorSizes() {
    }

    public static int decode(int floatingPointByte) {
        int exponent = (floatingPointByte >>> 3) & 31;
        return exponent == 0 ? floatingPointByte : ((floatingPointByte & 7) + 8) << (exponent - 1);
    }
}
