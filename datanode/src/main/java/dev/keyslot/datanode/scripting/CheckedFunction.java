package dev.keyslot.datanode.scripting;

import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * A luaj library function behind Lua 5.1's argument checks (luaL_checktable, luaL_checknumber, luaL_checkany...),
 * so a wrong argument fails with Lua's text, "bad argument #1 to 'ipairs' (table expected, got nil)", where luaj's
 * own check says "bad argument: table expected, got nil". The function itself is luaj's.
 */
final class CheckedFunction extends VarArgFunction {
    enum Check {
        TABLE, NUMBER, ANY, NIL_OR_TABLE, OPTIONAL_FUNCTION, FUNCTION, COROUTINE,
        /** luaL_checklstring: a string or a number. */
        STRING,
        /** luaL_optlstring: absent, nil, a string or a number. */
        OPTIONAL_STRING,
        /** A function written in Lua, not a library function (coroutine.create and wrap). */
        LUA_FUNCTION,
        /** An argument the function checks itself, or not at all. */
        UNCHECKED,
        /** Every argument a number, at least one (math.min, math.max). */
        NUMBERS
    }

    private final String functionName;
    private final LuaValue function;
    private final Check[] checks;
    private final boolean rightToLeft;

    private CheckedFunction(String functionName, LuaValue function, Check[] checks, boolean rightToLeft) {
        this.functionName = functionName;
        this.function = function;
        this.checks = checks;
        this.rightToLeft = rightToLeft;
    }

    /** Puts the checks in front of library[name]. */
    static void wrap(LuaTable library, String name, Check... checks) {
        install(library, name, checks, false);
    }

    /**
     * Puts checks in front of library[name] that run from the last argument to the first: Lua 5.1's two-argument
     * math functions check both arguments inside one C call, atan2(luaL_checknumber(L, 1), luaL_checknumber(L, 2)),
     * whose arguments gcc evaluates right to left, so the second argument's error is the one a script sees.
     */
    static void wrapRightToLeft(LuaTable library, String name, Check... checks) {
        install(library, name, checks, true);
    }

    private static void install(LuaTable library, String name, Check[] checks, boolean rightToLeft) {
        LuaValue function = library.rawget(name);
        if (!function.isfunction()) {
            throw new IllegalStateException("no library function " + name + " to check the arguments of");
        }
        library.rawset(name, new CheckedFunction(name, function, checks, rightToLeft));
    }

    @Override
    public Varargs invoke(Varargs args) {
        for (int k = 0; k < checks.length; k++) {
            int i = rightToLeft ? checks.length - 1 - k : k;
            if (checks[i] == Check.NUMBERS) {
                for (int n = i + 1; n <= Math.max(i + 1, args.narg()); n++) {
                    check(args, n, Check.NUMBER);
                }
            } else {
                check(args, i + 1, checks[i]);
            }
        }
        return function.invoke(args);
    }

    private void check(Varargs args, int n, Check check) {
        LuaValue v = args.arg(n);
        int type = n > args.narg() ? LuaValue.TNONE : v.type();
        switch (check) {
            case TABLE -> {
                if (type != LuaValue.TTABLE) {
                    throw LuaArgs.typeError(args, n, functionName, "table");
                }
            }
            case NUMBER -> {
                if (LuaArgs.asNumber(v) == null) {
                    throw LuaArgs.typeError(args, n, functionName, "number");
                }
            }
            case ANY -> {
                if (type == LuaValue.TNONE) {
                    throw LuaArgs.argError(n, functionName, "value expected");
                }
            }
            case NIL_OR_TABLE -> {
                if (type != LuaValue.TNIL && type != LuaValue.TTABLE) {
                    throw LuaArgs.argError(n, functionName, "nil or table expected");
                }
            }
            case OPTIONAL_FUNCTION -> {
                if (type != LuaValue.TNONE && type != LuaValue.TNIL && type != LuaValue.TFUNCTION) {
                    throw LuaArgs.typeError(args, n, functionName, "function");
                }
            }
            case FUNCTION -> {
                if (type != LuaValue.TFUNCTION) {
                    throw LuaArgs.typeError(args, n, functionName, "function");
                }
            }
            case COROUTINE -> {
                if (type != LuaValue.TTHREAD) {
                    throw LuaArgs.argError(n, functionName, "coroutine expected");
                }
            }
            case STRING -> {
                if (type != LuaValue.TSTRING && type != LuaValue.TNUMBER) {
                    throw LuaArgs.typeError(args, n, functionName, "string");
                }
            }
            case OPTIONAL_STRING -> {
                if (type != LuaValue.TNONE && type != LuaValue.TNIL && type != LuaValue.TSTRING && type != LuaValue.TNUMBER) {
                    throw LuaArgs.typeError(args, n, functionName, "string");
                }
            }
            case LUA_FUNCTION -> {
                if (!(v instanceof LuaClosure)) {
                    throw LuaArgs.argError(n, functionName, "Lua function expected");
                }
            }
            case UNCHECKED -> {
            }
            case NUMBERS -> throw new IllegalStateException("NUMBERS is checked over all arguments");
        }
    }
}
