package dev.keyslot.datanode.pubsub;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** notify-keyspace-events letters as the notifier's bits. */
class KeyspaceEventFlagsTest {
    @Test
    void allCoversEveryClassButKeyMissAndNew() {
        int all = KeyspaceEventFlags.parse("A");
        for (NotifyType t : NotifyType.values()) {
            boolean expected = t != NotifyType.KEY_MISS && t != NotifyType.NEW;
            assertThat((all & t.bit) != 0).as(t.name()).isEqualTo(expected);
        }
        assertThat(all & (KeyspaceEventFlags.KEYSPACE | KeyspaceEventFlags.KEYEVENT)).isZero();
    }

    @Test
    void lettersMapToTheirClassesAndChannels() {
        assertThat(KeyspaceEventFlags.parse("K$")).isEqualTo(KeyspaceEventFlags.KEYSPACE | NotifyType.STRING.bit);
        assertThat(KeyspaceEventFlags.parse("Emn"))
                .isEqualTo(KeyspaceEventFlags.KEYEVENT | NotifyType.KEY_MISS.bit | NotifyType.NEW.bit);
        assertThat(KeyspaceEventFlags.parse("")).isZero();
    }

    @Test
    void unknownLettersAreRejected() {
        assertThat(KeyspaceEventFlags.parse("KEq")).isEqualTo(-1);
    }
}
