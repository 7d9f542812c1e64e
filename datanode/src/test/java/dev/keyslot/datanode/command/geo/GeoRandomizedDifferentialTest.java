package dev.keyslot.datanode.command.geo;

import dev.keyslot.datanode.testing.Differential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Random points (spread worldwide, or clustered in one small area and near the poles and the antimeridian)
 * and random searches of every shape, unit and option, compared with redis-server.
 */
class GeoRandomizedDifferentialTest {
    private static final String[] UNITS = {"m", "km", "ft", "mi", "KM"};
    private static final String[] OPTIONS = {"", "WITHDIST", "WITHCOORD", "WITHHASH", "ASC", "DESC",
        "WITHDIST WITHHASH WITHCOORD DESC", "COUNT 3", "COUNT 5 DESC", "COUNT 2 ANY", "COUNT 4 ANY ASC WITHDIST"};

    @RegisterExtension
    static final Differential diff = Differential.perClassWithoutReset();

    /**
     * Stored distances are compared to 1e-12 relative: glibc's sin and cos are not correctly rounded,
     * so a distance may differ from Redis's in its last bit (which %.4f replies never show).
     */
    private static void assertScoresClose(String key) {
        String[] a = diff.redisConnection().callString("ZRANGE", key, "0", "-1", "WITHSCORES").split("\r\n");
        String[] b = diff.nodeConnection().callString("ZRANGE", key, "0", "-1", "WITHSCORES").split("\r\n");
        assertEquals(a.length, b.length);
        for (int i = 0; i < a.length; i++) {
            if (a[i].equals(b[i]) || (a[i].startsWith("$") && b[i].startsWith("$"))) {
                continue;
            }
            double x = Double.parseDouble(a[i]);
            double y = Double.parseDouble(b[i]);
            assertTrue(Math.abs(x - y) <= 1e-12 * Math.abs(x), a[i] + " vs " + b[i]);
        }
    }

    private static String num(double d) {
        return String.format(Locale.ROOT, "%.6f", d);
    }

    private static double[] randomPoint(Random rnd, int cluster) {
        return switch (cluster) {
            case 0 -> new double[] {rnd.nextDouble() * 360 - 180, rnd.nextDouble() * 170 - 85};
            case 1 -> new double[] {13 + rnd.nextDouble(), 38 + rnd.nextDouble()};
            case 2 -> new double[] {rnd.nextDouble() * 360 - 180, 80 + rnd.nextDouble() * 5};
            default -> new double[] {179 + rnd.nextDouble(), rnd.nextDouble() * 10 - 5};
        };
    }

    @Test
    void randomPointsAndSearches() {
        Random rnd = new Random(31337);
        long deadline = System.nanoTime() + 30_000_000_000L;
        for (int round = 0; round < 4 && System.nanoTime() < deadline; round++) {
            diff.reset();
            int cluster = round;
            List<String> add = new ArrayList<>(List.of("GEOADD", "pts"));
            for (int i = 0; i < 150; i++) {
                double[] p = randomPoint(rnd, cluster);
                add.add(num(p[0]));
                add.add(num(p[1]));
                add.add("p" + i);
            }
            diff.check(add.toArray(new String[0]));
            diff.check("ZRANGE", "pts", "0", "-1", "WITHSCORES");
            for (int q = 0; q < 60 && System.nanoTime() < deadline; q++) {
                double[] c = randomPoint(rnd, cluster);
                String unit = UNITS[rnd.nextInt(UNITS.length)];
                double size = Math.pow(10, rnd.nextDouble() * 4) * (unit.equalsIgnoreCase("m") ? 1000 : 1);
                String opts = OPTIONS[rnd.nextInt(OPTIONS.length)];
                String member = "p" + rnd.nextInt(150);
                String r = num(size);
                String w = num(size * (0.5 + rnd.nextDouble()));
                diff.checkAll(
                        "GEORADIUS pts " + num(c[0]) + " " + num(c[1]) + " " + r + " " + unit + " " + opts,
                        "GEORADIUSBYMEMBER pts " + member + " " + r + " " + unit + " " + opts,
                        "GEOSEARCH pts FROMLONLAT " + num(c[0]) + " " + num(c[1]) + " BYBOX " + w + " " + r + " "
                                + unit + " " + opts,
                        "GEOSEARCH pts FROMMEMBER " + member + " BYRADIUS " + r + " " + unit + " " + opts,
                        "GEODIST pts " + member + " p" + rnd.nextInt(150) + " " + unit,
                        "GEOPOS pts " + member, "GEOHASH pts " + member);
                diff.checkAll("GEOSEARCHSTORE dst pts FROMLONLAT " + num(c[0]) + " " + num(c[1]) + " BYRADIUS " + r
                        + " " + unit + " STOREDIST", "ZRANGE dst 0 -1",
                        "GEORADIUS pts " + num(c[0]) + " " + num(c[1]) + " " + r + " " + unit + " STORE dst2",
                        "ZRANGE dst2 0 -1 WITHSCORES");
                assertScoresClose("dst");
            }
        }
    }
}
