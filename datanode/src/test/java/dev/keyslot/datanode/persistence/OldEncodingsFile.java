package dev.keyslot.datanode.persistence;

import dev.keyslot.datanode.persistence.rdb.Crc64;
import dev.keyslot.datanode.persistence.rdb.RdbWriter;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds an RDB version 9 file the way Redis 3.2 to 6.2 wrote them, with the encodings 7.0 no longer
 * writes: zipmap and ziplist hashes, ziplist lists and sorted sets, quicklists of ziplists, intsets, and
 * the plain list / set / zset (string scores) / hash forms, plus EXPIRETIME in seconds.
 */
final class OldEncodingsFile {
    private final RdbWriter out = new RdbWriter(false);

    OldEncodingsFile() {
        raw("REDIS0009");
        out.writeByte(0xfa);
        string("redis-ver");
        string("5.0.7");
    }

    static byte[] sample() {
        OldEncodingsFile f = new OldEncodingsFile();
        f.selectDb(0);
        f.key(9, "hash:zipmap").string(zipmap("name", "zm", "n", "1", "long", "x".repeat(300)));
        f.key(13, "hash:ziplist").string(ziplist("f1", "v1", "f2", "12", "f3", "-7000"));
        f.key(10, "list:ziplist").string(ziplist("a", "1", "300", "70000", "5000000000", "-2", "b".repeat(70)));
        f.key(12, "zset:ziplist").string(ziplist("three", "-3", "one", "1", "two", "2.5"));
        f.key(11, "set:intset16").string(intset(2, 1, 2, 300));
        f.key(11, "set:intset64").string(intset(8, -5000000000L, 7, 5000000000L));
        f.key(14, "list:quicklist").length(2).string(ziplist("q1", "q2")).string(ziplist("q3", "42"));
        f.key(1, "list:plain").length(2).string("p1").string("p2");
        f.key(2, "set:plain").length(2).string("s1").string("s2");
        f.key(3, "zset:plain").length(2).string("m1").string("1.5").string("m2").string("inf");
        f.key(4, "hash:plain").length(1).string("hf").string("hv");
        f.out.writeByte(0xfd);
        f.out.writeLittleEndian(System.currentTimeMillis() / 1000 + 7200, 4);
        f.key(0, "string:ttl-seconds").string("old-style expiry");
        f.selectDb(5);
        f.key(0, "in:db5").string("12345");
        return f.finish();
    }

    /**
     * Collections stored without elements, as a bug of older Redis versions could write them, around one
     * string key: plain set, list, hash and sorted set of length 0, empty ziplist hash, sorted set and list,
     * and a quicklist of no nodes.
     */
    static byte[] emptyCollections() {
        OldEncodingsFile f = new OldEncodingsFile();
        f.selectDb(0);
        f.key(2, "set").length(0);
        f.key(1, "list").length(0);
        f.key(4, "hash").length(0);
        f.key(3, "zset").length(0);
        f.key(0, "kept").string("value");
        f.key(13, "hash:ziplist").string(ziplist());
        f.key(12, "zset:ziplist").string(ziplist());
        f.key(10, "list:ziplist").string(ziplist());
        f.key(14, "list:quicklist").length(0);
        return f.finish();
    }

    private void selectDb(int db) {
        out.writeByte(0xfe);
        out.writeLength(db);
    }

    private OldEncodingsFile key(int type, String key) {
        out.writeByte(type);
        string(key);
        return this;
    }

    private OldEncodingsFile length(long n) {
        out.writeLength(n);
        return this;
    }

    private OldEncodingsFile string(String s) {
        return string(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private OldEncodingsFile string(byte[] s) {
        out.writeString(s);
        return this;
    }

    private void raw(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(b, 0, b.length);
    }

    private byte[] finish() {
        out.writeByte(0xff);
        out.writeLittleEndian(Crc64.of(out.buffer(), 0, out.size()), 8);
        return out.toByteArray();
    }

    /** A ziplist: integers in the narrowest integer encoding (as Redis stores them), others as strings. */
    static byte[] ziplist(String... elements) {
        ByteArrayOutputStream entries = new ByteArrayOutputStream();
        int prev = 0;
        int tail = 10;
        for (String element : elements) {
            tail = 10 + entries.size();
            ByteArrayOutputStream entry = new ByteArrayOutputStream();
            if (prev < 254) {
                entry.write(prev);
            } else {
                entry.write(0xfe);
                le(entry, prev, 4);
            }
            encode(entry, element);
            prev = entry.size();
            entries.writeBytes(entry.toByteArray());
        }
        ByteArrayOutputStream zl = new ByteArrayOutputStream();
        le(zl, 10 + entries.size() + 1, 4);
        le(zl, tail, 4);
        le(zl, elements.length, 2);
        zl.writeBytes(entries.toByteArray());
        zl.write(0xff);
        return zl.toByteArray();
    }

    private static void encode(ByteArrayOutputStream entry, String element) {
        Long v = integer(element);
        if (v != null && v >= 0 && v <= 12) {
            entry.write(0xf1 + v.intValue());
        } else if (v != null && v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
            entry.write(0xfe);
            le(entry, v, 1);
        } else if (v != null && v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            entry.write(0xc0);
            le(entry, v, 2);
        } else if (v != null && v >= -(1 << 23) && v < (1 << 23)) {
            entry.write(0xf0);
            le(entry, v, 3);
        } else if (v != null && v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            entry.write(0xd0);
            le(entry, v, 4);
        } else if (v != null) {
            entry.write(0xe0);
            le(entry, v, 8);
        } else {
            byte[] s = element.getBytes(StandardCharsets.ISO_8859_1);
            if (s.length <= 63) {
                entry.write(s.length);
            } else {
                entry.write(0x40 | (s.length >> 8));
                entry.write(s.length & 0xff);
            }
            entry.writeBytes(s);
        }
    }

    private static Long integer(String s) {
        if (!s.matches("-?(0|[1-9][0-9]{0,18})")) {
            return null;
        }
        return Long.parseLong(s);
    }

    /** A zipmap of key/value pairs (one-byte lengths, or 254 and four bytes). */
    static byte[] zipmap(String... pairs) {
        ByteArrayOutputStream zm = new ByteArrayOutputStream();
        zm.write(pairs.length / 2);
        for (int i = 0; i < pairs.length; i += 2) {
            zipmapString(zm, pairs[i]);
            byte[] value = pairs[i + 1].getBytes(StandardCharsets.ISO_8859_1);
            zipmapLength(zm, value.length);
            zm.write(0);
            zm.writeBytes(value);
        }
        zm.write(0xff);
        return zm.toByteArray();
    }

    private static void zipmapString(ByteArrayOutputStream zm, String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        zipmapLength(zm, b.length);
        zm.writeBytes(b);
    }

    private static void zipmapLength(ByteArrayOutputStream zm, int len) {
        if (len < 254) {
            zm.write(len);
        } else {
            zm.write(254);
            le(zm, len, 4);
        }
    }

    static byte[] intset(int width, long... sorted) {
        ByteArrayOutputStream is = new ByteArrayOutputStream();
        le(is, width, 4);
        le(is, sorted.length, 4);
        for (long v : sorted) {
            le(is, v, width);
        }
        return is.toByteArray();
    }

    private static void le(ByteArrayOutputStream out, long v, int bytes) {
        for (int i = 0; i < bytes; i++) {
            out.write((int) (v >>> (8 * i)) & 0xff);
        }
    }
}
