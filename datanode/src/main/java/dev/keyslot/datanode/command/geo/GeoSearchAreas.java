package dev.keyslot.datanode.command.geo;

import java.util.Arrays;

/**
 * The nine geohash cells (centre, then N S E W NE NW SE SW) whose score ranges cover a shape, at the
 * precision Redis picks for its size; a cell that cannot hold matches is dropped (step 0).
 */
final class GeoSearchAreas {
    private static final double MERCATOR_MAX = 20037726.37;
    private static final int CENTRE = 0;
    private static final int NORTH = 1;
    private static final int SOUTH = 2;
    private static final int EAST = 3;
    private static final int WEST = 4;
    private static final int NORTH_EAST = 5;
    private static final int NORTH_WEST = 6;
    private static final int SOUTH_EAST = 7;
    private static final int SOUTH_WEST = 8;

    final long[] bits = new long[9];
    final int[] steps = new int[9];

    GeoSearchAreas(GeoShape shape) {
        double[] bounds = shape.boundingBox();
        double minLon = bounds[0];
        double minLat = bounds[1];
        double maxLon = bounds[2];
        double maxLat = bounds[3];
        int step = estimateSteps(shape.boundingRadiusMeters(), shape.latitude);
        cells(shape, step);
        boolean decrease = GeoHash.area(bits[NORTH], step)[3] < maxLat
                || GeoHash.area(bits[SOUTH], step)[2] > minLat
                || GeoHash.area(bits[EAST], step)[1] < maxLon
                || GeoHash.area(bits[WEST], step)[0] > minLon;
        if (step > 1 && decrease) {
            step--;
            cells(shape, step);
        }
        if (step >= 2) {
            double[] area = GeoHash.area(bits[CENTRE], step);
            if (area[2] < minLat) {
                drop(SOUTH, SOUTH_WEST, SOUTH_EAST);
            }
            if (area[3] > maxLat) {
                drop(NORTH, NORTH_EAST, NORTH_WEST);
            }
            if (area[0] < minLon) {
                drop(WEST, SOUTH_WEST, NORTH_WEST);
            }
            if (area[1] > maxLon) {
                drop(EAST, SOUTH_EAST, NORTH_EAST);
            }
        }
    }

    private void cells(GeoShape shape, int step) {
        long hash = GeoHash.encode(shape.longitude, shape.latitude, step);
        bits[CENTRE] = hash;
        bits[NORTH] = GeoHash.moveY(hash, step, 1);
        bits[SOUTH] = GeoHash.moveY(hash, step, -1);
        bits[EAST] = GeoHash.moveX(hash, step, 1);
        bits[WEST] = GeoHash.moveX(hash, step, -1);
        bits[NORTH_EAST] = GeoHash.moveY(GeoHash.moveX(hash, step, 1), step, 1);
        bits[NORTH_WEST] = GeoHash.moveY(GeoHash.moveX(hash, step, -1), step, 1);
        bits[SOUTH_EAST] = GeoHash.moveY(GeoHash.moveX(hash, step, 1), step, -1);
        bits[SOUTH_WEST] = GeoHash.moveY(GeoHash.moveX(hash, step, -1), step, -1);
        Arrays.fill(steps, step);
    }

    private void drop(int a, int b, int c) {
        for (int i : new int[] {a, b, c}) {
            bits[i] = 0;
            steps[i] = 0;
        }
    }

    boolean isDropped(int i) {
        return bits[i] == 0 && steps[i] == 0;
    }

    private static int estimateSteps(double rangeMeters, double latitude) {
        if (rangeMeters == 0) {
            return GeoHash.STEP_MAX;
        }
        int step = 1;
        while (rangeMeters < MERCATOR_MAX) {
            rangeMeters *= 2;
            step++;
        }
        step -= 2;
        if (latitude > 66 || latitude < -66) {
            step--;
            if (latitude > 80 || latitude < -80) {
                step--;
            }
        }
        return Math.max(1, Math.min(GeoHash.STEP_MAX, step));
    }
}
