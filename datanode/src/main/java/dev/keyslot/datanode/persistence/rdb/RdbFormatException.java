package dev.keyslot.datanode.persistence.rdb;

/** RDB data that cannot be decoded: truncated, an unknown encoding or type, or a corrupt compressed string. */
public class RdbFormatException extends RuntimeException {
    public RdbFormatException(String message) {
        super(message);
    }
}
