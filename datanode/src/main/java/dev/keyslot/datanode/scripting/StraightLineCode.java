package dev.keyslot.datanode.scripting;

import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;

import java.util.Set;

/**
 * Recognizes compiled scripts that cannot run long: every jump goes forward (no loop, no backward goto),
 * no function is defined inside, the only upvalue reached is the globals table and only by constant names,
 * and neither load, loadstring nor _G is named, so no other Lua code can come into being. Each of at most
 * {@link #MAX_INSTRUCTIONS} instructions then runs at most once, and the script takes about as long as the
 * commands it calls, like one Redis command: it can never pass busy-reply-threshold in Lua code, so it
 * needs no thread that could detach from it (see ScriptRunner#runHere).
 */
final class StraightLineCode {
    /** A script this long still runs in microseconds apart from its redis.call commands. */
    static final int MAX_INSTRUCTIONS = 1000;
    private static final Set<String> CODE_MAKERS = Set.of("load", "loadstring", "_G");
    private static final LuaString ENV = LuaString.valueOf("_ENV");

    private StraightLineCode() {
    }

    static boolean check(LuaFunction f) {
        return f instanceof LuaClosure closure && check(closure.p);
    }

    private static boolean check(Prototype p) {
        if (p.p.length > 0 || p.code.length > MAX_INSTRUCTIONS) {
            return false;
        }
        for (int i : p.code) {
            int op = (i >>> Lua.POS_OP) & ((1 << Lua.SIZE_OP) - 1);
            switch (op) {
                case Lua.OP_FORLOOP, Lua.OP_FORPREP, Lua.OP_TFORCALL, Lua.OP_TFORLOOP, Lua.OP_CLOSURE,
                        Lua.OP_GETUPVAL, Lua.OP_SETUPVAL -> {
                    return false;
                }
                case Lua.OP_JMP -> {
                    if (((i >>> Lua.POS_Bx) & Lua.MAXARG_Bx) - Lua.MAXARG_sBx < 0) {
                        return false;
                    }
                }
                case Lua.OP_GETTABUP, Lua.OP_SETTABUP -> {
                    int upvalue = op == Lua.OP_GETTABUP ? argB(i) : argA(i);
                    int key = op == Lua.OP_GETTABUP ? argC(i) : argB(i);
                    if (!isEnv(p, upvalue) || !safeConstant(p, key)) {
                        return false;
                    }
                }
                default -> {
                }
            }
        }
        return true;
    }

    private static boolean isEnv(Prototype p, int upvalue) {
        return upvalue < p.upvalues.length && ENV.equals(p.upvalues[upvalue].name);
    }

    /** A constant key (not a register, whose value is only known at run time) other than the code makers. */
    private static boolean safeConstant(Prototype p, int rk) {
        if ((rk & Lua.BITRK) == 0) {
            return false;
        }
        LuaValue key = p.k[rk & ~Lua.BITRK];
        return !(key.isstring() && CODE_MAKERS.contains(key.tojstring()));
    }

    private static int argA(int i) {
        return (i >>> Lua.POS_A) & Lua.MAXARG_A;
    }

    private static int argB(int i) {
        return (i >>> Lua.POS_B) & Lua.MAXARG_B;
    }

    private static int argC(int i) {
        return (i >>> Lua.POS_C) & Lua.MAXARG_C;
    }
}
