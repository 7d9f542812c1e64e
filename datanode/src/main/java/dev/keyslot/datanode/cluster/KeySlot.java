package dev.keyslot.datanode.cluster;

/**
 * The hash slot of a key: CRC16 (XMODEM: polynomial 0x1021, init 0) of the key, or of its hash tag — the
 * part between the first '{' and the next '}' when that part is non-empty — modulo 16384.
 */
public final class KeySlot {
    public static final int SLOTS = 16384;
    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int crc = i << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            TABLE[i] = crc & 0xffff;
        }
    }

    private KeySlot() {
    }

    public static int crc16(byte[] data, int offset, int length) {
        int crc = 0;
        for (int i = offset; i < offset + length; i++) {
            crc = ((crc << 8) ^ TABLE[((crc >>> 8) ^ data[i]) & 0xff]) & 0xffff;
        }
        return crc;
    }

    public static int of(byte[] key) {
        int open = -1;
        for (int i = 0; i < key.length; i++) {
            if (key[i] == '{') {
                open = i;
                break;
            }
        }
        if (open >= 0) {
            for (int close = open + 1; close < key.length; close++) {
                if (key[close] == '}') {
                    if (close > open + 1) {
                        return crc16(key, open + 1, close - open - 1) & (SLOTS - 1);
                    }
                    break;
                }
            }
        }
        return crc16(key, 0, key.length) & (SLOTS - 1);
    }
}
