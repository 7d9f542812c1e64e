package dev.keyslot.datanode.command.server;

import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.KeyEntry;
import dev.keyslot.datanode.keyspace.hash.HashValue;
import dev.keyslot.datanode.keyspace.list.ListValue;
import dev.keyslot.datanode.keyspace.set.SetValue;
import dev.keyslot.datanode.keyspace.stream.StreamId;
import dev.keyslot.datanode.keyspace.stream.StreamIterator;
import dev.keyslot.datanode.keyspace.stream.StreamValue;
import dev.keyslot.datanode.keyspace.zset.ZSetEntry;
import dev.keyslot.datanode.keyspace.zset.ZSetValue;
import dev.keyslot.datanode.util.Numbers;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * DEBUG DIGEST and DIGEST-VALUE: Redis's SHA-1 fingerprints of data, so two servers holding the same data
 * give the same hex. Unordered parts (keys, set members, hash fields, sorted set members) have their SHA-1
 * XORed in; ordered ones (list elements, stream entries) are mixed, each step hashing the running digest again.
 */
final class DatasetDigest {
    private static final int SIZE = 20;
    private static final byte[] EXPIRE_MARK = "!!expire!!".getBytes(StandardCharsets.US_ASCII);

    private final MessageDigest sha1;

    DatasetDigest() {
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-1", e);
        }
    }

    /** Every key of every database, its name included; all zeros when the dataset is empty. */
    String ofDatasets(Database[] databases) {
        byte[] all = new byte[SIZE];
        for (Database db : databases) {
            if (db.size() == 0) {
                continue;
            }
            mix(all, bigEndian(db.id()));
            db.dict().forEach(e -> {
                byte[] digest = new byte[SIZE];
                mix(digest, e.key);
                ofValue(digest, e);
                xorHashed(all, digest);
            });
        }
        return HexFormat.of().formatHex(all);
    }

    /** One value without its key's name; all zeros for a missing key. */
    String ofValue(KeyEntry e) {
        byte[] digest = new byte[SIZE];
        if (e != null) {
            ofValue(digest, e);
        }
        return HexFormat.of().formatHex(digest);
    }

    private void ofValue(byte[] digest, KeyEntry e) {
        Object value = e.value;
        mix(digest, bigEndian(typeCode(value)));
        if (value instanceof byte[] s) {
            mix(digest, s);
        } else if (value instanceof ListValue list) {
            list.forEachElement(element -> mix(digest, element));
        } else if (value instanceof SetValue set) {
            set.forEach(member -> xorHashed(digest, member));
        } else if (value instanceof ZSetValue zset) {
            for (ZSetEntry n = zset.first(); n != null; n = n.next()) {
                byte[] score = Numbers.formatDouble17g(n.score()).getBytes(StandardCharsets.US_ASCII);
                xorHashed(digest, pair(n.member(), score));
            }
        } else if (value instanceof HashValue hash) {
            hash.forEach((field, v) -> xorHashed(digest, pair(field, v)));
        } else if (value instanceof StreamValue stream) {
            StreamIterator it = stream.iterator(StreamId.MIN, StreamId.MAX, false);
            while (it.next()) {
                StreamId id = it.id();
                mix(digest, (Long.toUnsignedString(id.ms()) + "." + Long.toUnsignedString(id.seq()))
                        .getBytes(StandardCharsets.US_ASCII));
                it.forEachField((field, v) -> {
                    mix(digest, field);
                    mix(digest, v);
                });
            }
        }
        if (e.hasExpiry()) {
            xorHashed(digest, EXPIRE_MARK);
        }
    }

    /** Redis's object type numbers. */
    private static int typeCode(Object value) {
        if (value instanceof byte[]) {
            return 0;
        } else if (value instanceof ListValue) {
            return 1;
        } else if (value instanceof SetValue) {
            return 2;
        } else if (value instanceof ZSetValue) {
            return 3;
        } else if (value instanceof HashValue) {
            return 4;
        }
        return 6;
    }

    /** The digest of two strings mixed in order, starting from zeros. */
    private byte[] pair(byte[] first, byte[] second) {
        byte[] digest = new byte[SIZE];
        mix(digest, first);
        mix(digest, second);
        return digest;
    }

    /** XORs data's SHA-1 in, then replaces the digest by its own SHA-1: the order of mixes counts. */
    private void mix(byte[] digest, byte[] data) {
        xorHashed(digest, data);
        System.arraycopy(sha1.digest(digest), 0, digest, 0, SIZE);
    }

    private void xorHashed(byte[] digest, byte[] data) {
        byte[] hash = sha1.digest(data);
        for (int i = 0; i < SIZE; i++) {
            digest[i] ^= hash[i];
        }
    }

    private static byte[] bigEndian(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }
}
