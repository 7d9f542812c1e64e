package dev.keyslot.operator.admin;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class MigrationRoundTest {
    private static List<byte[]> keys(int count) {
        return IntStream.range(0, count).mapToObj(i -> ("k" + i).getBytes()).toList();
    }

    private static Map<Integer, List<byte[]>> listing(int... slotAndCount) {
        Map<Integer, List<byte[]>> left = new LinkedHashMap<>();
        for (int i = 0; i < slotAndCount.length; i += 2) {
            left.put(slotAndCount[i], keys(slotAndCount[i + 1]));
        }
        return left;
    }

    @Test
    void takesSlotsInOrderUpToTheKeyBound() {
        Map<Integer, List<byte[]>> left = listing(7, 30, 8, 50, 9, 21, 10, 5);
        Map<Integer, List<byte[]>> round = MigrationRound.take(left, 100);
        assertThat(round.keySet()).containsExactly(7, 8);
        assertThat(MigrationRound.keyCount(round)).isEqualTo(80);
        assertThat(left.keySet()).containsExactly(9, 10);
    }

    @Test
    void alwaysTakesTheFirstSlotEvenAboveTheBound() {
        Map<Integer, List<byte[]>> left = listing(3, 500, 4, 1);
        assertThat(MigrationRound.take(left, 100).keySet()).containsExactly(3);
        assertThat(MigrationRound.take(left, 100).keySet()).containsExactly(4);
        assertThat(left).isEmpty();
        assertThat(MigrationRound.take(left, 100)).isEmpty();
    }
}
