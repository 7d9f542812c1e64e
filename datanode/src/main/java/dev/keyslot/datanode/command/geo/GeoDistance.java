package dev.keyslot.datanode.command.geo;

/** Redis's haversine distances on a sphere of the Earth's quadratic mean radius, in meters. */
final class GeoDistance {
    static final double EARTH_RADIUS_IN_METERS = 6372797.560856;
    private static final double D_R = Math.PI / 180.0;

    private GeoDistance() {
    }

    static double toRadians(double degrees) {
        return degrees * D_R;
    }

    static double toDegrees(double radians) {
        return radians / D_R;
    }

    static double latitudeDistance(double lat1, double lat2) {
        return EARTH_RADIUS_IN_METERS * Math.abs(toRadians(lat2) - toRadians(lat1));
    }

    static double distance(double lon1, double lat1, double lon2, double lat2) {
        double lon1r = toRadians(lon1);
        double lon2r = toRadians(lon2);
        double v = GeoMath.sin((lon2r - lon1r) / 2);
        if (v == 0.0) {
            return latitudeDistance(lat1, lat2);
        }
        double lat1r = toRadians(lat1);
        double lat2r = toRadians(lat2);
        double u = GeoMath.sin((lat2r - lat1r) / 2);
        double a = u * u + GeoMath.cos(lat1r) * GeoMath.cos(lat2r) * v * v;
        return 2.0 * EARTH_RADIUS_IN_METERS * GeoMath.asin(Math.sqrt(a));
    }
}
