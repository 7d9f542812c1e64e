package dev.keyslot.datanode.persistence.rdb;

/**
 * The DUMP / RESTORE serialization (also what MIGRATE sends): the value in RDB form, the 2-byte
 * little-endian RDB version and the 8-byte little-endian CRC-64 of everything before it.
 */
public final class DumpPayload {
    private static final int FOOTER = 10;

    private final RdbValues values;

    public DumpPayload(RdbValues values) {
        this.values = values;
    }

    public boolean canDump(Object value) {
        return values.canWrite(value);
    }

    /** The payload of value, its strings LZF-compressed where that saves space when compress (rdbcompression). */
    public byte[] dump(Object value, boolean compress) {
        RdbWriter out = new RdbWriter(compress);
        values.write(out, value);
        out.writeLittleEndian(RdbType.VERSION, 2);
        out.writeLittleEndian(Crc64.of(out.buffer(), 0, out.size()), 8);
        return out.toByteArray();
    }

    /** True when the footer's version is one we read and the checksum matches (unless skipChecksum). */
    public static boolean verify(byte[] payload, boolean skipChecksum) {
        if (payload.length < FOOTER) {
            return false;
        }
        int footer = payload.length - FOOTER;
        int version = (payload[footer] & 0xff) | (payload[footer + 1] & 0xff) << 8;
        if (version > RdbType.VERSION) {
            return false;
        }
        if (skipChecksum) {
            return true;
        }
        RdbReader crc = new RdbReader(payload, footer + 2, 8);
        return Crc64.of(payload, 0, payload.length - 8) == crc.readLittleEndian(8);
    }

    /**
     * Decodes a verified payload; throws {@link RdbFormatException} when the body is malformed. Like Redis,
     * the reader may run into the footer and ignores bytes left over.
     */
    public Object restore(byte[] payload) {
        RdbReader in = new RdbReader(payload, 0, payload.length);
        return values.read(in);
    }
}
