package dev.keyslot.datanode.command;

/** ACL command categories, in Redis's order (ACL CAT lists them so). */
public enum AclCategory {
    KEYSPACE, READ, WRITE, SET, SORTEDSET, LIST, HASH, STRING, BITMAP, HYPERLOGLOG, GEO, STREAM, PUBSUB, ADMIN,
    FAST, SLOW, BLOCKING, DANGEROUS, CONNECTION, TRANSACTION, SCRIPTING;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public long bit() {
        return 1L << ordinal();
    }

    public static AclCategory byWireName(String name) {
        return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
}
