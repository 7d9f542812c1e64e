package dev.keyslot.datanode.command.string;

import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.keyspace.KeyEntry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Copy-before-write of string values and the size limits that cannot be tested against redis-server. */
class OwnedStringsTest {

    @Test
    void sharedValuesAreCopiedOnceThenEditedInPlace() {
        byte[] shared = {'a', 'b'};
        KeyEntry e = new KeyEntry(new byte[] {'k'}, shared);
        byte[] owned = OwnedStrings.own(e, 2);
        assertThat(owned).isNotSameAs(shared).containsExactly('a', 'b');
        assertThat(e.rawString()).isTrue();
        assertThat(OwnedStrings.own(e, 1)).isSameAs(owned);
        byte[] grown = OwnedStrings.own(e, 4);
        assertThat(grown).containsExactly('a', 'b', 0, 0);
        assertThat(e.value).isSameAs(grown);
        assertThat(shared).containsExactly('a', 'b');
    }

    @Test
    void lengthsBeyondAJavaArrayAreRefusedAsTooLong() {
        assertThatThrownBy(() -> OwnedStrings.allocate(Integer.MAX_VALUE))
                .isInstanceOf(CommandError.class).hasMessage(OwnedStrings.TOO_LONG);
        assertThatThrownBy(() -> OwnedStrings.checkLength(3_000_000_000L, 1, Long.MAX_VALUE))
                .hasMessage(OwnedStrings.TOO_LONG);
    }

    @Test
    void overflowingSumsAreTooLong() {
        assertThatThrownBy(() -> OwnedStrings.checkLength(Long.MAX_VALUE, 10, Long.MAX_VALUE))
                .hasMessage(OwnedStrings.TOO_LONG);
        OwnedStrings.checkLength(10, 10, 20);
        assertThatThrownBy(() -> OwnedStrings.checkLength(10, 11, 20)).hasMessage(OwnedStrings.TOO_LONG);
    }
}
