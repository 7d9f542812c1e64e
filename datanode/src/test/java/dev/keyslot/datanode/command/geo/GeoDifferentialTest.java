package dev.keyslot.datanode.command.geo;

import dev.keyslot.datanode.testing.Differential;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every geo command, option and error against redis-server. */
class GeoDifferentialTest {
    private static final String CITIES = "GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania "
            + "12.758489 38.788135 edge1 17.241510 38.788135 edge2 13.583333 37.316667 Agrigento "
            + "-122.27652 37.805186 Oakland -0.1278 51.5074 London 2.3522 48.8566 Paris 139.6917 35.6895 Tokyo "
            + "-179.9 -85 south 179.99 85.05 north 0 0 origin";

    @RegisterExtension
    static final Differential diff = Differential.perClass();

    @BeforeEach
    void reset() {
        diff.checkAll(CITIES);
    }

    @Test
    void geoaddScoresAndOptions() {
        diff.checkAll("ZRANGE Sicily 0 -1 WITHSCORES", "GEOADD Sicily NX 13.361389 38.115556 Palermo 1 1 new",
                "GEOADD Sicily XX 1 2 Palermo 3 4 other", "GEOADD Sicily CH 5 6 Palermo 7 8 x",
                "GEOADD Sicily XX CH 9 9 Palermo", "GEOADD Sicily NX CH 9 9 Palermo 10 10 y",
                "ZSCORE Sicily Palermo", "ZRANGE Sicily 0 -1 WITHSCORES", "OBJECT ENCODING Sicily",
                "GEOADD g 180 85.05112878 max -180 -85.05112878 min", "ZRANGE g 0 -1 WITHSCORES",
                "GEOPOS g max min", "GEOHASH g max min");
    }

    @Test
    void geoaddErrors() {
        diff.checkAll("GEOADD Sicily NX XX 1 1 a", "GEOADD Sicily 1 1", "GEOADD Sicily 1 1 a 2",
                "GEOADD Sicily CH CH CH", "GEOADD Sicily 181 0 a", "GEOADD Sicily 0 86 a", "GEOADD Sicily -181 0 a",
                "GEOADD Sicily 0 -85.06 a", "GEOADD Sicily abc 0 a", "GEOADD Sicily 0 nan a",
                "GEOADD Sicily inf 0 a", "GEOADD Sicily 1e300 -1e-7 a", "GEOADD Sicily GT 1 1 a",
                "GEOADD Sicily 1 1 a 200 1 b", "ZCARD Sicily", "SET s v", "GEOADD s 1 1 a", "GEOADD k",
                "GEOADD k 1 2");
    }

    @Test
    void pointQueries() {
        diff.checkAll("GEOPOS Sicily Palermo Catania missing Tokyo south north origin", "GEOPOS missing a b",
                "GEOPOS Sicily", "GEOHASH Sicily Palermo Catania missing London Oakland origin south north",
                "GEOHASH missing a", "GEOHASH Sicily", "GEODIST Sicily Palermo Catania",
                "GEODIST Sicily Palermo Catania km", "GEODIST Sicily Palermo Catania MI",
                "GEODIST Sicily Palermo Catania ft", "GEODIST Sicily Palermo Catania m",
                "GEODIST Sicily Palermo Palermo", "GEODIST Sicily Palermo missing", "GEODIST missing a b",
                "GEODIST Sicily London Tokyo km", "GEODIST Sicily south north", "GEODIST Sicily Palermo Catania yd",
                "GEODIST missing a b yd", "GEODIST Sicily a b km extra", "SET s v", "GEODIST s a b",
                "GEOPOS s a", "GEOHASH s a", "ZADD Sicily 9007199254740992 big -5 neg inf infinite",
                "ZADD Sicily -inf neginf 18446744073709551616 huge 9223372036854775808 half",
                "GEOPOS Sicily big neg infinite neginf huge half", "GEOHASH Sicily big neg", "GEODIST Sicily big neg");
    }

    @Test
    void resp3Shapes() {
        diff.redisConnection().call("HELLO", "3");
        diff.nodeConnection().call("HELLO", "3");
        diff.checkAll("GEOPOS Sicily Palermo missing", "GEODIST Sicily Palermo missing",
                "GEORADIUS Sicily 15 37 200 km WITHCOORD WITHDIST WITHHASH ASC",
                "GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX 400 400 km WITHCOORD", "GEORADIUS missing 1 1 1 km");
    }

