package dev.keyslot.datanode.scripting;

import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.util.Set;

/**
 * Where Lua 5.1 refuses a coroutine.yield: when a C function or the interpreter itself (lua_call, not the VM's own
 * call instruction) called any function between the coroutine's body and the yield: pcall and xpcall, a metamethod
 * (__index, __newindex, __add, __eq, __lt, __concat, __unm, __tostring ...), a generic for's iterator, or a
 * library function's callback (table.sort's comparator, string.gsub's replacement, table.foreach). luaj runs each
 * coroutine on a thread of its own and can yield from anywhere, so the yield looks down its thread's stack: only
 * Lua functions calling Lua functions (a call instruction, a tail call, a __call) are allowed in between.
 */
public final class YieldBoundary {
    private static final StackWalker WALKER = StackWalker.getInstance();
    private static final String COROUTINE_ROOT = "org.luaj.vm2.LuaThread$State";
    private static final String YIELD = CoroutineYield.class.getName();
    /** luaj's classes a Lua-to-Lua call passes through. */
    private static final Set<String> LUA_CALLS = Set.of("org.luaj.vm2.LuaClosure", "org.luaj.vm2.TailcallVarargs",
            "org.luaj.vm2.LuaFunction", "org.luaj.vm2.lib.LibFunction", "org.luaj.vm2.lib.VarArgFunction",
            "org.luaj.vm2.lib.ZeroArgFunction", "org.luaj.vm2.lib.OneArgFunction", "org.luaj.vm2.lib.TwoArgFunction",
            "org.luaj.vm2.lib.ThreeArgFunction");

    private YieldBoundary() {
    }

    /**
     * A generic for's call of its iterator (luaj's TFORCALL; the build step, src/build/java/LuajPatches.java, routes
     * it here): a frame of its own on the stack, as Lua 5.1 makes it a C-level call.
     */
    public static Varargs iterate(LuaValue iterator, Varargs state) {
        return iterator.invoke(state);
    }

    /** Whether the running coroutine.yield was reached through anything but Lua-to-Lua calls. */
    static boolean crossed() {
        return WALKER.walk(frames -> frames
                .dropWhile(f -> !f.getClassName().equals(YIELD))
                .skip(1)
                .takeWhile(f -> !f.getClassName().equals(COROUTINE_ROOT))
                .anyMatch(f -> !luaCall(f)));
    }

    private static boolean luaCall(StackWalker.StackFrame f) {
        String type = f.getClassName();
        if (type.equals("org.luaj.vm2.LuaValue")) {
            // call and invoke on a value that is not a function: its __call, which Lua 5.1 calls as a function
            return f.getMethodName().equals("call") || f.getMethodName().equals("invoke");
        }
        return LUA_CALLS.contains(type);
    }
}
