package dev.keyslot.datanode.persistence.rdb;

import dev.keyslot.datanode.keyspace.set.SetValue;

/** Sets: an intset as one intset blob (SET_INTSET), a hashtable as a count and member strings (SET). */
final class SetCodec implements RdbValueEncoder, RdbValueDecoder {
    private final CollectionLimits limits;

    SetCodec(CollectionLimits limits) {
        this.limits = limits;
    }

    @Override
    public int rdbType(Object value) {
        return ((SetValue) value).isIntset() ? RdbType.SET_INTSET : RdbType.SET;
    }

    @Override
    public void write(RdbWriter out, Object value) {
        SetValue set = (SetValue) value;
        if (set.isIntset()) {
            long[] values = set.intsetValues();
            out.writeString(Intset.encode(values, values.length, set.intsetWidth()));
        } else {
            out.writeLength(set.size());
            set.forEach(out::writeString);
        }
    }

    @Override
    public Object read(int rdbType, RdbReader in) {
        long maxEntries = limits.intsetEntries();
        if (rdbType == RdbType.SET_INTSET) {
            byte[] blob = in.readString();
            long[] values;
            try {
                values = Intset.decode(blob);
            } catch (RdbFormatException e) {
                throw IntegrityCheck.failed(rdbType);
            }
            if (values.length == 0) {
                // Redis's intset check refuses an empty one: corrupt, not an empty key.
                throw IntegrityCheck.failed(rdbType);
            }
            SetValue set = SetValue.intsetOf(values, Intset.width(blob));
            if (values.length > maxEntries) {
                set.convertToHashtable();
            }
            return set;
        }
        long len = in.readLength();
        if (len == 0) {
            throw new EmptyKeyException();
        }
        SetValue set = SetValue.emptyIntset();
        for (long i = 0; i < len; i++) {
            if (!set.add(in.readString(), maxEntries)) {
                throw new RdbFormatException("duplicate set member");
            }
        }
        return set;
    }
}
