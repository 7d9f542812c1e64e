package dev.keyslot.datanode.persistence.aof;

import dev.keyslot.datanode.persistence.RdbStreamWriter;
import dev.keyslot.datanode.persistence.SaveInfo;

import java.io.IOException;

/** An AOF base as an RDB image (aof-use-rdb-preamble yes), marked with the aof-base aux field. */
final class RdbBaseWriter implements BaseWriter {
    private final RdbStreamWriter writer;
    private final long nowMillis = System.currentTimeMillis();

    RdbBaseWriter(RdbStreamWriter writer, SaveInfo info) throws IOException {
        this.writer = writer;
        writer.header(info, nowMillis);
    }

    @Override
    public void database(int db, long keys, long volatileKeys) {
        writer.selectDb(db, keys, volatileKeys);
    }

    @Override
    public void key(byte[] key, Object value, long expireAt, int lru) throws IOException {
        writer.key(key, value, expireAt, lru, nowMillis);
        writer.flushIfFull();
    }

    @Override
    public void finish() throws IOException {
        writer.finish();
    }
}
