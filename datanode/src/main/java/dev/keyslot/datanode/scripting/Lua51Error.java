package dev.keyslot.datanode.scripting;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;

/**
 * An error our library code raises already in Lua 5.1's words and without a position, as Lua raises errors from
 * inside C functions: {@link LuaErrors} passes its message on unchanged.
 */
final class Lua51Error extends LuaError {
    Lua51Error(String message) {
        super(LuaValue.valueOf(message));
    }
}
