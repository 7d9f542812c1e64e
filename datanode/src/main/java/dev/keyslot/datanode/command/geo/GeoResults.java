package dev.keyslot.datanode.command.geo;

import dev.keyslot.datanode.keyspace.zset.ScoreRange;
import dev.keyslot.datanode.keyspace.zset.ZSetEntry;
import dev.keyslot.datanode.keyspace.zset.ZSetValue;
import dev.keyslot.datanode.util.PartialQuicksort;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects the members inside a shape, cell by cell in Redis's order, and sorts them by distance. */
final class GeoResults {
    enum Order { NONE, ASC, DESC }

    record Point(byte[] member, double score, double longitude, double latitude, double distance) {
    }

    private GeoResults() {
    }

    /** Members of the shape's nine cells that lie inside it; stops at limit when limit > 0 (ANY). */
    static List<Point> collect(ZSetValue z, GeoShape shape, long limit) {
        GeoSearchAreas areas = new GeoSearchAreas(shape);
        List<Point> out = new ArrayList<>();
        int lastProcessed = 0;
        for (int i = 0; i < areas.bits.length; i++) {
            if (areas.isDropped(i)) {
                continue;
            }
            if (lastProcessed != 0 && areas.bits[i] == areas.bits[lastProcessed]
                    && areas.steps[i] == areas.steps[lastProcessed]) {
                continue;
            }
            if (!out.isEmpty() && limit > 0 && out.size() >= limit) {
                break;
            }
            collectCell(z, areas.bits[i], areas.steps[i], shape, out, limit);
            lastProcessed = i;
        }
        return out;
    }

    /** Members with scores in the cell's range [min, max) that lie inside the shape. */
    private static void collectCell(ZSetValue z, long bits, int step, GeoShape shape, List<Point> out, long limit) {
        double min = GeoHash.align52(bits, step);
        double max = GeoHash.align52(bits + 1, step);
        double[] distance = new double[1];
        for (ZSetEntry n = z.firstInRange(new ScoreRange(min, max, false, true));
                n != null && n.score() < max; n = n.next()) {
            double[] xy = GeoHash.decodeScore(n.score());
            if (shape.contains(xy[0], xy[1], distance)) {
                out.add(new Point(n.member(), n.score(), xy[0], xy[1], distance[0]));
            }
            if (!out.isEmpty() && limit > 0 && out.size() >= limit) {
                break;
            }
        }
    }

    /**
     * Sorts by distance as Redis does: a full sort keeps ties in collection order (glibc's qsort is a merge
     * sort), while wanting only the first returned points uses Redis's partial quicksort and its tie order.
     */
    static void sort(List<Point> points, Order order, int returned) {
        if (order == Order.NONE) {
            return;
        }
        Comparator<Point> byDistance = Comparator.comparingDouble(Point::distance);
        Comparator<Point> comparator = order == Order.ASC ? byDistance : byDistance.reversed();
        if (returned == points.size()) {
            points.sort(comparator);
        } else {
            PartialQuicksort.sort(points, comparator, 0, returned - 1);
        }
    }
}
