package dev.keyslot.datanode.util;

import java.util.Arrays;

/**
 * A byte string usable as a hash-map key (channels, watched keys, tracked keys), ordered by unsigned bytes
 * like memcmp, so sorted collections iterate as Redis's radix trees do.
 */
public final class ByteKey implements Comparable<ByteKey> {
    private final byte[] bytes;
    private final int hash;

    public ByteKey(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    /** The wrapped bytes; callers must not modify them. */
    public byte[] bytes() {
        return bytes;
    }

    /** True when this key begins with prefix. */
    public boolean startsWith(ByteKey prefix) {
        return bytes.length >= prefix.bytes.length
                && Arrays.equals(bytes, 0, prefix.bytes.length, prefix.bytes, 0, prefix.bytes.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ByteKey k && hash == k.hash && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public int compareTo(ByteKey o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public String toString() {
        return new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
