package dev.keyslot.datanode.scripting;

/**
 * The hash of a Lua string as Redis's Lua computes it: Lua 5.1's shift-add-xor seeded with the length, over every
 * byte from the last to the first (Redis hashes all bytes where stock Lua 5.1 samples at most 32, so crafted keys
 * cannot collide cheaply). A table's hash nodes are chosen by this value, so it decides the order in which pairs,
 * next and cjson.encode meet string keys. luaj's LuaString keeps its own hash in every string; the build step
 * (src/build/java/LuajPatches.java) makes org.luaj.vm2.LuaString.hashCode(byte[], int, int) call {@link #of}.
 */
public final class LuaStringHash {
    private LuaStringHash() {
    }

    public static int of(byte[] bytes, int offset, int length) {
        int h = length;
        for (int i = offset + length - 1; i >= offset; i--) {
            h ^= (h << 5) + (h >>> 2) + (bytes[i] & 0xFF);
        }
        return h;
    }
}
