package dev.keyslot.datanode.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Output past one 16 KB block is kept as a chain of blocks instead of one growing buffer: what a client reads
 * must be the same bytes in the same order whatever the sizes, and the pending size and the growth observer
 * (output buffer limits) must count every block.
 */
class ReplyBlocksTest {
    private final PooledByteBufAllocator allocator = new PooledByteBufAllocator(true);

    @Test
    void largeOutputReadsBackExactlyAsWritten() {
        Random random = new Random(7);
        for (int round = 0; round < 50; round++) {
            Reply reply = new Reply(allocator);
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            int elements = random.nextInt(5000);
            reply.arrayHeader(elements);
            expected.writeBytes(("*" + elements + "\r\n").getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < elements; i++) {
                byte[] value = new byte[random.nextInt(8) == 0 ? random.nextInt(40_000) : random.nextInt(30)];
                random.nextBytes(value);
                reply.bulk(value);
                expected.writeBytes(("$" + value.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                expected.writeBytes(value);
                expected.writeBytes(new byte[] {'\r', '\n'});
            }
            assertThat(reply.pendingBytes()).isEqualTo(expected.size());
            ByteBuf out = reply.take();
            try {
                byte[] actual = new byte[out.readableBytes()];
                out.getBytes(out.readerIndex(), actual);
                assertThat(actual).isEqualTo(expected.toByteArray());
            } finally {
                out.release();
            }
            assertThat(reply.pendingBytes()).isZero();
            assertThat(reply.hasPending()).isFalse();
        }
    }

    @Test
    void aBatchOfLargeRepliesIsSplitIntoBlocksWithoutGrowingOneBuffer() {
        Reply reply = new Reply(allocator);
        byte[] element = "xxx".getBytes(StandardCharsets.US_ASCII);
        for (int request = 0; request < 16; request++) {
            reply.arrayHeader(500);
            for (int i = 0; i < 500; i++) {
                reply.bulk(element);
            }
        }
        ByteBuf out = reply.take();
        try {
            assertThat(out.readableBytes()).isEqualTo(16 * (6 + 500 * 9));
            assertThat(out).isInstanceOf(CompositeByteBuf.class);
            CompositeByteBuf blocks = (CompositeByteBuf) out;
            for (int i = 0; i < blocks.numComponents(); i++) {
                assertThat(blocks.internalComponent(i).capacity()).isLessThanOrEqualTo(16 * 1024);
            }
        } finally {
            out.release();
        }
    }

    @Test
    void growthObserverHearsOfEvery16KbAcrossBlocks() {
        Reply reply = new Reply(allocator);
        int[] calls = {0};
        reply.setGrowthObserver(() -> calls[0]++);
        byte[] value = new byte[100];
        for (int i = 0; i < 2000; i++) {
            reply.bulk(value);
        }
        int pending = reply.pendingBytes();
        assertThat(pending).isEqualTo(2000 * 108);
        // Told once the output reaches 16 KB, then after each further 16 KB (checked before a write, as before).
        assertThat(calls[0]).isBetween(pending / (16 * 1024) - 1, pending / (16 * 1024));
        reply.release();
        assertThat(reply.pendingBytes()).isZero();
    }

    @Test
    void discardDropsEveryBlock() {
        Reply reply = new Reply(allocator);
        byte[] value = new byte[1000];
        for (int i = 0; i < 100; i++) {
            reply.bulk(value);
        }
        reply.discard();
        assertThat(reply.pendingBytes()).isZero();
        reply.bulk(value);
        assertThat(reply.pendingBytes()).isZero();
        reply.release();
    }

    @Test
    void smallRepliesStayOneBuffer() {
        Reply reply = new Reply(allocator);
        reply.ok();
        reply.integer(42);
        ByteBuf out = reply.take();
        try {
            assertThat(out).isNotInstanceOf(CompositeByteBuf.class);
            assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("+OK\r\n:42\r\n");
        } finally {
            out.release();
        }
    }
}
