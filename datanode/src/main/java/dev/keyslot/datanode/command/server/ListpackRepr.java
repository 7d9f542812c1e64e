package dev.keyslot.datanode.command.server;

import dev.keyslot.datanode.keyspace.ListpackSizes;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * DEBUG LISTPACK's dump of a listpack blob, in Redis's lpRepr layout. The data node keeps no such blob, so
 * the bytes are those Redis would hold and "addr" is the entry's offset from an arbitrary base.
 */
final class ListpackRepr {
    private static final int HEADER = 6;
    private static final int SHOWN_STRING = 40;

    private ListpackRepr() {
    }

    static String of(byte[] lp) {
        StringBuilder out = new StringBuilder();
        int count = (lp[4] & 0xff) | (lp[5] & 0xff) << 8;
        out.append("{total bytes ").append(lp.length).append("} {num entries ").append(count).append("}\n");
        int base = System.identityHashCode(lp);
        int p = HEADER;
        for (int index = 0; p < lp.length - 1; index++) {
            int b = lp[p] & 0xff;
            int headerBytes = headerBytes(lp, p, b);
            int encoded = headerBytes + dataBytes(lp, p, b);
            int backlen = ListpackSizes.backlenBytes(encoded);
            out.append(String.format(Locale.ROOT, "{\n\taddr: 0x%08x,\n\tindex: %2d,\n\toffset: %1d,\n"
                    + "\thdr+entrylen+backlen: %2d,\n\thdrlen: %3d,\n\tbacklen: %2d,\n\tpayload: %1d\n",
                    (long) base + p, index, p, encoded + backlen, headerBytes, backlen, encoded - headerBytes));
            out.append("\tbytes: ");
            for (int i = 0; i < encoded + backlen; i++) {
                out.append(String.format(Locale.ROOT, "%02x|", lp[p + i] & 0xff));
            }
            String value = value(lp, p, b, headerBytes, encoded);
            out.append("\n\t[str]")
                    .append(value.length() > SHOWN_STRING ? value.substring(0, SHOWN_STRING) + "..." : value)
                    .append("\n}\n");
            p += encoded + backlen;
        }
        return out.append("{end}\n\n").toString();
    }

    private static int headerBytes(byte[] lp, int p, int b) {
        if ((b & 0xf0) == 0xe0) {
            return 2;
        }
        return b == 0xf0 ? 5 : 1;
    }

    /** Bytes after the header: the string, or the integer's bytes (none for the 7-bit form). */
    private static int dataBytes(byte[] lp, int p, int b) {
        if ((b & 0x80) == 0) {
            return 0;
        } else if ((b & 0xc0) == 0x80) {
            return b & 0x3f;
        } else if ((b & 0xe0) == 0xc0) {
            return 1;
        } else if ((b & 0xf0) == 0xe0) {
            return (b & 0x0f) << 8 | (lp[p + 1] & 0xff);
        } else if (b == 0xf0) {
            return (int) littleEndian(lp, p + 1, 4);
        }
        return b == 0xf1 ? 2 : b == 0xf2 ? 3 : b == 0xf3 ? 4 : 8;
    }

    private static String value(byte[] lp, int p, int b, int headerBytes, int encoded) {
        if ((b & 0x80) == 0) {
            return Integer.toString(b);
        } else if ((b & 0xe0) == 0xc0) {
            int u = (b & 0x1f) << 8 | (lp[p + 1] & 0xff);
            return Integer.toString(u >= 4096 ? u - 8192 : u);
        } else if (b >= 0xf1 && b <= 0xf4) {
            int width = encoded - 1;
            int shift = 64 - 8 * width;
            return Long.toString((littleEndian(lp, p + 1, width) << shift) >> shift);
        }
        return new String(lp, p + headerBytes, encoded - headerBytes, StandardCharsets.ISO_8859_1);
    }

    private static long littleEndian(byte[] b, int at, int width) {
        long v = 0;
        for (int i = width - 1; i >= 0; i--) {
            v = v << 8 | (b[at + i] & 0xff);
        }
        return v;
    }
}
