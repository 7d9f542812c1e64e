package dev.keyslot.datanode.scripting;

import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.VarArgFunction;

import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * math.fmod, math.frexp, math.ldexp, math.min and math.max as Lua 5.1's math library computes them, on doubles: fmod
 * is C's (the sign of the dividend, so fmod(-1, 1) is -0), frexp and ldexp are C's, and min and max keep the first
 * argument until a later one compares smaller or larger, so a NaN after the first argument is passed over and
 * max(-0, 0) is -0. luaj's versions use integer
 * remainder and other comparisons. asin, acos and log10 give glibc's NaN outside their domain. Argument checks come
 * from {@link CheckedFunction}.
 */
final class MathFunctions {
    private MathFunctions() {
    }

    /** asin and acos: glibc answers an argument outside [-1, 1] with the positive NaN, Java with the negative one. */
    static OneArgFunction asin() {
        return unary(x -> Math.abs(x) > 1 ? X86Numbers.POSITIVE_NAN : Math.asin(x));
    }

    static OneArgFunction acos() {
        return unary(x -> Math.abs(x) > 1 ? X86Numbers.POSITIVE_NAN : Math.acos(x));
    }

    /** log10 of a negative number: glibc's positive NaN (its log gives the negative one, as Java's does). */
    static OneArgFunction log10() {
        return unary(x -> x < 0 ? X86Numbers.POSITIVE_NAN : Math.log10(x));
    }

    private static OneArgFunction unary(DoubleUnaryOperator f) {
        return new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue x) {
                return valueOf(f.applyAsDouble(x.checkdouble()));
            }
        };
    }

    static TwoArgFunction fmod() {
        return new TwoArgFunction() {
            @Override
            public LuaValue call(LuaValue x, LuaValue y) {
                return valueOf(number(x) % number(y));
            }
        };
    }

    /** ldexp(x, e) with e cast to a C int as luaL_checkint casts it: through a long long, then truncated. */
    static TwoArgFunction ldexp() {
        return new TwoArgFunction() {
            @Override
            public LuaValue call(LuaValue x, LuaValue e) {
                return valueOf(Math.scalb(number(x), (int) X86Numbers.toLong(number(e))));
            }
        };
    }

    /**
     * frexp(x): m and e with x = m * 2^e and 0.5 <= |m| < 1, as C's frexp; a subnormal x is normalised (luaj gave
     * -1022 for every one), and an infinity or NaN comes back itself with exponent 0 (luaj gave 0.5 and 1025).
     */
    static VarArgFunction frexp() {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                double x = number(args.arg(1));
                if (x == 0 || Double.isNaN(x) || Double.isInfinite(x)) {
                    return varargsOf(valueOf(x), valueOf(0));
                }
                int exponent = Math.getExponent(x);
                if (exponent < Double.MIN_EXPONENT) {
                    exponent = Math.getExponent(x * 0x1p54) - 54;
                }
                exponent++;
                return varargsOf(valueOf(Math.scalb(x, -exponent)), valueOf(exponent));
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
