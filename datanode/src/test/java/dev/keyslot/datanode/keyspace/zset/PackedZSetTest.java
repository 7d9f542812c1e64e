package dev.keyslot.datanode.keyspace.zset;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PackedZSetTest {
    /** Scores around every boundary of the packed integer form, and the doubles that must stay doubles. */
    private static final double[] SCORES = {
        Double.NEGATIVE_INFINITY, -1e300, -0x1p53 - 2, -0x1p53, -8193, -8192, -65, -64, -63, -1.5, -1, -0.1,
        0, 0.1, 1, 63, 64, 65, 8191, 8192, 0x1p53, 0x1p53 + 2, 0x1p62, 1e300, Double.MAX_VALUE,
        Double.POSITIVE_INFINITY,
    };

    @Test
    void everyScoreReadsBackExactlyAndInOrder() {
        PackedZSet set = new PackedZSet();
        for (int i = SCORES.length - 1; i >= 0; i--) {
            set.insert(member(i), SCORES[i]);
        }
        List<Double> read = new ArrayList<>();
        for (ZSetEntry e = set.at(0); e != null; e = e.next()) {
            read.add(e.score());
            assertThat(e.member()).isEqualTo(member(read.size() - 1));
        }
        assertThat(read).containsExactly(boxed(SCORES));
        for (int i = 0; i < SCORES.length; i++) {
            assertThat(set.find(member(i)).score()).isEqualTo(SCORES[i]);
        }
    }

    @Test
    void negativeZeroIsStoredAsZeroAsInARedisListpack() {
        PackedZSet set = new PackedZSet();
        set.insert(member(0), -0.0);
        assertThat(1 / set.find(member(0)).score()).isPositive();
    }

    @Test
    void smallIntegerScoresTakeOneByteAndRemovalsCompactTheArray() {
        PackedZSet set = new PackedZSet();
        for (int i = 0; i < 100; i++) {
            set.insert(member(i), i % 10);
        }
        assertThat(set.allocatedBytes()).isLessThan(100 * (member(0).length + 3) + 64);
        for (int i = 0; i < 100; i++) {
            assertThat(set.remove(member(i))).isTrue();
        }
        assertThat(set.size()).isZero();
        assertThat(set.remove(member(0))).isFalse();
        assertThat(set.at(0)).isNull();
    }

    @Test
    void equalScoresAreOrderedByMemberBytesUnsigned() {
        PackedZSet set = new PackedZSet();
        byte[] high = {(byte) 0xff};
        byte[] low = {0x01};
        byte[] prefix = {0x01, 0x00};
        set.insert(high, 1);
        set.insert(prefix, 1);
        set.insert(low, 1);
        ZSetEntry first = set.at(0);
        assertThat(first.member()).isEqualTo(low);
        assertThat(first.next().member()).isEqualTo(prefix);
        assertThat(first.next().next().member()).isEqualTo(high);
        assertThat(set.at(2).previous().previous().member()).isEqualTo(low);
    }

    private static byte[] member(int i) {
        return ("m" + (char) ('a' + i)).getBytes(StandardCharsets.US_ASCII);
    }

    private static Double[] boxed(double[] values) {
        Double[] out = new Double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
