package dev.keyslot.datanode.keyspace.hll;

/** The dense encoding: 16384 six-bit registers packed little-endian after the header. */
final class DenseRegisters {
    private DenseRegisters() {
    }

    static int get(byte[] s, int index) {
        int bit = index * HllFormat.BITS;
        int b = HllFormat.HEADER_SIZE + bit / 8;
        int shift = bit & 7;
        int lo = (s[b] & 0xff) >>> shift;
        int hi = b + 1 < s.length ? (s[b + 1] & 0xff) << (8 - shift) : 0;
        return (lo | hi) & HllFormat.REGISTER_MAX;
    }

    static void set(byte[] s, int index, int value) {
        int bit = index * HllFormat.BITS;
        int b = HllFormat.HEADER_SIZE + bit / 8;
        int shift = bit & 7;
        s[b] = (byte) ((s[b] & ~(HllFormat.REGISTER_MAX << shift)) | (value << shift));
        if (b + 1 < s.length) {
            int hiShift = 8 - shift;
            s[b + 1] = (byte) ((s[b + 1] & ~(HllFormat.REGISTER_MAX >>> hiShift)) | (value >>> hiShift));
        }
    }

    /** Raises a register to count when it is lower; true when it changed. */
    static boolean raise(byte[] s, int index, int count) {
        if (get(s, index) >= count) {
            return false;
        }
        set(s, index, count);
        return true;
    }

    static void histogram(byte[] s, int[] histo) {
        for (int i = 0; i < HllFormat.REGISTERS; i++) {
            histo[get(s, i)]++;
        }
    }

    static void mergeInto(byte[] s, byte[] max) {
        for (int i = 0; i < HllFormat.REGISTERS; i++) {
            int v = get(s, i);
            if (v > max[i]) {
                max[i] = (byte) v;
            }
        }
    }
}
