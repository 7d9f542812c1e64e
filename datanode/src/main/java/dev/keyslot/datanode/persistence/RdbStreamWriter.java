package dev.keyslot.datanode.persistence;

import dev.keyslot.datanode.config.ConfigLoader;
import dev.keyslot.datanode.keyspace.AccessTracker;
import dev.keyslot.datanode.keyspace.KeyEntry;
import dev.keyslot.datanode.persistence.rdb.Crc64;
import dev.keyslot.datanode.persistence.rdb.FunctionRecord;
import dev.keyslot.datanode.persistence.rdb.RdbOpcode;
import dev.keyslot.datanode.persistence.rdb.RdbType;
import dev.keyslot.datanode.persistence.rdb.RdbValues;
import dev.keyslot.datanode.persistence.rdb.RdbWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a whole RDB file to a stream, in the order redis-server 7.0 does: the magic, the aux fields, the function
 * libraries, then per non-empty database SELECTDB and RESIZEDB followed by its keys (each with EXPIRETIME_MS and
 * IDLE or FREQ when they apply), then EOF and the CRC-64 of everything before it (zero with rdbchecksum off).
 * Each record is built in a reusable buffer and then copied to the stream.
 */
public final class RdbStreamWriter {
    private static final int FLUSH_AT = 64 * 1024;

    private final OutputStream out;
    private final RdbOptions options;
    private final RdbValues values;
    private final AccessTracker access;
    private final RdbWriter record;
    private final KeyEntry lruScratch = new KeyEntry(new byte[0], null);
    private long crc;
    private long bytesWritten;

    public RdbStreamWriter(OutputStream out, RdbOptions options, RdbValues values, AccessTracker access) {
        this.out = out;
        this.options = options;
        this.values = values;
        this.access = access;
        this.record = new RdbWriter(options.compress());
    }

    public void header(SaveInfo info, long nowMillis) throws IOException {
        byte[] magic = String.format("REDIS%04d", RdbType.VERSION).getBytes(StandardCharsets.US_ASCII);
        record.writeBytes(magic, 0, magic.length);
        aux("redis-ver", ConfigLoader.REDIS_VERSION);
        aux("redis-bits", 64);
        aux("ctime", nowMillis / 1000);
        aux("used-mem", info.usedMemory());
        if (info.replication() != null) {
            aux("repl-stream-db", info.replication().streamDb());
            aux("repl-id", info.replication().replId());
            aux("repl-offset", info.replication().offset());
        }
        aux("aof-base", info.aofBase() ? 1 : 0);
        for (byte[] code : info.functionLibraries()) {
            FunctionRecord.write(record, code);
        }
        flush();
    }

    private void aux(String key, String value) {
        record.writeByte(RdbOpcode.AUX);
        record.writeString(key.getBytes(StandardCharsets.US_ASCII));
        record.writeString(value.getBytes(StandardCharsets.US_ASCII));
    }

    private void aux(String key, long value) {
        record.writeByte(RdbOpcode.AUX);
        record.writeString(key.getBytes(StandardCharsets.US_ASCII));
        record.writeLongAsString(value);
    }

    /** Starts the keys of one database with their counts (RESIZEDB is a sizing hint for the loader). */
    public void selectDb(int id, long keys, long volatileKeys) {
        record.writeByte(RdbOpcode.SELECTDB);
        record.writeLength(id);
        record.writeByte(RdbOpcode.RESIZEDB);
        record.writeLength(keys);
        record.writeLength(volatileKeys);
    }

    /** Encodes one key into the record buffer; {@link #flushIfFull} then moves it to the stream. */
    public void key(byte[] key, Object value, long expireAt, int lru, long nowMillis) {
        if (expireAt != KeyEntry.NO_EXPIRY) {
            record.writeByte(RdbOpcode.EXPIRETIME_MS);
            record.writeLittleEndian(expireAt, 8);
        }
        switch (options.keyAccess()) {
            case LRU -> {
                record.writeByte(RdbOpcode.IDLE);
                record.writeLength(access.idleMillis(lruHolder(lru), nowMillis) / 1000);
            }
            case LFU -> {
                record.writeByte(RdbOpcode.FREQ);
                record.writeByte(access.frequency(lruHolder(lru), nowMillis));
            }
            case NONE -> { }
        }
        if (!values.canWrite(value)) {
            throw new IllegalStateException("no RDB encoder for a " + value.getClass().getSimpleName());
        }
        values.write(record, key, value);
    }

    /** The access tracker reads an entry's lru field; the snapshot may hold only the field's old value. */
    private KeyEntry lruHolder(int lru) {
        lruScratch.lru = lru;
        return lruScratch;
    }

    public void flushIfFull() throws IOException {
        if (record.size() >= FLUSH_AT) {
            flush();
        }
    }

    private void flush() throws IOException {
        if (options.checksum()) {
            crc = Crc64.update(crc, record.buffer(), 0, record.size());
        }
        out.write(record.buffer(), 0, record.size());
        bytesWritten += record.size();
        record.reset();
    }

    /** EOF and the checksum; flushes the stream. */
    public void finish() throws IOException {
        record.writeByte(RdbOpcode.EOF);
        flush();
        record.writeLittleEndian(options.checksum() ? crc : 0, 8);
        flush();
        out.flush();
    }

    public long bytesWritten() {
        return bytesWritten;
    }
}
