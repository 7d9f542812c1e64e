package dev.keyslot.operator.reconciler;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class MigrationPaceTest {
    private static final long MS = 1_000_000L;
    private static final long PLENTY = 5_000 * MS;

    @Test
    void startsSmallThenFitsTheStepTimeGrowingAtMostFourfold() {
        MigrationPace pace = new MigrationPace(16, 256, Duration.ofMillis(300));
        assertThat(pace.nextStep(PLENTY)).isEqualTo(16);
        pace.stepTook(16, 16 * MS);
        assertThat(pace.nextStep(PLENTY)).as("1 ms per slot would fit 300, but growth is bounded").isEqualTo(64);
        pace.stepTook(64, 64 * MS);
        assertThat(pace.nextStep(PLENTY)).isEqualTo(256);
        pace.stepTook(256, 128 * MS);
        assertThat(pace.nextStep(PLENTY)).as("capped").isEqualTo(256);
    }

    @Test
    void shrinksWhenSlotsGetSlowerAndToWhatIsLeftOfTheBudget() {
        MigrationPace pace = new MigrationPace(16, 256, Duration.ofMillis(300));
        pace.stepTook(16, 160 * MS);
        assertThat(pace.nextStep(PLENTY)).isEqualTo(30);
        assertThat(pace.nextStep(50 * MS)).isEqualTo(5);
        pace.stepTook(30, 30_000 * MS);
        assertThat(pace.nextStep(PLENTY)).as("never below one slot").isEqualTo(1);
        assertThat(pace.nextStep(-MS)).isEqualTo(1);
    }
}
