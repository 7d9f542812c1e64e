package dev.keyslot.datanode.persistence.rdb;

/** The string type (RDB type 0): one RDB string, stored as the plain byte array the keyspace uses. */
final class StringCodec implements RdbValueEncoder, RdbValueDecoder {
    @Override
    public int rdbType(Object value) {
        return RdbType.STRING;
    }

    @Override
    public void write(RdbWriter out, Object value) {
        out.writeString((byte[]) value);
    }

    @Override
    public Object read(int rdbType, RdbReader in) {
        return in.readString();
    }
}
