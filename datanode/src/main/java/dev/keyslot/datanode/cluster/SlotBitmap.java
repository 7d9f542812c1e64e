package dev.keyslot.datanode.cluster;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * 16384 slot bits laid out as on the bus: slot s is bit (s & 7) of byte s / 8. Read as little-endian longs,
 * slot s is bit (s & 63) of word s / 64, so range scans step over 64 slots at a time.
 */
public final class SlotBitmap {
    public static final int BYTES = KeySlot.SLOTS / 8;
    private static final int WORDS = BYTES / 8;
    private static final VarHandle WORD = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
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

    public void clearAll() {
        Arrays.fill(bits, (byte) 0);
    }

    /** The first set slot at or after from, or -1 when there is none. */
    public int nextSet(int from) {
        if (from >= KeySlot.SLOTS) {
            return -1;
        }
        int w = from >>> 6;
        long word = word(w) & (-1L << (from & 63));
        while (word == 0) {
            if (++w == WORDS) {
                return -1;
            }
            word = word(w);
        }
        return (w << 6) + Long.numberOfTrailingZeros(word);
    }

    /** The first slot at or after from that is set here but not in excluded, or -1 when there is none. */
    public int nextSetExcept(SlotBitmap excluded, int from) {
        if (from >= KeySlot.SLOTS) {
            return -1;
        }
        int w = from >>> 6;
        long word = word(w) & ~excluded.word(w) & (-1L << (from & 63));
        while (word == 0) {
            if (++w == WORDS) {
                return -1;
            }
            word = word(w) & ~excluded.word(w);
        }
        return (w << 6) + Long.numberOfTrailingZeros(word);
    }

    /** Within mask's slots this bitmap becomes the complement of source; outside them it is unchanged. */
    public void setComplementWithin(SlotBitmap mask, SlotBitmap source) {
        for (int w = 0; w < WORDS; w++) {
            long m = mask.word(w);
            if (m != 0) {
                WORD.set(bits, w << 3, (word(w) & ~m) | (m & ~source.word(w)));
            }
        }
    }

    /** The first clear slot at or after from, or {@link KeySlot#SLOTS} when there is none. */
    public int nextClear(int from) {
        if (from >= KeySlot.SLOTS) {
            return KeySlot.SLOTS;
        }
        int w = from >>> 6;
        long word = ~word(w) & (-1L << (from & 63));
        while (word == 0) {
            if (++w == WORDS) {
                return KeySlot.SLOTS;
            }
            word = ~word(w);
        }
        return (w << 6) + Long.numberOfTrailingZeros(word);
    }

    private long word(int w) {
        return (long) WORD.get(bits, w << 3);
    }

    public byte[] bytes() {
        return bits;
    }

    public boolean sameAs(byte[] other) {
        return Arrays.equals(bits, other);
    }

    public int count() {
        int n = 0;
        for (int w = 0; w < WORDS; w++) {
            n += Long.bitCount(word(w));
        }
        return n;
    }
}