    @Test
    void georadiusOptions() {
        String[] opts = {"", "WITHDIST", "WITHCOORD", "WITHHASH", "WITHDIST WITHCOORD WITHHASH ASC",
            "DESC", "ASC", "COUNT 1", "COUNT 2 DESC", "COUNT 3 ANY", "COUNT 2 ANY ASC", "COUNT 100",
            "WITHDIST COUNT 1 ASC"};
        for (String o : opts) {
            diff.checkAll("GEORADIUS Sicily 15 37 200 km " + o, "GEORADIUS_RO Sicily 15 37 200000 m " + o,
                    "GEORADIUSBYMEMBER Sicily Palermo 300 km " + o, "GEORADIUSBYMEMBER_RO Sicily Agrigento 100 mi " + o,
                    "GEOSEARCH Sicily FROMMEMBER Palermo BYRADIUS 300 km " + o,
                    "GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX 400 400 km " + o,
                    "GEOSEARCH Sicily FROMLONLAT 0 0 BYRADIUS 10000 km " + o,
                    "GEOSEARCH Sicily FROMLONLAT 0 0 BYBOX 30000 20000 km " + o,
                    "GEORADIUS Sicily 0 0 100000 ft " + o, "GEORADIUS Sicily 179 84 1000 km " + o,
                    "GEORADIUS Sicily -179 -84 1000 km " + o, "GEORADIUS Sicily 0 0 0 m " + o);
        }
    }

    @Test
    void storeOptions() {
        diff.checkAll("GEORADIUS Sicily 15 37 200 km STORE dst", "ZRANGE dst 0 -1 WITHSCORES", "TYPE dst",
                "OBJECT ENCODING dst", "GEORADIUS Sicily 15 37 200 km STOREDIST dst2 COUNT 2 DESC",
                "ZRANGE dst2 0 -1 WITHSCORES", "GEORADIUSBYMEMBER Sicily Palermo 100 mi STORE dst3",
                "ZRANGE dst3 0 -1 WITHSCORES", "GEORADIUSBYMEMBER Sicily Palermo 1 m STOREDIST dst3",
                "ZRANGE dst3 0 -1 WITHSCORES", "SET dst3 x", "EXPIRE dst 100",
                "GEOSEARCHSTORE dst Sicily FROMLONLAT 15 37 BYBOX 400 400 km", "TTL dst",
                "ZRANGE dst 0 -1 WITHSCORES", "GEOSEARCHSTORE dst Sicily FROMLONLAT 15 37 BYBOX 400 400 km STOREDIST",
                "ZRANGE dst 0 -1 WITHSCORES", "GEOSEARCHSTORE dst Sicily FROMMEMBER Catania BYRADIUS 1 m COUNT 1",
                "ZRANGE dst 0 -1 WITHSCORES", "GEOSEARCHSTORE dst missing FROMMEMBER Catania BYRADIUS 1 m",
                "EXISTS dst", "GEOSEARCHSTORE dst Sicily FROMLONLAT 0 0 BYRADIUS 1 m", "EXISTS dst",
                "GEORADIUS missing 1 1 1 km STORE dst2", "EXISTS dst2", "GEORADIUSBYMEMBER missing a 1 km STORE x",
                "GEORADIUS Sicily 15 37 200 km STORE dst WITHDIST",
                "GEOSEARCHSTORE dst Sicily FROMLONLAT 15 37 BYRADIUS 1 km WITHCOORD",
                "GEORADIUS_RO Sicily 15 37 200 km STORE dst", "GEORADIUSBYMEMBER_RO Sicily Palermo 1 km STOREDIST d",
                "GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 1 km STORE d", "GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 1 km STOREDIST",
                "GEOSEARCHSTORE dst Sicily FROMLONLAT 15 37 BYRADIUS 1 km STORE x");
    }

