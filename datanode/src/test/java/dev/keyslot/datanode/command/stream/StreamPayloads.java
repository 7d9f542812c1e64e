package dev.keyslot.datanode.command.stream;

import dev.keyslot.datanode.persistence.rdb.Crc64;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Rewrites a redis-server 7.0 DUMP of a small stream without groups (every counter below 64) into the
 * pre-7.0 STREAM_LISTPACKS form: type 15, no first/max-deleted IDs, no entries-added counter.
 */
final class StreamPayloads {
    private static final int STREAM_LISTPACKS = 15;
    private static final int OLD_RDB_VERSION = 9;

    private StreamPayloads() {
    }

    static byte[] toListpacksV1(byte[] v2) {
        int p = 1;
        int nodes = v2[p++];
        for (int i = 0; i < 2 * nodes; i++) {
            p = skipString(v2, p);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(STREAM_LISTPACKS);
        out.write(v2, 1, p - 1);
        out.write(v2, p, 3);
        out.write(0);
        byte[] body = out.toByteArray();
        byte[] result = Arrays.copyOf(body, body.length + 10);
        result[body.length] = OLD_RDB_VERSION;
        long crc = Crc64.of(result, 0, body.length + 2);
        for (int i = 0; i < 8; i++) {
            result[body.length + 2 + i] = (byte) (crc >>> (8 * i));
        }
        return result;
    }

    /** Skips an RDB string: 6-bit or 14-bit length, or LZF (compressed and plain lengths, then data). */
    private static int skipString(byte[] b, int p) {
        int first = b[p] & 0xff;
        if (first == 0xc3) {
            int[] compressed = length(b, p + 1);
            int[] plain = length(b, compressed[1]);
            return plain[1] + compressed[0];
        }
        int[] len = length(b, p);
        return len[1] + len[0];
    }

    /** {length, position after it} for 6- and 14-bit lengths. */
    private static int[] length(byte[] b, int p) {
        int first = b[p] & 0xff;
        if (first >> 6 == 0) {
            return new int[] {first & 0x3f, p + 1};
        }
        if (first >> 6 == 1) {
            return new int[] {((first & 0x3f) << 8) | (b[p + 1] & 0xff), p + 2};
        }
        throw new IllegalArgumentException("only small lengths are expected here");
    }

    static byte[] hex(String s) {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
