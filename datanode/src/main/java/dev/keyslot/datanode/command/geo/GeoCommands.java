package dev.keyslot.datanode.command.geo;

import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.Errors;
import dev.keyslot.datanode.command.TypedLookup;
import dev.keyslot.datanode.keyspace.ValueType;
import dev.keyslot.datanode.keyspace.zset.ZSetValue;
import dev.keyslot.datanode.protocol.Reply;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;
import dev.keyslot.datanode.util.Numbers;

/**
 * GEOADD (a ZADD of 52-bit geohash scores), GEODIST, GEOHASH and GEOPOS over sorted sets; the searches
 * are in {@link GeoSearchCommands}.
 */
public final class GeoCommands implements CommandGroup {
    private static final byte[] ZADD = Args.bytes("zadd");
    private static final char[] BASE32 = "0123456789bcdefghjkmnpqrstuvwxyz".toCharArray();
    private static final int GEOHASH_CHARS = 11;

    private final TypedLookup lookup;
    private CommandTable table;

    public GeoCommands(Server server) {
        this.lookup = new TypedLookup(server.stats());
    }

    @Override
    public void register(CommandTable t) {
        this.table = t;
        t.add("geoadd", -5, "write denyoom", 1, 1, 1, "geo", this::geoadd).keySpecFlags("RW update");
        t.add("geodist", -4, "readonly", 1, 1, 1, "geo", this::geodist).keySpecFlags("RO access");
        t.add("geohash", -2, "readonly", 1, 1, 1, "geo", this::geohash).keySpecFlags("RO access");
        t.add("geopos", -2, "readonly", 1, 1, 1, "geo", this::geopos).keySpecFlags("RO access");
    }

    /** GEOADD key [NX|XX] [CH] lon lat member ...: validated, then run as ZADD with the geohash scores. */
    private void geoadd(Client c, byte[][] argv) {
        int longIdx = 2;
        boolean nx = false;
        boolean xx = false;
        for (; longIdx < argv.length; longIdx++) {
            if (Args.is(argv[longIdx], "nx")) {
                nx = true;
            } else if (Args.is(argv[longIdx], "xx")) {
                xx = true;
            } else if (!Args.is(argv[longIdx], "ch")) {
                break;
            }
        }
        if ((argv.length - longIdx) % 3 != 0 || (xx && nx)) {
            throw Errors.syntax();
        }
        int elements = (argv.length - longIdx) / 3;
        byte[][] zadd = new byte[longIdx + elements * 2][];
        zadd[0] = ZADD;
        System.arraycopy(argv, 1, zadd, 1, longIdx - 1);
        double[] xy = new double[2];
        for (int i = 0; i < elements; i++) {
            int at = longIdx + i * 3;
            GeoArgs.longLat(argv, at, xy);
            zadd[longIdx + i * 2] = Numbers.toBytes(GeoHash.score(xy[0], xy[1]));
            zadd[longIdx + i * 2 + 1] = argv[at + 2];
        }
        table.get("zadd").handler().execute(c, zadd);
    }

    private void geodist(Client c, byte[][] argv) {
        double toMeters = 1;
        if (argv.length == 5) {
            toMeters = GeoArgs.unit(argv[4]);
        } else if (argv.length > 5) {
            throw Errors.syntax();
        }
        ZSetValue z = lookup.value(c.db(), argv[1], ValueType.ZSET);
        double[] a = z == null ? null : GeoArgs.position(z, argv[2]);
        double[] b = a == null ? null : GeoArgs.position(z, argv[3]);
        if (b == null) {
            c.reply().nullBulk();
            return;
        }
        GeoReplies.distance(c.reply(), GeoDistance.distance(a[0], a[1], b[0], b[1]) / toMeters);
    }

    private void geohash(Client c, byte[][] argv) {
        ZSetValue z = lookup.value(c.db(), argv[1], ValueType.ZSET);
        Reply r = c.reply();
        r.arrayHeader(argv.length - 2);
        for (int j = 2; j < argv.length; j++) {
            double[] xy = z == null ? null : GeoArgs.position(z, argv[j]);
            if (xy == null) {
                r.nullBulk();
                continue;
            }
            long bits = GeoHash.encode(xy[0], xy[1], GeoHash.STEP_MAX, -90, 90);
            byte[] text = new byte[GEOHASH_CHARS];
            for (int i = 0; i < GEOHASH_CHARS; i++) {
                int idx = i == GEOHASH_CHARS - 1 ? 0 : (int) ((bits >>> (52 - (i + 1) * 5)) & 0x1f);
                text[i] = (byte) BASE32[idx];
            }
            r.bulk(text);
        }
    }

    private void geopos(Client c, byte[][] argv) {
        ZSetValue z = lookup.value(c.db(), argv[1], ValueType.ZSET);
        Reply r = c.reply();
        r.arrayHeader(argv.length - 2);
        for (int j = 2; j < argv.length; j++) {
            double[] xy = z == null ? null : GeoArgs.position(z, argv[j]);
            if (xy == null) {
                r.nullArray();
                continue;
            }
            r.arrayHeader(2);
            GeoReplies.coordinate(r, xy[0]);
            GeoReplies.coordinate(r, xy[1]);
        }
    }
}
