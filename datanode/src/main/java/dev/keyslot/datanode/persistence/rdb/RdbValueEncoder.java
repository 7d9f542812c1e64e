package dev.keyslot.datanode.persistence.rdb;

/** Writes values of one data type in RDB form; each type chooses its type byte from the value's encoding. */
public interface RdbValueEncoder {
    /** The RDB type byte for this value (e.g. a small set as SET_INTSET, a large one as SET). */
    int rdbType(Object value);

    /** The value's body, after the type byte. */
    void write(RdbWriter out, Object value);
}
