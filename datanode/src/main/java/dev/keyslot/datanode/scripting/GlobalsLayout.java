package dev.keyslot.datanode.scripting;

import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;

import java.util.List;
import java.util.Set;

/**
 * The global table's keys made in the order Redis makes them, so pairs(_G) meets the globals in Redis's order (a Lua
 * 5.1 table's iteration order follows from its keys' insertion history). The table starts as lua_newstate's (two hash
 * nodes); luaopen_base then sets _G and base_funcs in their C order, _VERSION, ipairs, pairs and newproxy, and the
 * libraries follow in luaLoadLibraries' order, then the redis table. Names Redis's allow list refuses (dofile,
 * loadfile, print, getfenv, setfenv, newproxy) still get a node: luaV_settable makes the key before calling the
 * __newindex handler that leaves it nil. debug is removed last (its value set to nil, its node kept). The sandbox
 * fills in each allowed name's value afterwards; EVAL's error handler, KEYS and ARGV come later, as in Redis.
 */
final class GlobalsLayout {
    private static final List<String> ORDER = List.of("_G", "assert", "collectgarbage", "dofile", "error", "gcinfo",
            "getfenv", "getmetatable", "loadfile", "load", "loadstring", "next", "pcall", "print", "rawequal", "rawget",
            "rawset", "select", "setfenv", "setmetatable", "tonumber", "tostring", "type", "unpack", "xpcall",
            "_VERSION", "ipairs", "pairs", "newproxy", "coroutine", "table", "string", "math", "debug", "cjson", "struct",
            "cmsgpack", "bit", "redis");
    private static final Set<String> REFUSED = Set.of("dofile", "loadfile", "print", "getfenv", "setfenv", "newproxy");
    private static final String REMOVED = "debug";
    /** The value of a global laid out but not yet given its own. */
    private static final LuaValue UNSET = new LuaUserdata(new Object());

    private GlobalsLayout() {
    }

    /** A table with Redis's globals as keys, each allowed one holding a placeholder until the sandbox sets it. */
    static ReadOnlyTable create() {
        ReadOnlyTable globals = new ReadOnlyTable(0, 2);
        for (String name : ORDER) {
            globals.rawset(name, REFUSED.contains(name) ? LuaValue.NIL : UNSET);
        }
        globals.rawset(REMOVED, LuaValue.NIL);
        return globals;
    }

    /** Fails if a laid-out global was never given its value. */
    static void checkComplete(LuaTable globals) {
        for (String name : ORDER) {
            if (globals.rawget(name) == UNSET) {
                throw new IllegalStateException("global " + name + " was never set");
            }
        }
    }
}
