package dev.keyslot.datanode.persistence.rdb;

import dev.keyslot.datanode.keyspace.hash.HashValue;

import java.util.List;

/**
 * Hashes: a listpack-encoded hash as one listpack blob (HASH_LISTPACK), a hashtable as a count and
 * field/value strings (HASH). Also reads the pre-7.0 ziplist and zipmap blobs.
 */
final class HashCodec implements RdbValueEncoder, RdbValueDecoder {
    private final CollectionLimits limits;

    HashCodec(CollectionLimits limits) {
        this.limits = limits;
    }

    @Override
    public int rdbType(Object value) {
        return ((HashValue) value).isListpack() ? RdbType.HASH_LISTPACK : RdbType.HASH;
    }

    @Override
    public void write(RdbWriter out, Object value) {
        HashValue hash = (HashValue) value;
        if (hash.isListpack()) {
            out.writeString(ValueListpacks.of(hash).toByteArray());
        } else {
            out.writeLength(hash.size());
            hash.forEach((field, v) -> {
                out.writeString(field);
                out.writeString(v);
            });
        }
    }

    @Override
    public Object read(int rdbType, RdbReader in) {
        if (rdbType == RdbType.HASH) {
            return readTable(in);
        }
        byte[] blob = in.readString();
        try {
            return readBlob(rdbType, blob);
        } catch (EmptyKeyException e) {
            throw e;
        } catch (RdbFormatException e) {
            throw IntegrityCheck.failed(rdbType);
        }
    }

    private HashValue readBlob(int rdbType, byte[] blob) {
        List<byte[]> pairs = switch (rdbType) {
            case RdbType.HASH_ZIPMAP -> Zipmap.parse(blob);
            case RdbType.HASH_ZIPLIST -> Ziplist.parse(blob);
            default -> Listpack.parse(blob);
        };
        if (pairs.isEmpty()) {
            // Redis's zipmap check refuses an empty one: corrupt, where the other blobs make an empty key.
            throw rdbType == RdbType.HASH_ZIPMAP ? IntegrityCheck.failed(rdbType) : new EmptyKeyException();
        }
        if (pairs.size() % 2 != 0) {
            throw new RdbFormatException("hash blob must hold field/value pairs");
        }
        HashValue hash = new HashValue();
        long longest = 0;
        for (int i = 0; i < pairs.size(); i += 2) {
            byte[] field = pairs.get(i);
            byte[] v = pairs.get(i + 1);
            if (!hash.set(field, v, Long.MAX_VALUE, Long.MAX_VALUE)) {
                throw new RdbFormatException("duplicate hash field");
            }
            longest = Math.max(longest, Math.max(field.length, v.length));
        }
        // Only zipmaps are also checked for long strings; Redis keeps other blobs' values as they are.
        if (hash.size() > limits.hashEntries() || (rdbType == RdbType.HASH_ZIPMAP && longest > limits.hashValue())) {
            hash.convertToHashtable();
        }
        return hash;
    }

    private HashValue readTable(RdbReader in) {
        long len = in.readLength();
        if (len == 0) {
            throw new EmptyKeyException();
        }
        long maxEntries = limits.hashEntries();
        long maxValue = limits.hashValue();
        HashValue hash = new HashValue();
        for (long i = 0; i < len; i++) {
            byte[] field = in.readString();
            byte[] v = in.readString();
            if (!hash.set(field, v, maxEntries, maxValue)) {
                throw new RdbFormatException("duplicate hash field");
            }
        }
        return hash;
    }
}
