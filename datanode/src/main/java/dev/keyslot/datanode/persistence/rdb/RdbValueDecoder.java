package dev.keyslot.datanode.persistence.rdb;

/** Reads the body of a value of the RDB types it is registered for. */
public interface RdbValueDecoder {
    Object read(int rdbType, RdbReader in);
}
