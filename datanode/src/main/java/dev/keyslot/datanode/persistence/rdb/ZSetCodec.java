package dev.keyslot.datanode.persistence.rdb;

import dev.keyslot.datanode.keyspace.zset.ZSetEntry;
import dev.keyslot.datanode.keyspace.zset.ZSetValue;
import dev.keyslot.datanode.util.Strtod;

import java.util.List;

/**
 * Sorted sets: a listpack-encoded set as one listpack of member/score pairs in order (ZSET_LISTPACK), a
 * skip list as a count and member/binary-double pairs from the highest rank down (ZSET_2). Also reads
 * text-score ZSET and the pre-7.0 ziplist blob.
 */
final class ZSetCodec implements RdbValueEncoder, RdbValueDecoder {
    /** Text-score markers of the old ZSET type. */
    private static final int TEXT_NAN = 253;
    private static final int TEXT_POSITIVE_INFINITY = 254;
    private static final int TEXT_NEGATIVE_INFINITY = 255;

    private final CollectionLimits limits;

    ZSetCodec(CollectionLimits limits) {
        this.limits = limits;
    }

    @Override
    public int rdbType(Object value) {
        return ((ZSetValue) value).isListpack() ? RdbType.ZSET_LISTPACK : RdbType.ZSET_2;
    }

    @Override
    public void write(RdbWriter out, Object value) {
        ZSetValue zset = (ZSetValue) value;
        if (zset.isListpack()) {
            out.writeString(ValueListpacks.of(zset).toByteArray());
        } else {
            out.writeLength(zset.size());
            for (ZSetEntry n = zset.last(); n != null; n = n.previous()) {
                out.writeString(n.member());
                out.writeLittleEndian(Double.doubleToRawLongBits(n.score()), 8);
            }
        }
    }

    @Override
    public Object read(int rdbType, RdbReader in) {
        if (rdbType == RdbType.ZSET || rdbType == RdbType.ZSET_2) {
            return readSkipList(rdbType, in);
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

    private ZSetValue readBlob(int rdbType, byte[] blob) {
        List<byte[]> pairs = rdbType == RdbType.ZSET_ZIPLIST ? Ziplist.parse(blob) : Listpack.parse(blob);
        if (pairs.isEmpty()) {
            throw new EmptyKeyException();
        }
        if (pairs.size() % 2 != 0) {
            throw new RdbFormatException("sorted set blob must hold member/score pairs");
        }
        // A blob with more members than zset-max-listpack-entries is loaded straight into a skip list (with its
        // dict, so the duplicate check stays O(1)); its scores were text all the same, where -0 reads back as 0.
        ZSetValue zset = new ZSetValue(pairs.size() / 2 <= limits.zsetEntries());
        double[] score = new double[1];
        for (int i = 0; i < pairs.size(); i += 2) {
            byte[] member = pairs.get(i);
            if (!Strtod.parseStrict(pairs.get(i + 1), score)) {
                throw new RdbFormatException("bad sorted set score");
            }
            add(zset, member, score[0] == 0 ? 0.0 : score[0]);
        }
        return zset;
    }

    private ZSetValue readSkipList(int rdbType, RdbReader in) {
        long len = in.readLength();
        if (len == 0) {
            throw new EmptyKeyException();
        }
        ZSetValue zset = new ZSetValue(false);
        for (long i = 0; i < len; i++) {
            byte[] member = in.readString();
            double score = rdbType == RdbType.ZSET_2
                    ? Double.longBitsToDouble(in.readLittleEndian(8))
                    : readTextScore(in);
            if (Double.isNaN(score)) {
                throw new RdbFormatException("NaN score");
            }
            add(zset, member, score);
        }
        zset.compactIfFits(limits.zsetEntries(), limits.zsetValue());
        return zset;
    }

    private static void add(ZSetValue zset, byte[] member, double score) {
        if (zset.find(member) != null) {
            throw new RdbFormatException("duplicate sorted set member");
        }
        zset.insert(member, score);
    }

    private static double readTextScore(RdbReader in) {
        int len = in.readByte();
        switch (len) {
            case TEXT_NAN:
                return Double.NaN;
            case TEXT_POSITIVE_INFINITY:
                return Double.POSITIVE_INFINITY;
            case TEXT_NEGATIVE_INFINITY:
                return Double.NEGATIVE_INFINITY;
            default:
                double[] score = new double[1];
                if (!Strtod.parseStrict(in.readBytes(len), score)) {
                    throw new RdbFormatException("bad sorted set score");
                }
                return score[0];
        }
    }
}
