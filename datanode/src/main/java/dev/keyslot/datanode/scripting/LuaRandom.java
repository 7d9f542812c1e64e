package dev.keyslot.datanode.scripting;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * math.random and math.randomseed as Redis replaces them: a 48-bit linear congruential generator
 * (rand48) shared by all scripts, so a given seed yields the same sequence on every platform.
 */
final class LuaRandom {
    private static final long MULTIPLIER = 0x5DEECE66DL;
    private static final long MASK = (1L << 48) - 1;
    private static final int MAX = Integer.MAX_VALUE;

    private long state = 0x1234ABCD330EL;

    int next() {
        state = (state * MULTIPLIER + 0xB) & MASK;
        return (int) (state >>> 17);
    }

    void seed(int seed) {
        state = ((long) seed << 16 | 0x330E) & MASK;
    }

    LuaValue randomFunction() {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                double r = (double) (LuaRandom.this.next() % MAX) / MAX;
                switch (args.narg()) {
                    case 0:
                        return LuaValue.valueOf(r);
                    case 1: {
                        int upper = LuaArgs.checkInt(args, 1, "random");
                        if (upper < 1) {
                            throw LuaArgs.argError(1, "random", "interval is empty");
                        }
                        return LuaValue.valueOf(Math.floor(r * upper) + 1);
                    }
                    case 2: {
                        int lower = LuaArgs.checkInt(args, 1, "random");
                        int upper = LuaArgs.checkInt(args, 2, "random");
                        if (lower > upper) {
                            throw LuaArgs.argError(2, "random", "interval is empty");
                        }
                        return LuaValue.valueOf(Math.floor(r * ((double) upper - lower + 1)) + lower);
                    }
                    default:
                        throw new LuaError("wrong number of arguments");
                }
            }
        };
    }

    LuaValue seedFunction() {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                seed(LuaArgs.checkInt(args, 1, "randomseed"));
                return LuaValue.NONE;
            }
        };
    }
}
