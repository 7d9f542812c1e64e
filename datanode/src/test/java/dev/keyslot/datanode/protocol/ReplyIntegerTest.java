package dev.keyslot.datanode.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Integers and aggregate lengths are written digit by digit; they must read exactly like Long.toString. */
class ReplyIntegerTest {
    @Test
    void integersMatchTheirDecimalForm() {
        long[] values = {0, 9, 9999, 10000, 10001, 99999, 123456789, -1, -10, -10000, -987654321012L,
                Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1, 1_000_000_000_000_000_000L};
        for (long v : values) {
            assertEquals(":" + v + "\r\n", encode(r -> r.integer(v)));
            assertEquals("*" + v + "\r\n", encode(r -> r.arrayHeader(v)));
        }
    }

    @Test
    void everyNumberOfDigitsIsWrittenWhole() {
        for (long power = 10; ; power *= 10) {
            for (long v : new long[] {power - 1, power, power + 1, -power}) {
                assertEquals(":" + v + "\r\n", encode(r -> r.integer(v)));
            }
            if (power > Long.MAX_VALUE / 10) {
                break;
            }
        }
    }

    @Test
    void resp3AggregateLengthsMatchTheirDecimalForm() {
        assertEquals("%123456\r\n", encode(r -> {
            r.setProtocol(3);
            r.mapHeader(123456);
        }));
    }

    private static String encode(java.util.function.Consumer<Reply> write) {
        Reply reply = new Reply(UnpooledByteBufAllocator.DEFAULT);
        write.accept(reply);
        ByteBuf out = reply.take();
        try {
            return out.toString(StandardCharsets.US_ASCII);
        } finally {
            out.release();
        }
    }
}
