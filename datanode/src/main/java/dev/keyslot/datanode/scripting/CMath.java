package dev.keyslot.datanode.scripting;

/**
 * C's pow where Java's Math.pow answers differently: C99 makes pow(1, y) 1 for every y, NaN included, and pow(-1, ±inf)
 * 1, where Java gives NaN, so Redis's 1 ^ (1/0) is 1; and glibc's pow of a NaN to an odd integer power is that NaN
 * without its sign (so (0/0)^1 prints nan), where Java keeps the sign. Lua's ^ and math.pow both come here: the build step
 * (src/build/java/LuajPatches.java) makes JseMathLib's pow call {@link #pow}.
 */
public final class CMath {
    private CMath() {
    }

    public static double pow(double x, double y) {
        if (x == 1 || (x == -1 && Double.isInfinite(y))) {
            return 1;
        }
        if (Double.isNaN(x) && isOddInteger(y)) {
            return Double.longBitsToDouble(Double.doubleToRawLongBits(x) & Long.MAX_VALUE);
        }
        return Math.pow(x, y);
    }

    private static boolean isOddInteger(double y) {
        return Math.abs(y) < 0x1p53 && y == Math.rint(y) && Math.rint(y / 2) != y / 2;
    }
}
