package dev.keyslot.datanode.persistence.rdb;

import dev.keyslot.datanode.keyspace.ValueType;

import java.util.EnumMap;
import java.util.Map;

/**
 * The RDB codecs per data type: a value is written as its type byte followed by its body, and read back by
 * the decoder registered for that type byte. Data types register their codecs in {@link #standard()}.
 */
public final class RdbValues {
    private final Map<ValueType, RdbValueEncoder> encoders = new EnumMap<>(ValueType.class);
    private final RdbValueDecoder[] decoders = new RdbValueDecoder[256];

    public static RdbValues standard() {
        RdbValues values = new RdbValues();
        StringCodec strings = new StringCodec();
        values.register(ValueType.STRING, strings);
        values.register(RdbType.STRING, strings);
        return values;
    }

    public void register(ValueType type, RdbValueEncoder encoder) {
        encoders.put(type, encoder);
    }

    public void register(int rdbType, RdbValueDecoder decoder) {
        decoders[rdbType] = decoder;
    }

    public boolean canWrite(Object value) {
        return encoders.containsKey(ValueType.of(value));
    }

    /** Writes the type byte and the body; the caller checks {@link #canWrite} first. */
    public void write(RdbWriter out, Object value) {
        RdbValueEncoder encoder = encoders.get(ValueType.of(value));
        out.writeByte(encoder.rdbType(value));
        encoder.write(out, value);
    }

    /** Reads a type byte and the value it announces. */
    public Object read(RdbReader in) {
        int type = in.readByte();
        RdbValueDecoder decoder = decoders[type];
        if (decoder == null) {
            throw new RdbFormatException("unsupported RDB object type " + type);
        }
        return decoder.read(type, in);
    }
}
