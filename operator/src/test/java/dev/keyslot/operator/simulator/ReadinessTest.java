package dev.keyslot.operator.simulator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReadinessTest {
    private static final Readiness READY = Readiness.STARTING.probed(true, true);

    @Test
    void readyAtTheFirstAnsweredProbeOnly() {
        assertThat(Readiness.STARTING.probed(false, true).ready()).isFalse();
        assertThat(Readiness.STARTING.probed(false, true).probed(false, true).probed(true, true).ready()).isTrue();
    }

    @Test
    void staysReadyUntilTheThirdMissedProbeInARow() {
        Readiness twoMissed = READY.probed(false, true).probed(false, true);
        assertThat(twoMissed.ready()).isTrue();
        assertThat(twoMissed.probed(false, true).ready()).isFalse();
        assertThat(twoMissed.probed(true, true).probed(false, true).probed(false, true).ready())
                .as("an answer starts the count over").isTrue();
    }

    @Test
    void anExitedContainerIsNotReadyAtOnce() {
        assertThat(READY.probed(false, false).ready()).isFalse();
    }
}
