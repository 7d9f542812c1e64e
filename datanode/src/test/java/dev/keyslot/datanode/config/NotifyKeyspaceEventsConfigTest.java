package dev.keyslot.datanode.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** notify-keyspace-events validation and its canonical spelling (what CONFIG GET prints in Redis 7.0). */
class NotifyKeyspaceEventsConfigTest {
    private static String normalise(String value) throws ConfigException {
        return SpecialConfigs.notifyKeyspaceEvents("", value);
    }

    @Test
    void canonicalOrderAndTheAllShorthand() throws ConfigException {
        assertThat(normalise("KEA")).isEqualTo("AKE");
        assertThat(normalise("Ag$lshzxetdK")).isEqualTo("AK");
        assertThat(normalise("mnExg")).isEqualTo("gxnEm");
        assertThat(normalise("g$lshzxet")).isEqualTo("g$lshzxet");
        assertThat(normalise("")).isEmpty();
    }

    @Test
    void unknownLettersAreRejectedWithRedisMessage() {
        assertThatThrownBy(() -> normalise("KEq"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
    }
}
