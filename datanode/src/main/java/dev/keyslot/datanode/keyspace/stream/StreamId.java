package dev.keyslot.datanode.keyspace.stream;

import dev.keyslot.datanode.util.Numbers;

/**
 * A stream entry ID: two unsigned 64-bit numbers (milliseconds, sequence) held in Java longs and always
 * compared and printed as unsigned, ordered like Redis's 128-bit big-endian keys.
 */
public record StreamId(long ms, long seq) implements Comparable<StreamId> {
    public static final StreamId MIN = new StreamId(0, 0);
    public static final StreamId MAX = new StreamId(-1L, -1L);

    @Override
    public int compareTo(StreamId o) {
        int c = Long.compareUnsigned(ms, o.ms);
        return c != 0 ? c : Long.compareUnsigned(seq, o.seq);
    }

    public boolean isZero() {
        return ms == 0 && seq == 0;
    }

    /** The next ID, or null past the largest one (Redis's streamIncrID failing). */
    public StreamId next() {
        if (seq != -1L) {
            return new StreamId(ms, seq + 1);
        }
        return ms == -1L ? null : new StreamId(ms + 1, 0);
    }

    /** The previous ID, or null before 0-0 (Redis's streamDecrID failing). */
    public StreamId previous() {
        if (seq != 0) {
            return new StreamId(ms, seq - 1);
        }
        return ms == 0 ? null : new StreamId(ms - 1, -1L);
    }

    @Override
    public String toString() {
        return Long.toUnsignedString(ms) + "-" + Long.toUnsignedString(seq);
    }

    /** The "ms-seq" form, written digit by digit: XADD replies with it on every call. */
    public byte[] toBytes() {
        if (ms < 0 || seq < 0) {
            // Beyond Long.MAX_VALUE as unsigned: rare enough for the general formatter.
            return toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        int msDigits = Numbers.decimalLength(ms);
        byte[] out = new byte[msDigits + 1 + Numbers.decimalLength(seq)];
        Numbers.writeDigits(ms, out, msDigits);
        out[msDigits] = '-';
        Numbers.writeDigits(seq, out, out.length);
        return out;
    }

    /** The 16-byte big-endian form used as radix tree key and in RDB PELs. */
    public void encode(byte[] out, int offset) {
        for (int i = 0; i < 8; i++) {
            out[offset + i] = (byte) (ms >>> (56 - 8 * i));
            out[offset + 8 + i] = (byte) (seq >>> (56 - 8 * i));
        }
    }

    public static StreamId decode(byte[] in, int offset) {
        long ms = 0;
        long seq = 0;
        for (int i = 0; i < 8; i++) {
            ms = (ms << 8) | (in[offset + i] & 0xff);
            seq = (seq << 8) | (in[offset + 8 + i] & 0xff);
        }
        return new StreamId(ms, seq);
    }
}
