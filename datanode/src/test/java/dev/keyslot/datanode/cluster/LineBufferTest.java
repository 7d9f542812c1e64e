package dev.keyslot.datanode.cluster;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class LineBufferTest {
    @Test
    void numbersArePrintedAsJavaPrintsThemSignedAndUnsigned() {
        SplittableRandom random = new SplittableRandom(7);
        long[] edges = {0, 9, 10, 99, 100, -1, -9, -10, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1};
        for (int i = 0; i < 10_000 + edges.length; i++) {
            long v = i < edges.length ? edges[i] : random.nextLong() >> random.nextInt(64);
            LineBuffer line = new LineBuffer(1);
            line.append(v).append(' ').appendUnsigned(v);
            assertThat(line.toString()).isEqualTo(v + " " + Long.toUnsignedString(v));
        }
    }

    @Test
    void textIsWrittenInUtf8AndTheBufferGrows() {
        LineBuffer line = new LineBuffer(2);
        line.append("node-0").append(',').append("ñodo-é").append(" ok");
        assertThat(Arrays.copyOf(line.array(), line.length()))
                .isEqualTo("node-0,ñodo-é ok".getBytes(StandardCharsets.UTF_8));
        assertThat(line.toString()).isEqualTo("node-0,ñodo-é ok");
    }

    @Test
    void paddingFillsNewlinesAfterTheContentWithoutCountingThem() {
        LineBuffer line = new LineBuffer(4);
        line.append("abc");
        line.padTo(8);
        assertThat(line.length()).isEqualTo(3);
        assertThat(new String(line.array(), 0, 8, StandardCharsets.US_ASCII)).isEqualTo("abc\n\n\n\n\n");
        line.clear();
        assertThat(line.append(42).toString()).isEqualTo("42");
    }
}