    @Test
    void searchErrors() {
        diff.checkAll("GEORADIUS Sicily 200 0 1 km", "GEORADIUS Sicily 1 1 abc km", "GEORADIUS Sicily 1 1 -1 km",
                "GEORADIUS Sicily 1 1 1 yd", "GEORADIUS Sicily 1 1 1 km COUNT 0", "GEORADIUS Sicily 1 1 1 km COUNT x",
                "GEORADIUS Sicily 1 1 1 km COUNT", "GEORADIUS Sicily 1 1 1 km ANY", "GEORADIUS Sicily 1 1 1 km BOGUS",
                "GEORADIUS Sicily 1 1 1 km STORE", "GEORADIUSBYMEMBER Sicily nobody 1 km",
                "GEORADIUSBYMEMBER Sicily Palermo x km", "GEORADIUSBYMEMBER missing nobody x km",
                "GEORADIUSBYMEMBER missing nobody x km BOGUS", "geosearch Sicily BYRADIUS 1 km",
                "GEOSEARCH Sicily FROMMEMBER Palermo", "GEOSEARCH Sicily FROMMEMBER nobody BYRADIUS 1 km",
                "GEOSEARCH missing FROMMEMBER nobody BYRADIUS 1 km", "GEOSEARCH missing FROMMEMBER nobody BYRADIUS x km",
                "GEOSEARCH Sicily FROMMEMBER Palermo FROMLONLAT 1 1 BYRADIUS 1 km",
                "GEOSEARCH Sicily FROMLONLAT 1 1 FROMMEMBER Palermo BYRADIUS 1 km",
                "GEOSEARCH Sicily FROMLONLAT 1 1 BYRADIUS 1 km BYBOX 1 1 km",
                "GEOSEARCH Sicily FROMLONLAT 1 1 BYBOX 1 1 km BYRADIUS 1 km",
                "GEOSEARCH Sicily FROMLONLAT 1 1 BYBOX -1 1 km", "GEOSEARCH Sicily FROMLONLAT 1 1 BYBOX x 1 km",
                "GEOSEARCH Sicily FROMLONLAT 1 1 BYBOX 1 x km", "GEOSEARCH Sicily FROMLONLAT 1 1 BYBOX 1 1 yd",
                "GEOSEARCH Sicily FROMLONLAT 1 100 BYBOX 1 1 km", "GEOSEARCH Sicily FROMLONLAT 1 1 BYBOX 1 1",
                "GEOSEARCH Sicily FROMLONLAT 1 1 BYRADIUS 1 km ANY", "GEOSEARCH Sicily FROMLONLAT 1 1 BYRADIUS 1 km WITHDIST COUNT -1",
                "GEOSEARCHSTORE d Sicily FROMLONLAT 1 1 BYRADIUS 1 km WITHHASH", "GeoSearchStore d Sicily BYRADIUS 1 km",
                "GEOSEARCHSTORE d Sicily FROMLONLAT 1 1", "SET s v", "GEORADIUS s 1 1 1 km", "GEOSEARCH s FROMLONLAT 1 1 BYRADIUS 1 km",
                "GEOSEARCHSTORE d s FROMLONLAT 1 1 BYRADIUS 1 km", "GEORADIUS Sicily 1 1", "GEOSEARCH Sicily FROMLONLAT 1 1",
                "GEOSEARCHSTORE d Sicily FROMLONLAT 1 1 BYRADIUS", "GEORADIUS missing 200 0 1 km",
                "GEORADIUS Sicily 1 1 inf km COUNT 3");
    }

    /**
     * Equal distances keep collection order under a full sort, as glibc's stable qsort does; COUNT without
     * ANY sorts partially with Redis's quicksort, whose own order among ties is reproduced too.
     */
    @Test
    void tiedDistances() {
        diff.checkAll("GEOADD same 10 10 a 10 10 b 10 10 c 10 10 d 10.001 10 e 10.001 10 f 9.999 10 g",
                "GEORADIUS same 10 10 1 km", "GEORADIUS same 10 10 1 km ASC", "GEORADIUS same 10 10 1 km DESC",
                "GEOSEARCH same FROMMEMBER a BYBOX 1 1 km COUNT 2 ANY", "GEORADIUS same 10 10 1 km COUNT 3",
                "GEORADIUS same 10 10 1 km COUNT 5 DESC");
        StringBuilder add = new StringBuilder("GEOADD many");
        for (int i = 0; i < 90; i++) {
            add.append(' ').append(20 + (i % 6) * 0.001).append(' ').append(30 + (i % 4) * 0.001).append(" m").append(i);
        }
        diff.checkAll(add.toString());
        for (String count : new String[] {"1", "2", "6", "7", "8", "20", "41", "45", "89", "90", "100"}) {
            diff.checkAll("GEOSEARCH many FROMLONLAT 20 30 BYRADIUS 5 km ASC COUNT " + count,
                    "GEOSEARCH many FROMLONLAT 20.002 30.001 BYRADIUS 5 km DESC COUNT " + count + " WITHDIST",
                    "GEORADIUSBYMEMBER many m7 5 km COUNT " + count);
        }
    }

    @Test
    void commandInfoOfSingleKeySpecCommands() {
        diff.checkAll("COMMAND INFO geoadd geodist geohash geopos georadius_ro georadiusbymember_ro geosearch pfadd");
    }
}
