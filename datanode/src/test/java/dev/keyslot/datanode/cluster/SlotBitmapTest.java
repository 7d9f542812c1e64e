package dev.keyslot.datanode.cluster;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class SlotBitmapTest {
    @Test
    void scansFindTheEdgesOfTheBitmap() {
        SlotBitmap b = new SlotBitmap();
        assertThat(b.nextSet(0)).isEqualTo(-1);
        assertThat(b.nextClear(0)).isEqualTo(0);
        b.set(0);
        b.set(63);
        b.set(64);
        b.set(16383);
        assertThat(b.nextSet(0)).isEqualTo(0);
        assertThat(b.nextSet(1)).isEqualTo(63);
        assertThat(b.nextClear(63)).isEqualTo(65);
        assertThat(b.nextSet(65)).isEqualTo(16383);
        assertThat(b.nextClear(16383)).isEqualTo(KeySlot.SLOTS);
        assertThat(b.nextSet(KeySlot.SLOTS)).isEqualTo(-1);
        b.clearAll();
        assertThat(b.count()).isZero();
    }

    @Property(tries = 200)
    void scansAgreeWithSlotBySlotReads(@ForAll @Size(max = 200) Set<@IntRange(max = 16383) Integer> slots,
                                       @ForAll @IntRange(max = 16384) int from) {
        SlotBitmap b = new SlotBitmap();
        slots.forEach(b::set);
        int expectedSet = -1;
        int expectedClear = KeySlot.SLOTS;
        for (int s = KeySlot.SLOTS - 1; s >= from; s--) {
            if (b.get(s)) {
                expectedSet = s;
            } else {
                expectedClear = s;
            }
        }
        assertThat(b.nextSet(from)).isEqualTo(expectedSet);
        assertThat(b.nextClear(from)).isEqualTo(expectedClear);
    }

    @Property(tries = 200)
    void wordOperationsAgreeWithSlotBySlotOnes(@ForAll @Size(max = 200) Set<@IntRange(max = 16383) Integer> a,
                                               @ForAll @Size(max = 200) Set<@IntRange(max = 16383) Integer> b,
                                               @ForAll @Size(max = 200) Set<@IntRange(max = 16383) Integer> c,
                                               @ForAll @IntRange(max = 16384) int from) {
        SlotBitmap x = bitmap(a);
        SlotBitmap excluded = bitmap(b);
        int expectedNext = -1;
        for (int s = KeySlot.SLOTS - 1; s >= from; s--) {
            if (x.get(s) && !excluded.get(s)) {
                expectedNext = s;
            }
        }
        assertThat(x.nextSetExcept(excluded, from)).isEqualTo(expectedNext);

        SlotBitmap source = bitmap(c);
        SlotBitmap expected = bitmap(a);
        for (int s = 0; s < KeySlot.SLOTS; s++) {
            if (excluded.get(s)) {
                if (source.get(s)) {
                    expected.clear(s);
                } else {
                    expected.set(s);
                }
            }
        }
        x.setComplementWithin(excluded, source);
        assertThat(x.bytes()).isEqualTo(expected.bytes());
        assertThat(x.count()).isEqualTo((int) IntStream.range(0, KeySlot.SLOTS).filter(x::get).count());
    }

    private static SlotBitmap bitmap(Set<Integer> slots) {
        SlotBitmap b = new SlotBitmap();
        slots.forEach(b::set);
        return b;
    }
}
