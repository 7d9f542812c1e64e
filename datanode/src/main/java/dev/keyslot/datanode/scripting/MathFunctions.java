package dev.keyslot.datanode.scripting;

import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.VarArgFunction;

import java.util.function.DoubleBinaryOperator;

/**
 * math.fmod, math.min and math.max as Lua 5.1's math library computes them, on doubles: fmod is C's (the sign of
 * the dividend, so fmod(-1, 1) is -0), and min and max keep the first argument until a later one compares smaller
 * or larger, so a NaN after the first argument is passed over and max(-0, 0) is -0. luaj's versions use integer
 * remainder and other comparisons. Argument checks come from {@link CheckedFunction}.
 */
final class MathFunctions {
    private MathFunctions() {
    }

    static TwoArgFunction fmod() {
        return new TwoArgFunction() {
            @Override
            public LuaValue call(LuaValue x, LuaValue y) {
                return valueOf(number(x) % number(y));
            }
        };
    }

    static VarArgFunction min() {
        return extreme((candidate, best) -> candidate < best ? candidate : best);
    }

    static VarArgFunction max() {
        return extreme((candidate, best) -> candidate > best ? candidate : best);
    }

    private static VarArgFunction extreme(DoubleBinaryOperator keep) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                double best = number(args.arg(1));
                for (int i = 2; i <= args.narg(); i++) {
                    best = keep.applyAsDouble(number(args.arg(i)), best);
                }
                return valueOf(best);
            }
        };
    }

    private static double number(LuaValue v) {
        return LuaArgs.asNumber(v).todouble();
    }
}
