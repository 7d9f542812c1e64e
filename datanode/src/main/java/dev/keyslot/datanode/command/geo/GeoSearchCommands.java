package dev.keyslot.datanode.command.geo;

import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.Errors;
import dev.keyslot.datanode.command.KeyFinders;
import dev.keyslot.datanode.command.KeySpec;
import dev.keyslot.datanode.command.TypedLookup;
import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.ValueType;
import dev.keyslot.datanode.keyspace.zset.ZSetValue;
import dev.keyslot.datanode.protocol.Reply;
import dev.keyslot.datanode.pubsub.NotifyType;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;

import java.util.List;

/** GEORADIUS, GEORADIUSBYMEMBER (and their _RO forms), GEOSEARCH and GEOSEARCHSTORE. */
public final class GeoSearchCommands implements CommandGroup {
    private static final int BY_COORDS = 1;
    private static final int BY_MEMBER = 1 << 1;
    private static final int NO_STORE = 1 << 2;
    private static final int SEARCH = 1 << 3;
    private static final int SEARCH_STORE = 1 << 4;

    private final Server server;
    private final TypedLookup lookup;

    public GeoSearchCommands(Server server) {
        this.server = server;
        this.lookup = new TypedLookup(server.stats());
    }

    @Override
    public void register(CommandTable t) {
        t.add("georadius", -6, "write denyoom movablekeys", 1, 1, 1, "geo", (c, a) -> search(c, a, 1, BY_COORDS))
                .keySpecs(KeySpec.index(1).flags("RO access"),
                        KeySpec.keyword("STORE", 6).flags("OW update"),
                        KeySpec.keyword("STOREDIST", 6).flags("OW update"))
                .keysFoundBy(KeyFinders::georadius);
        t.add("georadius_ro", -6, "readonly", 1, 1, 1, "geo", (c, a) -> search(c, a, 1, BY_COORDS | NO_STORE))
                .keySpecFlags("RO access");
        t.add("georadiusbymember", -5, "write denyoom movablekeys", 1, 1, 1, "geo",
                (c, a) -> search(c, a, 1, BY_MEMBER))
                .keySpecs(KeySpec.index(1).flags("RO access"),
                        KeySpec.keyword("STORE", 5).flags("OW update"),
                        KeySpec.keyword("STOREDIST", 5).flags("OW update"))
                .keysFoundBy(KeyFinders::georadius);
        t.add("georadiusbymember_ro", -5, "readonly", 1, 1, 1, "geo",
                (c, a) -> search(c, a, 1, BY_MEMBER | NO_STORE)).keySpecFlags("RO access");
        t.add("geosearch", -7, "readonly", 1, 1, 1, "geo", (c, a) -> search(c, a, 1, SEARCH)).keySpecFlags("RO access");
        t.add("geosearchstore", -8, "write denyoom", 1, 2, 1, "geo",
                (c, a) -> search(c, a, 2, SEARCH | SEARCH_STORE))
                .keySpecs(KeySpec.index(1).flags("OW update"), KeySpec.index(2).flags("RO access"));
    }

    /** The options after the fixed arguments, as Redis's georadiusGeneric reads them. */
    private static final class Options {
        byte[] storeKey;
        boolean storeDist;
        boolean withDist;
        boolean withHash;
        boolean withCoord;
        boolean fromMember;
        boolean fromLonLat;
        boolean byRadius;
        boolean byBox;
        GeoResults.Order order = GeoResults.Order.NONE;
        boolean any;
        long count;
    }

    private void search(Client c, byte[][] argv, int srcIdx, int flags) {
        Database db = c.db();
        ZSetValue z = lookup.value(db, argv[srcIdx], ValueType.ZSET);
        GeoShape shape = new GeoShape();
        Options o = new Options();
        int baseArgs;
        if ((flags & BY_COORDS) != 0) {
            baseArgs = 6;
            double[] xy = new double[2];
            GeoArgs.longLat(argv, 2, xy);
            shape.longitude = xy[0];
            shape.latitude = xy[1];
            GeoArgs.radius(argv, 4, shape);
        } else if ((flags & BY_MEMBER) != 0) {
            baseArgs = 5;
            if (z != null) {
                GeoArgs.centreOnMember(z, argv[2], shape);
                GeoArgs.radius(argv, 3, shape);
            }
        } else if ((flags & SEARCH_STORE) != 0) {
            baseArgs = 3;
            o.storeKey = argv[1];
        } else {
            baseArgs = 2;
        }
        parseOptions(argv, baseArgs, flags, z, shape, o);
        if (o.storeKey != null && (o.withDist || o.withHash || o.withCoord)) {
            throw new CommandError("ERR " + ((flags & SEARCH_STORE) != 0 ? "GEOSEARCHSTORE" : "STORE option in GEORADIUS")
                    + " is not compatible with WITHDIST, WITHHASH and WITHCOORD options");
        }
        if ((flags & SEARCH) != 0 && !(o.fromMember || o.fromLonLat)) {
            throw new CommandError("ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for "
                    + Args.str(argv[0]));
        }
        if ((flags & SEARCH) != 0 && !(o.byRadius || o.byBox)) {
            throw new CommandError("ERR exactly one of BYRADIUS and BYBOX can be specified for "
                    + Args.str(argv[0]));
        }
        if (o.any && o.count == 0) {
            throw new CommandError("ERR the ANY argument requires COUNT argument");
        }
        if (z == null) {
            if (o.storeKey != null) {
                deleteStore(db, o.storeKey);
                c.reply().integer(0);
            } else {
                c.reply().emptyArray();
            }
            return;
        }
        if (o.count != 0 && o.order == GeoResults.Order.NONE && !o.any) {
            o.order = GeoResults.Order.ASC;
        }
        List<GeoResults.Point> points = GeoResults.collect(z, shape, o.any ? o.count : 0);
        if (points.isEmpty() && o.storeKey == null) {
            c.reply().emptyArray();
            return;
        }
        int returned = (int) Math.min(points.size(), o.count == 0 ? Long.MAX_VALUE : o.count);
        GeoResults.sort(points, o.order, returned);
        if (o.storeKey == null) {
            reply(c.reply(), points, returned, shape.conversion, o);
        } else {
            store(c, points, returned, shape.conversion, o, (flags & SEARCH) != 0);
        }
    }

