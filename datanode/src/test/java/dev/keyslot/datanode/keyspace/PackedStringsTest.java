package dev.keyslot.datanode.keyspace;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Packed byte strings against a list of arrays: lengths across every varint size, replacements and removals. */
class PackedStringsTest {

    record Op(boolean remove, int index, int length) {
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Integer> lengths = Arbitraries.oneOf(Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(125, 130), Arbitraries.integers().between(16_382, 16_386));
        return Combinators.combine(Arbitraries.of(false, true), Arbitraries.integers().between(0, 20), lengths)
                .as(Op::new).list().ofMaxSize(40);
    }

    private static byte[] filled(int length, int seed) {
        byte[] value = new byte[length];
        Arrays.fill(value, (byte) seed);
        return value;
    }

    private static List<byte[]> unpack(byte[] packed, int used) {
        List<byte[]> out = new ArrayList<>();
        for (int at = 0; at < used; at = PackedStrings.next(packed, at)) {
            out.add(PackedStrings.get(packed, at));
        }
        return out;
    }

    private static int offsetOf(byte[] packed, int index) {
        int at = 0;
        for (int i = 0; i < index; i++) {
            at = PackedStrings.next(packed, at);
        }
        return at;
    }

    @Property(tries = 200)
    void behavesLikeAListOfArrays(@ForAll("operations") List<Op> ops) {
        byte[] packed = new byte[0];
        int used = 0;
        List<byte[]> model = new ArrayList<>();
        int seed = 0;
        for (Op op : ops) {
            byte[] value = filled(op.length(), ++seed);
            if (op.remove() && !model.isEmpty()) {
                int index = op.index() % model.size();
                int from = offsetOf(packed, index);
                int to = PackedStrings.next(packed, from);
                packed = PackedStrings.remove(packed, used, from, to);
                used -= to - from;
                model.remove(index);
            } else if (!model.isEmpty() && op.index() % 2 == 0) {
                int index = op.index() % model.size();
                int from = offsetOf(packed, index);
                int to = PackedStrings.next(packed, from);
                packed = PackedStrings.replace(packed, used, from, to, value);
                used += PackedStrings.entrySize(value.length) - (to - from);
                model.set(index, value);
            } else {
                packed = PackedStrings.replace(packed, used, used, used, value);
                used += PackedStrings.entrySize(value.length);
                model.add(value);
            }
            assertThat(unpack(packed, used)).containsExactlyElementsOf(model);
            for (int i = 0; i < model.size(); i++) {
                int at = offsetOf(packed, i);
                assertThat(PackedStrings.equals(packed, at, model.get(i))).isTrue();
                assertThat(PackedStrings.length(packed, at)).isEqualTo(model.get(i).length);
            }
        }
    }

    @Test
    void lengthHeadersGrowBySevenBits() {
        assertThat(PackedStrings.entrySize(0)).isEqualTo(1);
        assertThat(PackedStrings.entrySize(127)).isEqualTo(128);
        assertThat(PackedStrings.entrySize(128)).isEqualTo(130);
        assertThat(PackedStrings.entrySize(16_383)).isEqualTo(16_385);
        assertThat(PackedStrings.entrySize(16_384)).isEqualTo(16_387);
    }

    @Test
    void equalsComparesLengthAndBytes() {
        byte[] packed = new byte[16];
        PackedStrings.put(packed, 0, new byte[] {'a', 'b'});
        assertThat(PackedStrings.equals(packed, 0, new byte[] {'a', 'b'})).isTrue();
        assertThat(PackedStrings.equals(packed, 0, new byte[] {'a'})).isFalse();
        assertThat(PackedStrings.equals(packed, 0, new byte[] {'a', 'c'})).isFalse();
    }

    /** Small arrays are as tight as their heap allocation allows; large ones keep an eighth spare for appends. */
    @Property
    void grownCapacityFillsTheAllocationAndLeavesRoomOnlyWhenLarge(@ForAll @IntRange(min = 0, max = 100_000) int needed) {
        int capacity = PackedStrings.grownCapacity(needed);
        assertThat((capacity + 16) % 8).isZero();
        if (needed < 256) {
            assertThat(capacity - needed).isBetween(0, 7);
        } else {
            assertThat(capacity - needed).isBetween(needed / 8, needed / 8 + 7);
        }
    }
}
