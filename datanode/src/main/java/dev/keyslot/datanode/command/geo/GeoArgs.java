package dev.keyslot.datanode.command.geo;

import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.keyspace.zset.ZSetEntry;
import dev.keyslot.datanode.keyspace.zset.ZSetValue;

/** Parsing shared by the geo commands, with Redis's error texts. */
final class GeoArgs {
    static final String UNKNOWN_MEMBER = "ERR could not decode requested zset member";

    private GeoArgs() {
    }

    /** A longitude,latitude pair at argv[at], argv[at + 1], validated against the WGS84 limits. */
    static void longLat(byte[][] argv, int at, double[] xy) {
        xy[0] = Args.toDouble(argv[at]);
        xy[1] = Args.toDouble(argv[at + 1]);
        if (!GeoHash.validLongLat(xy[0], xy[1])) {
            throw new CommandError("ERR invalid longitude,latitude pair " + GeoReplies.percentF(xy[0]) + ","
                    + GeoReplies.percentF(xy[1]));
        }
    }

    /** Meters per unit. */
    static double unit(byte[] arg) {
        if (Args.is(arg, "m")) {
            return 1;
        } else if (Args.is(arg, "km")) {
            return 1000;
        } else if (Args.is(arg, "ft")) {
            return 0.3048;
        } else if (Args.is(arg, "mi")) {
            return 1609.34;
        }
        throw new CommandError("ERR unsupported unit provided. please use M, KM, FT, MI");
    }

    /** "radius unit" into a circle shape. */
    static void radius(byte[][] argv, int at, GeoShape shape) {
        double r = Args.toDouble(argv[at], "ERR need numeric radius");
        if (r < 0) {
            throw new CommandError("ERR radius cannot be negative");
        }
        shape.radius = r;
        shape.conversion = unit(argv[at + 1]);
        shape.box = false;
    }

    /** "width height unit" into a box shape. */
    static void box(byte[][] argv, int at, GeoShape shape) {
        double w = Args.toDouble(argv[at], "ERR need numeric width");
        double h = Args.toDouble(argv[at + 1], "ERR need numeric height");
        if (h < 0 || w < 0) {
            throw new CommandError("ERR height or width cannot be negative");
        }
        shape.width = w;
        shape.height = h;
        shape.conversion = unit(argv[at + 2]);
        shape.box = true;
    }

    /** The position of a member as {longitude, latitude}, or null when it is not in the set. */
    static double[] position(ZSetValue z, byte[] member) {
        ZSetEntry node = z.find(member);
        return node == null ? null : GeoHash.decodeScore(node.score());
    }

    /** Centres shape on a member; the error Redis gives when it is missing. */
    static void centreOnMember(ZSetValue z, byte[] member, GeoShape shape) {
        double[] xy = position(z, member);
        if (xy == null) {
            throw new CommandError(UNKNOWN_MEMBER);
        }
        shape.longitude = xy[0];
        shape.latitude = xy[1];
    }
}
