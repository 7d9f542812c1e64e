package dev.keyslot.datanode.scripting;

import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.TailcallVarargs;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.LibFunction;
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.ThreeArgFunction;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.VarArgFunction;
import org.luaj.vm2.lib.ZeroArgFunction;

import java.util.Set;

/**
 * Argument checks of library functions worded as Lua 5.1's auxiliary library words them: "bad argument #2 to
 * 'find' (string expected, got no value)" where luaj says "bad argument: string expected, got nil". C Lua names the
 * function after the expression the calling Lua code used; a function called by another C function (pcall) is '?'.
 * luaj does not record how a function was called, so the name is the library's when the caller is Lua code and '?'
 * otherwise; a method call (s:rep(x)) is still counted and named as a plain call.
 */
final class LuaArgs {
    /** luaj's dispatch between a call site and a function's invoke. */
    private static final Set<Class<?>> DISPATCH = Set.of(LuaValue.class, LuaFunction.class, LibFunction.class,
            VarArgFunction.class, ZeroArgFunction.class, OneArgFunction.class, TwoArgFunction.class,
            ThreeArgFunction.class, Varargs.class);
    private static final StackWalker STACK = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private LuaArgs() {
    }

    /** luaL_checklstring: a string, or a number turned into its text. */
    static LuaString checkString(Varargs args, int n, String function) {
        LuaValue v = args.arg(n);
        if (v.type() != LuaValue.TSTRING && v.type() != LuaValue.TNUMBER) {
            throw typeError(args, n, function, "string");
        }
        return v.checkstring();
    }

    /** luaL_checkinteger: a number, or a string Lua reads as one, cast to an integer as C casts it. */
    static long checkInteger(Varargs args, int n, String function) {
        LuaValue number = asNumber(args.arg(n));
        if (number == null) {
            throw typeError(args, n, function, "number");
        }
        return X86Numbers.toLong(number.todouble());
    }

    /** lua_isnumber's view of v: the number itself, the number a string reads as, or null. */
    static LuaValue asNumber(LuaValue v) {
        if (v.type() == LuaValue.TNUMBER) {
            return v;
        }
        return v.type() == LuaValue.TSTRING ? LuaNumerals.parse(LuaErrors.bytes(v.checkstring())) : null;
    }

    /** luaL_optinteger: the default when the argument is nil or absent. */
    static long optInteger(Varargs args, int n, long absent, String function) {
        return args.arg(n).isnil() ? absent : checkInteger(args, n, function);
    }

    /** luaL_checkint: luaL_checkinteger truncated to a C int. */
    static int checkInt(Varargs args, int n, String function) {
        return (int) checkInteger(args, n, function);
    }

    static LuaError typeError(Varargs args, int n, String function, String expected) {
        String got = n > args.narg() ? "no value" : args.arg(n).typename();
        return argError(n, function, expected + " expected, got " + got);
    }

    static LuaError argError(int n, String function, String message) {
        return new ArgumentError(n, calledName(function), message);
    }

    /**
     * The function's name when Lua code called it, '?' when a library function (pcall, gsub, ...) did: the frame
     * below the function's invoke, past luaj's dispatch, is the caller.
     */
    private static String calledName(String function) {
        Class<?> caller = STACK.walk(frames -> frames
                .dropWhile(f -> !(isOurs(f.getDeclaringClass()) && f.getMethodName().equals("invoke")))
                .skip(1)
                .map(StackWalker.StackFrame::getDeclaringClass)
                .dropWhile(DISPATCH::contains)
                .findFirst()
                .orElse(null));
        return caller == LuaClosure.class || caller == TailcallVarargs.class ? function : "?";
    }

    private static boolean isOurs(Class<?> c) {
        return c.getPackageName().equals(LuaArgs.class.getPackageName());
    }
}
