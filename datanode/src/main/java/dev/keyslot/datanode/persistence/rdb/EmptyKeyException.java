package dev.keyslot.datanode.persistence.rdb;

/**
 * A collection stored without elements (Redis's RDB_LOAD_ERR_EMPTY_KEY), which old Redis versions could write:
 * loading an RDB skips such a key, as Redis does, while RESTORE refuses it as bad data.
 */
public final class EmptyKeyException extends RdbFormatException {
    EmptyKeyException() {
        super("empty key");
    }
}
