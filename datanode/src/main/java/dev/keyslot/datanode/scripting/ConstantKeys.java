package dev.keyslot.datanode.scripting;

import org.luaj.vm2.LuaValue;

/**
 * The key under which the compiler files a constant of a chunk. Lua 5.1 keeps a function's constants in a Lua
 * table, where 0 and -0 are the same key: whichever of the two a chunk mentions first stands for both (so
 * `local x = 0 return tostring(-0)` prints 0 in Redis). luaj files constants in a Hashtable by Java equality,
 * which tells them apart now that -0 is a number of its own; the build step (src/build/java/LuajPatches.java)
 * makes FuncState.addk look constants up through {@link #of}.
 */
public final class ConstantKeys {
    private ConstantKeys() {
    }

    public static Object of(Object constant) {
        if (constant instanceof LuaValue v && v.type() == LuaValue.TNUMBER && v.todouble() == 0) {
            return LuaValue.ZERO;
        }
        return constant;
    }
}
