package dev.keyslot.datanode.keyspace;

/** The data type of a value, as TYPE reports it. */
public enum ValueType {
    STRING("string"),
    LIST("list"),
    SET("set"),
    ZSET("zset"),
    HASH("hash"),
    STREAM("stream");

    private final String typeName;

    ValueType(String typeName) {
        this.typeName = typeName;
    }

    public String typeName() {
        return typeName;
    }

    /** Strings are stored as plain byte arrays; every other type implements {@link RedisValue}. */
    public static ValueType of(Object value) {
        if (value instanceof byte[]) {
            return STRING;
        }
        return ((RedisValue) value).type();
    }
}
