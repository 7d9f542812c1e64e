package dev.keyslot.datanode.command.generic;

import dev.keyslot.datanode.persistence.rdb.Crc64;

import java.nio.charset.StandardCharsets;

/** Hand-made DUMP payloads: a body followed by a chosen RDB version and the matching checksum. */
public final class Payloads {
    private Payloads() {
    }

    public static String withFooter(String body, int version) {
        byte[] b = body.getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[b.length + 10];
        System.arraycopy(b, 0, out, 0, b.length);
        out[b.length] = (byte) version;
        out[b.length + 1] = (byte) (version >> 8);
        long crc = Crc64.of(out, 0, b.length + 2);
        for (int i = 0; i < 8; i++) {
            out[b.length + 2 + i] = (byte) (crc >>> (8 * i));
        }
        return new String(out, StandardCharsets.ISO_8859_1);
    }
}
