package dev.keyslot.datanode.scripting;

import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.OneArgFunction;

/**
 * tostring as Lua 5.1's base library has it: __tostring if the value's metatable has one, numbers as "%.14g", and
 * anything without text as its type and address, "table: 0x7f5e2c4a1b40" (luaj printed Java names: "function:
 * CheckedFunction", "function: @user_script:1-3", "java.lang.Object@1b2c3d" for cjson.null). Java has no addresses,
 * so the address is made from the object's identity hash: unique enough to tell live objects apart, as scripts
 * use it. cjson.null is C's NULL pointer, which glibc prints "(nil)".
 */
final class ToStringFunction extends OneArgFunction {
    private static final LuaString TOSTRING = LuaValue.valueOf("__tostring");
    private static final long HEAP_BASE = 0x7f0000000000L;

    @Override
    public LuaValue call(LuaValue v) {
        LuaValue handler = v.metatag(TOSTRING);
        if (!handler.isnil()) {
            return handler.call(v);
        }
        return switch (v.type()) {
            case TNUMBER, TSTRING -> v.tostring();
            case TBOOLEAN, TNIL -> valueOf(v.tojstring());
            default -> valueOf(v.typename() + ": " + address(v));
        };
    }

    private static String address(LuaValue v) {
        if (v == CjsonLib.NULL) {
            return "(nil)";
        }
        return "0x" + Long.toHexString(HEAP_BASE + ((System.identityHashCode(v) & 0xffffffffL) << 4));
    }
}
