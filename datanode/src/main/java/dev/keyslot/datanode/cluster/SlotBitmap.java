package dev.keyslot.datanode.cluster;

/** 16384 slot bits laid out as on the bus: slot s is bit (s & 7) of byte s / 8. */
public final class SlotBitmap {
    public static final int BYTES = KeySlot.SLOTS / 8;
    private final byte[] bits;

    public SlotBitmap() {
        this(new byte[BYTES]);
    }

    public SlotBitmap(byte[] bits) {
        if (bits.length != BYTES) {
            throw new IllegalArgumentException("slot bitmap must have " + BYTES + " bytes");
        }
        this.bits = bits;
    }

    public boolean get(int slot) {
        return (bits[slot >>> 3] & (1 << (slot & 7))) != 0;
    }

    public void set(int slot) {
        bits[slot >>> 3] |= (byte) (1 << (slot & 7));
    }

    public void clear(int slot) {
        bits[slot >>> 3] &= (byte) ~(1 << (slot & 7));
    }

    public byte[] bytes() {
        return bits;
    }

    public boolean sameAs(byte[] other) {
        return java.util.Arrays.equals(bits, other);
    }

    public int count() {
        int n = 0;
        for (byte b : bits) {
            n += Integer.bitCount(b & 0xff);
        }
        return n;
    }
}
