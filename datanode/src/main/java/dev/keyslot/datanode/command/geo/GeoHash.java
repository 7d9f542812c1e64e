package dev.keyslot.datanode.command.geo;

/**
 * Redis's geohash arithmetic: latitude and longitude offsets in their ranges, scaled to step bits each and
 * interleaved (latitude in the even bits), 26 steps giving the 52-bit sorted-set score.
 */
final class GeoHash {
    static final int STEP_MAX = 26;
    static final double LAT_MIN = -85.05112878;
    static final double LAT_MAX = 85.05112878;
    static final double LONG_MIN = -180;
    static final double LONG_MAX = 180;
    private static final long EVEN = 0x5555555555555555L;
    private static final long ODD = 0xaaaaaaaaaaaaaaaaL;

    private GeoHash() {
    }

    static boolean validLongLat(double longitude, double latitude) {
        return !(longitude < LONG_MIN || longitude > LONG_MAX || latitude < LAT_MIN || latitude > LAT_MAX);
    }

    /** The step-bit hash of a point in the given ranges (the caller checked the point is in the WGS84 box). */
    static long encode(double longitude, double latitude, int step, double latMin, double latMax) {
        double latOffset = (latitude - latMin) / (latMax - latMin);
        double longOffset = (longitude - LONG_MIN) / (LONG_MAX - LONG_MIN);
        latOffset *= (double) (1L << step);
        longOffset *= (double) (1L << step);
        return interleave(toUint32(latOffset), toUint32(longOffset));
    }

    static long encode(double longitude, double latitude, int step) {
        return encode(longitude, latitude, step, LAT_MIN, LAT_MAX);
    }

    /** The 52-bit score of a point. */
    static long score(double longitude, double latitude) {
        return encode(longitude, latitude, STEP_MAX);
    }

    static long align52(long bits, int step) {
        return bits << (52 - step * 2);
    }

    /** The cell of a hash as {longMin, longMax, latMin, latMax}. */
    static double[] area(long bits, int step) {
        long separated = deinterleave(bits);
        long latCell = separated & 0xffffffffL;
        long longCell = separated >>> 32;
        double latScale = LAT_MAX - LAT_MIN;
        double longScale = LONG_MAX - LONG_MIN;
        double cells = (double) (1L << step);
        return new double[] {
            LONG_MIN + (longCell * 1.0 / cells) * longScale,
            LONG_MIN + ((longCell + 1) * 1.0 / cells) * longScale,
            LAT_MIN + (latCell * 1.0 / cells) * latScale,
            LAT_MIN + ((latCell + 1) * 1.0 / cells) * latScale};
    }

    /** Decodes a score to the centre of its cell, clamped to the WGS84 box: {longitude, latitude}. */
    static double[] decodeScore(double score) {
        double[] a = area(toUint64(score), STEP_MAX);
        double x = Math.max(LONG_MIN, Math.min(LONG_MAX, (a[0] + a[1]) / 2));
        double y = Math.max(LAT_MIN, Math.min(LAT_MAX, (a[2] + a[3]) / 2));
        return new double[] {x, y};
    }

    /** Moves a hash by one cell east (d > 0) or west (d < 0), wrapping inside the step bits. */
    static long moveX(long bits, int step, int d) {
        if (d == 0) {
            return bits;
        }
        long x = bits & ODD;
        long y = bits & EVEN;
        long zz = EVEN >>> (64 - step * 2);
        if (d > 0) {
            x = x + (zz + 1);
        } else {
            x = x | zz;
            x = x - (zz + 1);
        }
        x &= ODD >>> (64 - step * 2);
        return x | y;
    }

    /** Moves a hash by one cell north (d > 0) or south (d < 0). */
    static long moveY(long bits, int step, int d) {
        if (d == 0) {
            return bits;
        }
        long x = bits & ODD;
        long y = bits & EVEN;
        long zz = ODD >>> (64 - step * 2);
        if (d > 0) {
            y = y + (zz + 1);
        } else {
            y = y | zz;
            y = y - (zz + 1);
        }
        y &= EVEN >>> (64 - step * 2);
        return x | y;
    }

    /** C's double to uint32_t conversion for the in-range values used here. */
    private static long toUint32(double d) {
        return ((long) d) & 0xffffffffL;
    }

    /** C's double to uint64_t conversion as x86-64 performs it, for any score a sorted set may hold. */
    private static long toUint64(double d) {
        if (d >= 0x1p63) {
            // Converted as a signed value after subtracting 2^63; out of range that yields 2^63, so 0.
            double rest = d - 0x1p63;
            return rest >= 0x1p63 ? 0 : ((long) rest) ^ Long.MIN_VALUE;
        }
        // Out of range (NaN, below -2^63) the signed conversion yields its "indefinite" value, -2^63.
        return Double.isNaN(d) ? Long.MIN_VALUE : (long) d;
    }

    private static long interleave(long xlo, long ylo) {
        long x = spread(xlo);
        long y = spread(ylo);
        return x | (y << 1);
    }

    private static long spread(long v) {
        v = (v | (v << 16)) & 0x0000FFFF0000FFFFL;
        v = (v | (v << 8)) & 0x00FF00FF00FF00FFL;
        v = (v | (v << 4)) & 0x0F0F0F0F0F0F0F0FL;
        v = (v | (v << 2)) & 0x3333333333333333L;
        v = (v | (v << 1)) & 0x5555555555555555L;
        return v;
    }

    private static long deinterleave(long interleaved) {
        return squeeze(interleaved) | (squeeze(interleaved >>> 1) << 32);
    }

    private static long squeeze(long v) {
        v &= 0x5555555555555555L;
        v = (v | (v >>> 1)) & 0x3333333333333333L;
        v = (v | (v >>> 2)) & 0x0F0F0F0F0F0F0F0FL;
        v = (v | (v >>> 4)) & 0x00FF00FF00FF00FFL;
        v = (v | (v >>> 8)) & 0x0000FFFF0000FFFFL;
        v = (v | (v >>> 16)) & 0x00000000FFFFFFFFL;
        return v;
    }
}
