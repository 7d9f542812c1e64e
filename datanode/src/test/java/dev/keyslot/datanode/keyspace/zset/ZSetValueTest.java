package dev.keyslot.datanode.keyspace.zset;

import dev.keyslot.datanode.keyspace.ValueType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Sorted-set encodings (listpack/skiplist), negative zero, memory accounting and copies. */
class ZSetValueTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void listpackUntilEntryLimitThenSkiplistForGood() {
        ZSetValue z = new ZSetValue(true);
        for (int i = 0; i < 3; i++) {
            z.insert(b("m" + i), i, 3, 64);
        }
        assertThat(z.encoding()).isEqualTo("listpack");
        z.insert(b("m3"), 3, 3, 64);
        assertThat(z.encoding()).isEqualTo("skiplist");
        z.remove(b("m3"));
        z.remove(b("m2"));
        assertThat(z.encoding()).isEqualTo("skiplist");
        z.compactIfFits(3, 64);
        assertThat(z.encoding()).isEqualTo("listpack");
        assertThat(z.type()).isEqualTo(ValueType.ZSET);
    }

    @Test
    void longMemberForcesSkiplist() {
        ZSetValue z = new ZSetValue(true);
        z.insert(b("short"), 1, 128, 5);
        assertThat(z.encoding()).isEqualTo("listpack");
        z.insert(b("longer"), 1, 128, 5);
        assertThat(z.encoding()).isEqualTo("skiplist");
        z.compactIfFits(128, 5);
        assertThat(z.encoding()).isEqualTo("skiplist");
    }

    @Test
    void negativeZeroIsNormalisedOnlyInListpacks() {
        ZSetValue compact = new ZSetValue(true);
        compact.insert(b("a"), -0.0, 128, 64);
        assertThat(1 / compact.find(b("a")).score()).isPositive();
        ZSetValue big = new ZSetValue(false);
        big.insert(b("a"), -0.0, 128, 64);
        assertThat(1 / big.find(b("a")).score()).isNegative();
        big.compactIfFits(128, 64);
        assertThat(1 / big.find(b("a")).score()).isPositive();
    }

    @Test
    void memoryUsageFollowsContentsAndCopiesAreIndependent() {
        ZSetValue z = new ZSetValue(false);
        long empty = z.memoryUsage();
        for (int i = 0; i < 100; i++) {
            z.insert(b("member-" + i), i, 128, 64);
        }
        long full = z.memoryUsage();
        assertThat(full).isGreaterThan(empty + 100 * 8);
        ZSetValue copy = z.copy();
        z.remove(b("member-1"));
        assertThat(z.memoryUsage()).isLessThan(full);
        assertThat(copy.size()).isEqualTo(100);
        assertThat(copy.find(b("member-1")).score()).isEqualTo(1);
        assertThat(copy.encoding()).isEqualTo("skiplist");
    }
}
