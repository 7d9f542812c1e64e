package dev.keyslot.datanode.persistence.aof;

import dev.keyslot.datanode.persistence.KeyDelay;

import java.io.IOException;

/** A base writer that waits rdb-key-save-delay after each key, as Redis's rewrite child does. */
final class DelayedBaseWriter implements BaseWriter {
    private final BaseWriter writer;
    private final int micros;

    private DelayedBaseWriter(BaseWriter writer, int micros) {
        this.writer = writer;
        this.micros = micros;
    }

    /** writer itself when there is no delay. */
    static BaseWriter of(BaseWriter writer, int micros) {
        return micros == 0 ? writer : new DelayedBaseWriter(writer, micros);
    }

    @Override
    public void database(int db, long keys, long volatileKeys) throws IOException {
        writer.database(db, keys, volatileKeys);
    }

    @Override
    public void key(byte[] key, Object value, long expireAt, int lru) throws IOException {
        writer.key(key, value, expireAt, lru);
        KeyDelay.afterKey(micros);
    }

    @Override
    public void finish() throws IOException {
        writer.finish();
    }
}
