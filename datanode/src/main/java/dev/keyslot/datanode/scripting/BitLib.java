package dev.keyslot.datanode.scripting;

import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.VarArgFunction;

/** The "bit" library Redis ships (LuaBitOp): 32-bit operations on numbers, results as signed integers. */
final class BitLib {
    private BitLib() {
    }

    /** LuaBitOp's normalization: round to nearest, keep the low 32 bits. */
    static int toBit(LuaValue v) {
        double d = v.checkdouble();
        return (int) (long) Math.rint(d);
    }

    private interface IntOp {
        int apply(int a, int b);
    }

    static LuaTable create() {
        ReadOnlyTable t = new ReadOnlyTable();
        t.rawset("tobit", unary(x -> x));
        t.rawset("bnot", unary(x -> ~x));
        t.rawset("bswap", unary(Integer::reverseBytes));
        t.rawset("band", fold((a, b) -> a & b));
        t.rawset("bor", fold((a, b) -> a | b));
        t.rawset("bxor", fold((a, b) -> a ^ b));
        t.rawset("lshift", shift((a, n) -> a << n));
        t.rawset("rshift", shift((a, n) -> a >>> n));
        t.rawset("arshift", shift((a, n) -> a >> n));
        t.rawset("rol", shift(Integer::rotateLeft));
        t.rawset("ror", shift(Integer::rotateRight));
        t.rawset("tohex", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                int x = toBit(args.arg1());
                int n = args.isnoneornil(2) ? 8 : toBit(args.arg(2));
                boolean upper = n < 0;
                n = Math.min(Math.abs(n), 8);
                String hex = String.format(upper ? "%08X" : "%08x", x);
                return LuaValue.valueOf(hex.substring(8 - n));
            }
        });
        t.lock(true);
        return t;
    }

    private static LuaValue unary(java.util.function.IntUnaryOperator op) {
        return new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue x) {
                return LuaValue.valueOf(op.applyAsInt(toBit(x)));
            }
        };
    }

    private static LuaValue fold(IntOp op) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                int acc = toBit(args.arg1());
                for (int i = 2; i <= args.narg(); i++) {
                    acc = op.apply(acc, toBit(args.arg(i)));
                }
                return LuaValue.valueOf(acc);
            }
        };
    }

    private static LuaValue shift(IntOp op) {
        return new TwoArgFunction() {
            @Override
            public LuaValue call(LuaValue x, LuaValue n) {
                return LuaValue.valueOf(op.apply(toBit(x), toBit(n) & 31));
            }
        };
    }
}
