package dev.keyslot.datanode.scripting;

/**
 * C's pow where Java's Math.pow answers differently: C99 makes pow(1, y) 1 for every y, NaN included, and pow(-1, ±inf)
 * 1, where Java gives NaN, so Redis's 1 ^ (1/0) is 1. Lua's ^ and math.pow both come here: the build step
 * (src/build/java/LuajPatches.java) makes JseMathLib's pow call {@link #pow}.
 */
public final class CMath {
    private CMath() {
    }

    public static double pow(double x, double y) {
        if (x == 1 || (x == -1 && Double.isInfinite(y))) {
            return 1;
        }
        return Math.pow(x, y);
    }
}
