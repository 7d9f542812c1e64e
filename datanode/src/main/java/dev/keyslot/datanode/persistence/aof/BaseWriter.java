package dev.keyslot.datanode.persistence.aof;

import java.io.IOException;

/**
 * Writes an AOF base file from a snapshot, on the rewrite thread: as an RDB image (aof-use-rdb-preamble yes)
 * or as commands. Called with each non-empty database, then each of its keys, then {@link #finish}.
 */
interface BaseWriter {
    void database(int db, long keys, long volatileKeys) throws IOException;

    /** One key: its value (byte[] or a RedisValue), expiry (-1 for none) and LRU/LFU field. */
    void key(byte[] key, Object value, long expireAt, int lru) throws IOException;

    /** Writes out whatever is buffered and any trailer. */
    void finish() throws IOException;
}
