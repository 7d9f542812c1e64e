package dev.keyslot.datanode.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * Pipelined requests of mixed sizes cut at arbitrary points into reads, as a loaded socket delivers them:
 * the decoder must yield exactly the requests sent, in order, and count every byte.
 */
class RespDecoderSplitTest {
    private long counted;

    private EmbeddedChannel channel() {
        return new EmbeddedChannel(new RespDecoder(new RespDecoder.Limits() {
            @Override
            public long maxBulkLength() {
                return 512L * 1024 * 1024;
            }

            @Override
            public boolean authenticated() {
                return true;
            }

            @Override
            public void received(int bytes) {
                counted += bytes;
            }
        }));
    }

    @Test
    void requestsSplitAnywhereDecodeIntact() {
        Random random = new Random(42);
        for (int round = 0; round < 20; round++) {
            List<byte[][]> sent = new ArrayList<>();
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            for (int r = 0; r < 200; r++) {
                byte[][] argv = randomRequest(random);
                sent.add(argv);
                wire.writeBytes(encode(argv));
            }
            byte[] bytes = wire.toByteArray();
            EmbeddedChannel ch = channel();
            counted = 0;
            int pos = 0;
            while (pos < bytes.length) {
                int n = Math.min(bytes.length - pos, 1 + random.nextInt(random.nextBoolean() ? 16 : 70000));
                ByteBuf piece = ByteBufAllocator.DEFAULT.ioBuffer(n);
                piece.writeBytes(bytes, pos, n);
                ch.writeInbound(piece);
                pos += n;
            }
            for (byte[][] expected : sent) {
                byte[][] actual = ch.readInbound();
                assertEquals(expected.length, actual.length);
                for (int i = 0; i < expected.length; i++) {
                    assertArrayEquals(expected[i], actual[i]);
                }
            }
            assertNull(ch.readInbound());
            assertEquals(bytes.length, counted);
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void repeatedCommandNamesShareOneArrayAndStillDecodeExactly() {
        byte[][][] sent = {
                {bytes("SET"), bytes("k"), bytes("v")},
                {bytes("SET"), bytes("k2"), bytes("v2")},
                {bytes("GET"), bytes("k")},
                {bytes("set"), bytes("k")},
                {bytes("GET"), bytes("k")},
                {bytes("GET"), bytes("k")},
        };
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (byte[][] argv : sent) {
            wire.writeBytes(encode(argv));
        }
        byte[] bytes = wire.toByteArray();
        EmbeddedChannel ch = channel();
        // One byte per read: a name split across reads must be compared only once it is complete.
        for (byte b : bytes) {
            ByteBuf piece = ByteBufAllocator.DEFAULT.ioBuffer(1);
            piece.writeByte(b);
            ch.writeInbound(piece);
        }
        List<byte[][]> received = new ArrayList<>();
        for (byte[][] expected : sent) {
            byte[][] actual = ch.readInbound();
            assertEquals(expected.length, actual.length);
            for (int i = 0; i < expected.length; i++) {
                assertArrayEquals(expected[i], actual[i]);
            }
            received.add(actual);
        }
        assertSame(received.get(0)[0], received.get(1)[0]);
        assertNotSame(received.get(1)[0], received.get(2)[0]);
        assertNotSame(received.get(2)[0], received.get(3)[0]);
        assertNotSame(received.get(3)[0], received.get(4)[0]);
        assertSame(received.get(4)[0], received.get(5)[0]);
        ch.finishAndReleaseAll();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void lengthLinesOutsideTheCommonFormStillFollowRedisRules() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(ByteBufAllocator.DEFAULT.buffer().writeBytes(
                "*2\r\n$03\r\nabc\r\n".getBytes(StandardCharsets.ISO_8859_1)));
        ProtocolError error = ch.readInbound();
        assertEquals("ERR Protocol error: invalid bulk length", error.message());
        ch.finishAndReleaseAll();
    }

    private static byte[][] randomRequest(Random random) {
        // Some requests have more arguments than the decoder preallocates, some have bulks larger than a read.
        boolean many = random.nextInt(20) == 0;
        byte[][] argv = new byte[1 + random.nextInt(many ? 3000 : 5)][];
        for (int i = 0; i < argv.length; i++) {
            int size = switch (random.nextInt(many ? 2 : 20)) {
                case 0 -> many ? random.nextInt(8) : random.nextInt(200_000);
                case 1 -> 0;
                default -> random.nextInt(40);
            };
            argv[i] = new byte[size];
            random.nextBytes(argv[i]);
        }
        return argv;
    }

    private static byte[] encode(byte[][] argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("*" + argv.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] arg : argv) {
            out.writeBytes(("$" + arg.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(arg);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }
}
