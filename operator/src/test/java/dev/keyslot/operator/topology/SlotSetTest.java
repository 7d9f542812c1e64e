package dev.keyslot.operator.topology;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SlotSetTest {
    @Test
    void parsesAndPrintsRanges() {
        SlotSet slots = SlotSet.parse("0-5,7,10-11");
        assertThat(slots.size()).isEqualTo(9);
        assertThat(slots.toString()).isEqualTo("0-5,7,10-11");
        assertThat(SlotSet.parse("").isEmpty()).isTrue();
    }

    @Test
    void picksHighestAndLowest() {
        SlotSet slots = SlotSet.parse("0-5,7,10-11");
        assertThat(slots.highest(3).toString()).isEqualTo("7,10-11");
        assertThat(slots.lowest(2).toString()).isEqualTo("0-1");
        assertThat(slots.highest(100)).isEqualTo(slots);
    }

    @Test
    void rejectsSlotsOutOfRange() {
        assertThatThrownBy(() -> SlotSet.of(16384)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SlotSet.parse("-1")).isInstanceOf(RuntimeException.class);
    }
}
