package dev.keyslot.datanode.scripting;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * coroutine.yield as Lua 5.1's lua_yield allows it: not from the main thread and not across a call made from C
 * ({@link YieldBoundary}), both refused with the same words and, as an error raised inside a C function, no position.
 */
final class CoroutineYield extends VarArgFunction {
    private static final String REFUSED = "attempt to yield across metamethod/C-call boundary";
    private final Globals globals;
    private final LuaValue yield;

    CoroutineYield(Globals globals, LuaValue yield) {
        this.globals = globals;
        this.yield = yield;
    }

    @Override
    public Varargs invoke(Varargs args) {
        if (globals.running.isMainThread() || YieldBoundary.crossed()) {
            throw new Lua51Error(REFUSED);
        }
        return yield.invoke(args);
    }
}
