package dev.keyslot.datanode.command.generic;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Hand-built ziplist and zipmap blobs, the forms RDB files from before Redis 7.0 carry. */
final class OldEncodings {
    private OldEncodings() {
    }

    /** A ziplist of strings (6-bit lengths) and Longs (the smallest integer encoding for each). */
    static String ziplist(Object... entries) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int previous = 0;
        int tail = 10;
        for (Object e : entries) {
            tail = 10 + body.size();
            ByteArrayOutputStream entry = new ByteArrayOutputStream();
            entry.write(previous);
            if (e instanceof Long v) {
                if (v >= 0 && v <= 12) {
                    entry.write(0xf1 + v.intValue());
                } else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
                    entry.write(0xfe);
                    le(entry, v, 1);
                } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
                    entry.write(0xc0);
                    le(entry, v, 2);
                } else if (v >= -(1 << 23) && v < (1 << 23)) {
                    entry.write(0xf0);
                    le(entry, v, 3);
                } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                    entry.write(0xd0);
                    le(entry, v, 4);
                } else {
                    entry.write(0xe0);
                    le(entry, v, 8);
                }
            } else {
                byte[] s = ((String) e).getBytes(StandardCharsets.ISO_8859_1);
                entry.write(s.length);
                entry.writeBytes(s);
            }
            previous = entry.size();
            body.writeBytes(entry.toByteArray());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        le(out, 10 + body.size() + 1, 4);
        le(out, tail, 4);
        le(out, entries.length, 2);
        out.writeBytes(body.toByteArray());
        out.write(0xff);
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /** A zipmap of short field/value pairs. */
    static String zipmap(String... pairs) {
        StringBuilder sb = new StringBuilder();
        sb.append((char) (pairs.length / 2));
        for (int i = 0; i < pairs.length; i += 2) {
            sb.append((char) pairs[i].length()).append(pairs[i]);
            sb.append((char) pairs[i + 1].length()).append((char) 0).append(pairs[i + 1]);
        }
        return sb.append((char) 0xff).toString();
    }

    /** An RDB string shorter than 16 KB: a 6- or 14-bit length then the bytes. */
    static String rdbString(String s) {
        if (s.length() < 64) {
            return (char) s.length() + s;
        }
        return "" + (char) (0x40 | s.length() >> 8) + (char) (s.length() & 0xff) + s;
    }

    private static void le(ByteArrayOutputStream out, long v, int bytes) {
        for (int i = 0; i < bytes; i++) {
            out.write((int) (v >>> (8 * i)));
        }
    }
}
