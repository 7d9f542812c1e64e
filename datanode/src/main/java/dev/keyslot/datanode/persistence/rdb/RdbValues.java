package dev.keyslot.datanode.persistence.rdb;

import dev.keyslot.datanode.config.ServerConfig;
import dev.keyslot.datanode.keyspace.ValueType;

import java.util.EnumMap;
import java.util.Map;

/**
 * The RDB codecs per data type: a value is written as its type byte followed by its body, and read back by
 * the decoder registered for that type byte. Data types register their codecs in {@link #standard()}; a type
 * added later (streams) registers its encoder under its {@link ValueType} and its decoder under each RDB type
 * byte it reads, and whole RDB files (SAVE, BGSAVE, replication) pick it up from here.
 */
public final class RdbValues {
    private final Map<ValueType, RdbValueEncoder> encoders = new EnumMap<>(ValueType.class);
    private final RdbValueDecoder[] decoders = new RdbValueDecoder[256];

    /** Codecs for every data type; restored collections take their encodings from config's thresholds. */
    public static RdbValues standard(ServerConfig config) {
        RdbValues values = new RdbValues();
        CollectionLimits limits = new CollectionLimits(config);
        StringCodec strings = new StringCodec();
        values.register(ValueType.STRING, strings);
        values.register(RdbType.STRING, strings);
        HashCodec hashes = new HashCodec(limits);
        values.register(ValueType.HASH, hashes);
        for (int type : new int[] {RdbType.HASH, RdbType.HASH_ZIPMAP, RdbType.HASH_ZIPLIST, RdbType.HASH_LISTPACK}) {
            values.register(type, hashes);
        }
        SetCodec sets = new SetCodec(limits);
        values.register(ValueType.SET, sets);
        values.register(RdbType.SET, sets);
        values.register(RdbType.SET_INTSET, sets);
        ZSetCodec zsets = new ZSetCodec(limits);
        values.register(ValueType.ZSET, zsets);
        for (int type : new int[] {RdbType.ZSET, RdbType.ZSET_2, RdbType.ZSET_ZIPLIST, RdbType.ZSET_LISTPACK}) {
            values.register(type, zsets);
        }
        ListCodec lists = new ListCodec(limits);
        values.register(ValueType.LIST, lists);
        for (int type : new int[] {RdbType.LIST, RdbType.LIST_ZIPLIST, RdbType.LIST_QUICKLIST,
                RdbType.LIST_QUICKLIST_2}) {
            values.register(type, lists);
        }
        StreamCodec streams = new StreamCodec();
        values.register(ValueType.STREAM, streams);
        values.register(RdbType.STREAM_LISTPACKS, streams);
        values.register(RdbType.STREAM_LISTPACKS_2, streams);
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

    /** The size of value's body in an RDB file (no type byte): DEBUG OBJECT's serializedlength. */
    public int bodyLength(Object value, boolean compress) {
        RdbWriter out = new RdbWriter(compress);
        encoders.get(ValueType.of(value)).write(out, value);
        return out.size();
    }

    /** A key of an RDB file: the type byte, the key as a string, then the body. */
    public void write(RdbWriter out, byte[] key, Object value) {
        RdbValueEncoder encoder = encoders.get(ValueType.of(value));
        out.writeByte(encoder.rdbType(value));
        out.writeString(key);
        encoder.write(out, value);
    }

    /** Reads a type byte and the value it announces. */
    public Object read(RdbReader in) {
        return read(in.readByte(), in);
    }

    /** Reads the value announced by a type byte already read (an RDB file interleaves types and opcodes). */
    public Object read(int type, RdbReader in) {
        RdbValueDecoder decoder = decoders[type];
        if (decoder == null) {
            throw new RdbFormatException("unsupported RDB object type " + type + typeName(type));
        }
        return decoder.read(type, in);
    }

    /** Names the types Redis defines that nothing registered here reads, for a clear refusal. */
    private static String typeName(int type) {
        return switch (type) {
            case 6, 7 -> " (module value)";
            case RdbType.STREAM_LISTPACKS, RdbType.STREAM_LISTPACKS_2, 21 -> " (stream)";
            default -> "";
        };
    }
}
