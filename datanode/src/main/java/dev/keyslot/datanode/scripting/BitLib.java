package dev.keyslot.datanode.scripting;

import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

import java.util.function.IntBinaryOperator;
import java.util.function.IntUnaryOperator;

/**
 * The "bit" library Redis ships (LuaBitOp 1.0): 32-bit operations on numbers, results as signed integers. Arguments
 * are normalised as LuaBitOp does it, by adding 2^52 + 2^51 to the double and keeping the low 32 bits of its
 * representation, so huge values, infinities and NaN come out as LuaBitOp's (inf is 0, 2^63 is 0, 1e10 is
 * 1410065408); band, bor and bxor read their arguments from the last to the first, as LuaBitOp's loop does.
 */
final class BitLib {
    /** 2^52 + 2^51: added to a double, leaves its integer part in the low bits of the representation. */
    private static final double INTEGER_BITS = 6755399441055744.0;
    private static final byte[] LOWER_HEX = "0123456789abcdef".getBytes();
    private static final byte[] UPPER_HEX = "0123456789ABCDEF".getBytes();

    private BitLib() {
    }

    static LuaTable create() {
        ReadOnlyTable t = new ReadOnlyTable();
        t.rawset("tobit", unary("tobit", x -> x));
        t.rawset("bnot", unary("bnot", x -> ~x));
        t.rawset("bswap", unary("bswap", Integer::reverseBytes));
        t.rawset("band", fold("band", (a, b) -> a & b));
        t.rawset("bor", fold("bor", (a, b) -> a | b));
        t.rawset("bxor", fold("bxor", (a, b) -> a ^ b));
        t.rawset("lshift", shift("lshift", (a, n) -> a << n));
        t.rawset("rshift", shift("rshift", (a, n) -> a >>> n));
        t.rawset("arshift", shift("arshift", (a, n) -> a >> n));
        t.rawset("rol", shift("rol", Integer::rotateLeft));
        t.rawset("ror", shift("ror", Integer::rotateRight));
        t.rawset("tohex", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                int b = bits(args, 1, "tohex");
                int n = args.narg() < 2 ? 8 : bits(args, 2, "tohex");
                byte[] digits = LOWER_HEX;
                if (n < 0) {
                    n = -n;
                    digits = UPPER_HEX;
                }
                // -(-2^31) overflows; LuaBitOp as gcc compiles it still takes eight digits.
                n = n < 0 || n > 8 ? 8 : n;
                byte[] hex = new byte[n];
                for (int i = hex.length - 1; i >= 0; i--) {
                    hex[i] = digits[b & 15];
                    b >>>= 4;
                }
                return LuaString.valueOf(hex);
            }
        });
        t.lock(true);
        return t;
    }

    /** LuaBitOp's barg: the argument's low 32 bits, and a type error for one that is not a number (nor reads as one). */
    static int bits(Varargs args, int n, String function) {
        LuaValue number = LuaArgs.asNumber(args.arg(n));
        int b = (int) Double.doubleToRawLongBits((number == null ? 0 : number.todouble()) + INTEGER_BITS);
        if (b == 0 && number == null) {
            throw LuaArgs.typeError(args, n, function, "number");
        }
        return b;
    }

    // The parameters are not called "name": inside the function that would be LibFunction's own field.
    private static VarArgFunction unary(String functionName, IntUnaryOperator op) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return valueOf(op.applyAsInt(bits(args, 1, functionName)));
            }
        };
    }

    private static VarArgFunction fold(String functionName, IntBinaryOperator op) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                int acc = bits(args, 1, functionName);
                for (int i = args.narg(); i > 1; i--) {
                    acc = op.applyAsInt(acc, bits(args, i, functionName));
                }
                return valueOf(acc);
            }
        };
    }

    private static VarArgFunction shift(String functionName, IntBinaryOperator op) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                int b = bits(args, 1, functionName);
                return valueOf(op.applyAsInt(b, bits(args, 2, functionName) & 31));
            }
        };
    }
}