    private static void parseOptions(byte[][] argv, int base, int flags, ZSetValue z, GeoShape shape, Options o) {
        boolean search = (flags & SEARCH) != 0;
        boolean storeAllowed = (flags & NO_STORE) == 0 && !search;
        int remaining = argv.length - base;
        for (int i = 0; i < remaining; i++) {
            byte[] arg = argv[base + i];
            if (Args.is(arg, "withdist")) {
                o.withDist = true;
            } else if (Args.is(arg, "withhash")) {
                o.withHash = true;
            } else if (Args.is(arg, "withcoord")) {
                o.withCoord = true;
            } else if (Args.is(arg, "any")) {
                o.any = true;
            } else if (Args.is(arg, "asc")) {
                o.order = GeoResults.Order.ASC;
            } else if (Args.is(arg, "desc")) {
                o.order = GeoResults.Order.DESC;
            } else if (Args.is(arg, "count") && i + 1 < remaining) {
                o.count = Args.toLong(argv[base + i + 1]);
                if (o.count <= 0) {
                    throw new CommandError("ERR COUNT must be > 0");
                }
                i++;
            } else if (Args.is(arg, "store") && i + 1 < remaining && storeAllowed) {
                o.storeKey = argv[base + i + 1];
                o.storeDist = false;
                i++;
            } else if (Args.is(arg, "storedist") && i + 1 < remaining && storeAllowed) {
                o.storeKey = argv[base + i + 1];
                o.storeDist = true;
                i++;
            } else if (Args.is(arg, "storedist") && search && (flags & SEARCH_STORE) != 0) {
                o.storeDist = true;
            } else if (Args.is(arg, "frommember") && i + 1 < remaining && search && !o.fromLonLat) {
                if (z != null) {
                    GeoArgs.centreOnMember(z, argv[base + i + 1], shape);
                }
                o.fromMember = true;
                i++;
            } else if (Args.is(arg, "fromlonlat") && i + 2 < remaining && search && !o.fromMember) {
                double[] xy = new double[2];
                GeoArgs.longLat(argv, base + i + 1, xy);
                shape.longitude = xy[0];
                shape.latitude = xy[1];
                o.fromLonLat = true;
                i += 2;
            } else if (Args.is(arg, "byradius") && i + 2 < remaining && search && !o.byBox) {
                GeoArgs.radius(argv, base + i + 1, shape);
                o.byRadius = true;
                i += 2;
            } else if (Args.is(arg, "bybox") && i + 3 < remaining && search && !o.byRadius) {
                GeoArgs.box(argv, base + i + 1, shape);
                o.byBox = true;
                i += 3;
            } else {
                throw Errors.syntax();
            }
        }
    }

    private static void reply(Reply r, List<GeoResults.Point> points, int returned, double conversion, Options o) {
        int extra = (o.withDist ? 1 : 0) + (o.withCoord ? 1 : 0) + (o.withHash ? 1 : 0);
        r.arrayHeader(returned);
        for (int i = 0; i < returned; i++) {
            GeoResults.Point p = points.get(i);
            if (extra > 0) {
                r.arrayHeader(extra + 1);
            }
            r.bulk(p.member());
            if (o.withDist) {
                GeoReplies.distance(r, p.distance() / conversion);
            }
            if (o.withHash) {
                r.integer((long) p.score());
            }
            if (o.withCoord) {
                r.arrayHeader(2);
                GeoReplies.coordinate(r, p.longitude());
                GeoReplies.coordinate(r, p.latitude());
            }
        }
    }

    private void store(Client c, List<GeoResults.Point> points, int returned, double conversion, Options o,
                       boolean search) {
        Database db = c.db();
        if (returned == 0) {
            deleteStore(db, o.storeKey);
            c.reply().integer(0);
            return;
        }
        ZSetValue result = new ZSetValue(false);
        for (int i = 0; i < returned; i++) {
            GeoResults.Point p = points.get(i);
            result.insert(p.member(), o.storeDist ? p.distance() / conversion : p.score());
        }
        result.compactIfFits(server.config().getLong("zset-max-listpack-entries"),
                server.config().getLong("zset-max-listpack-value"));
        db.set(o.storeKey, result, false);
        server.notifications().notify(NotifyType.ZSET, search ? "geosearchstore" : "georadiusstore", o.storeKey, db);
        server.stats().dirty += returned;
        c.reply().integer(returned);
    }

    private void deleteStore(Database db, byte[] key) {
        if (db.delete(key)) {
            server.notifications().notify(NotifyType.GENERIC, "del", key, db);
            server.stats().dirty++;
        }
    }
}
