package dev.keyslot.datanode.replication;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.nio.charset.StandardCharsets;

/** Commands in the form the replication stream carries them: RESP arrays of bulk strings. */
final class StreamEncoding {
    private StreamEncoding() {
    }

    static ByteBuf encode(ByteBufAllocator alloc, byte[][] argv) {
        int size = 1 + digits(argv.length) + 2;
        for (byte[] a : argv) {
            size += 1 + digits(a.length) + 2 + a.length + 2;
        }
        ByteBuf out = alloc.buffer(size);
        out.writeByte('*');
        writeDecimal(out, argv.length);
        out.writeShort(0x0d0a);
        for (byte[] a : argv) {
            out.writeByte('$');
            writeDecimal(out, a.length);
            out.writeShort(0x0d0a);
            out.writeBytes(a);
            out.writeShort(0x0d0a);
        }
        return out;
    }

    static byte[][] command(String... words) {
        byte[][] argv = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            argv[i] = words[i].getBytes(StandardCharsets.ISO_8859_1);
        }
        return argv;
    }

    private static int digits(int v) {
        int d = 1;
        while (v >= 10) {
            v /= 10;
            d++;
        }
        return d;
    }

    private static void writeDecimal(ByteBuf out, int v) {
        if (v < 10) {
            out.writeByte('0' + v);
            return;
        }
        out.writeCharSequence(Integer.toString(v), StandardCharsets.US_ASCII);
    }
}
