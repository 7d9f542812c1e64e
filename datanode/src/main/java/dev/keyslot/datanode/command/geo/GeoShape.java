package dev.keyslot.datanode.command.geo;

/**
 * A search area: a circle of radius, or a box of width and height, around a centre, with the unit's
 * meters-per-unit conversion. Sizes are kept in the request's unit as Redis does.
 */
final class GeoShape {
    double longitude;
    double latitude;
    boolean box;
    double radius;
    double width;
    double height;
    double conversion;

    /**
     * Whether a point is inside; sets distance[0] (meters from the centre) when it is. A box checks the
     * latitude and longitude extents first, like Redis, before the full distance.
     */
    boolean contains(double lon, double lat, double[] distance) {
        if (!box) {
            double d = GeoDistance.distance(longitude, latitude, lon, lat);
            distance[0] = d;
            return !(d > radius * conversion);
        }
        if (GeoDistance.latitudeDistance(lat, latitude) > height * conversion / 2) {
            return false;
        }
        if (GeoDistance.distance(lon, lat, longitude, lat) > width * conversion / 2) {
            return false;
        }
        distance[0] = GeoDistance.distance(longitude, latitude, lon, lat);
        return true;
    }

    /** The radius that bounds the shape, in meters: what decides the geohash precision. */
    double boundingRadiusMeters() {
        double r = box ? Math.sqrt((width / 2) * (width / 2) + (height / 2) * (height / 2)) : radius;
        return r * conversion;
    }

    /** {minLongitude, minLatitude, maxLongitude, maxLatitude} of the shape. */
    double[] boundingBox() {
        double h = conversion * (box ? height / 2 : radius);
        double w = conversion * (box ? width / 2 : radius);
        double latDelta = GeoDistance.toDegrees(h / GeoDistance.EARTH_RADIUS_IN_METERS);
        double longDeltaTop = GeoDistance.toDegrees(w / GeoDistance.EARTH_RADIUS_IN_METERS
                / GeoMath.cos(GeoDistance.toRadians(latitude + latDelta)));
        double longDeltaBottom = GeoDistance.toDegrees(w / GeoDistance.EARTH_RADIUS_IN_METERS
                / GeoMath.cos(GeoDistance.toRadians(latitude - latDelta)));
        double longDelta = latitude < 0 ? longDeltaBottom : longDeltaTop;
        return new double[] {longitude - longDelta, latitude - latDelta, longitude + longDelta,
            latitude + latDelta};
    }
}
