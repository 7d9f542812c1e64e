package dev.keyslot.datanode.keyspace.hll;

/** Otmar Ertl's improved raw estimator over the register histogram, as Redis computes it (in doubles). */
final class HllEstimator {
    private static final double ALPHA_INF = 0.721347520444481703680;

    private HllEstimator() {
    }

    static long estimate(int[] histo) {
        double m = HllFormat.REGISTERS;
        double z = m * tau((m - histo[HllFormat.Q + 1]) / m);
        for (int j = HllFormat.Q; j >= 1; --j) {
            z += histo[j];
            z *= 0.5;
        }
        z += m * sigma(histo[0] / m);
        return roundHalfAway(ALPHA_INF * m * m / z);
    }

    private static long roundHalfAway(double x) {
        long truncated = (long) x;
        return x - truncated >= 0.5 ? truncated + 1 : truncated;
    }

    private static double sigma(double x) {
        if (x == 1.0) {
            return Double.POSITIVE_INFINITY;
        }
        double previous;
        double y = 1;
        double z = x;
        do {
            x *= x;
            previous = z;
            z += x * y;
            y += y;
        } while (previous != z);
        return z;
    }

    private static double tau(double x) {
        if (x == 0.0 || x == 1.0) {
            return 0.0;
        }
        double previous;
        double y = 1.0;
        double z = 1 - x;
        do {
            x = Math.sqrt(x);
            previous = z;
            y *= 0.5;
            double d = 1 - x;
            z -= d * d * y;
        } while (previous != z);
        return z / 3;
    }
}
