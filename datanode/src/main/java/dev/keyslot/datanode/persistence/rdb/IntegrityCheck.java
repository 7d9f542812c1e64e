package dev.keyslot.datanode.persistence.rdb;

/**
 * Redis's rdbLoadObject names a container blob that fails its integrity check after its RDB type ("Hash ziplist
 * integrity check failed."): the same words reach the log, where operators and Redis's tests look for them.
 */
final class IntegrityCheck {
    private IntegrityCheck() {
    }

    /** The failure of a blob of rdbType, whatever the decoder found wrong in it. */
    static RdbFormatException failed(int rdbType) {
        return new RdbFormatException(switch (rdbType) {
            case RdbType.LIST_QUICKLIST -> "Ziplist";
            case RdbType.LIST_QUICKLIST_2 -> "Listpack";
            case RdbType.LIST_ZIPLIST -> "List ziplist";
            case RdbType.SET_INTSET -> "Intset";
            case RdbType.HASH_ZIPMAP -> "Zipmap";
            case RdbType.HASH_ZIPLIST -> "Hash ziplist";
            case RdbType.HASH_LISTPACK -> "Hash listpack";
            case RdbType.ZSET_ZIPLIST -> "Zset ziplist";
            case RdbType.ZSET_LISTPACK -> "Zset listpack";
            default -> throw new IllegalArgumentException("no blob in RDB type " + rdbType);
        } + " integrity check failed.");
    }
}
