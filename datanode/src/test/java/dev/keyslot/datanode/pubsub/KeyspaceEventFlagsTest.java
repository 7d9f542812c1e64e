package dev.keyslot.datanode.pubsub;

import dev.keyslot.datanode.config.ConfigException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** notify-keyspace-events parsing and its canonical spelling (what CONFIG GET prints in Redis 7.0). */
class KeyspaceEventFlagsTest {
    @Test
    void canonicalOrderAndTheAllShorthand() throws ConfigException {
        assertThat(KeyspaceEventFlags.normalise("KEA")).isEqualTo("AKE");
        assertThat(KeyspaceEventFlags.normalise("Ag$lshzxetdK")).isEqualTo("AK");
        assertThat(KeyspaceEventFlags.normalise("mnExg")).isEqualTo("gxnEm");
        assertThat(KeyspaceEventFlags.normalise("g$lshzxet")).isEqualTo("g$lshzxet");
        assertThat(KeyspaceEventFlags.normalise("")).isEmpty();
    }

    @Test
    void unknownLettersAreRejectedWithRedisMessage() {
        assertThatThrownBy(() -> KeyspaceEventFlags.normalise("KEq"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
    }
}
