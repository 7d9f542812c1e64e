package dev.keyslot.datanode.command.geo;

/**
 * Correctly rounded sin, cos and asin (as glibc's are in practice), so distances match Redis to the last
 * bit: Java's own functions may be one ulp off. sin and cos sum their Taylor series in double-double
 * arithmetic; asin refines Java's estimate with one Newton step against that sine. Arguments beyond the
 * series' comfortable range fall back to Java's functions.
 */
final class GeoMath {
    private static final double SERIES_LIMIT = 4.0;
    private static final int MAX_TERMS = 40;

    private GeoMath() {
    }

    static double sin(double x) {
        if (!(Math.abs(x) <= SERIES_LIMIT) || x == 0) {
            return Math.sin(x);
        }
        return series(x, true, null);
    }

    static double cos(double x) {
        if (!(Math.abs(x) <= SERIES_LIMIT)) {
            return Math.cos(x);
        }
        return series(x, false, null);
    }

    static double asin(double x) {
        double y = Math.asin(x);
        double c = Math.cos(y);
        if (!(Math.abs(x) < 1) || c < 1e-8) {
            return y;
        }
        double[] sine = new double[2];
        series(y, true, sine);
        double residual = ((x - sine[0]) - sine[1]) / c;
        return y + residual;
    }

    /**
     * Sums sin (odd) or cos (even) of x in double-double; returns the rounded value and, when out is given,
     * stores the high and low parts there.
     */
    private static double series(double x, boolean odd, double[] out) {
        double x2Hi = x * x;
        double x2Lo = Math.fma(x, x, -x2Hi);
        double termHi = odd ? x : 1;
        double termLo = 0;
        double sumHi = termHi;
        double sumLo = 0;
        for (int k = 1; k <= MAX_TERMS; k++) {
            // term *= x^2
            double p = termHi * x2Hi;
            double e = Math.fma(termHi, x2Hi, -p) + termHi * x2Lo + termLo * x2Hi;
            termHi = p + e;
            termLo = e - (termHi - p);
            // term /= (2k)(2k+1) for sin, (2k-1)(2k) for cos
            double d = odd ? (2.0 * k) * (2.0 * k + 1) : (2.0 * k - 1) * (2.0 * k);
            double q1 = termHi / d;
            double rHi = q1 * d;
            double rLo = Math.fma(q1, d, -rHi);
            double q2 = ((termHi - rHi) - rLo + termLo) / d;
            termHi = q1 + q2;
            termLo = q2 - (termHi - q1);
            // sum -= term or += term, alternating
            double tHi = (k & 1) == 1 ? -termHi : termHi;
            double tLo = (k & 1) == 1 ? -termLo : termLo;
            double s = sumHi + tHi;
            double bb = s - sumHi;
            double err = (sumHi - (s - bb)) + (tHi - bb) + sumLo + tLo;
            sumHi = s + err;
            sumLo = err - (sumHi - s);
            if (Math.abs(termHi) < 1e-36 * Math.abs(sumHi) || termHi == 0) {
                break;
            }
        }
        if (out != null) {
            out[0] = sumHi;
            out[1] = sumLo;
        }
        return sumHi;
    }
}
