package dev.keyslot.datanode.keyspace;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The LRU clock and LFU counter kept in KeyEntry.lru, with Redis's resolution, wrap-around and decay. */
class AccessTrackerTest {
    private static final int LRU_CLOCK_MAX = (1 << 24) - 1;
    private static final int LFU_INIT_VAL = 5;
    private final AccessTracker tracker = new AccessTracker();
    private long now = 1_700_000_000_000L;

    private KeyEntry entry() {
        KeyEntry e = new KeyEntry(new byte[] {'k'}, new byte[] {'v'});
        e.lru = tracker.initial(now);
        return e;
    }

    @Test
    void idleTimeCountsWholeSecondsSinceLastAccess() {
        KeyEntry e = entry();
        now += 3_500;
        assertThat(tracker.idleMillis(e, now)).isEqualTo(3_000);
        tracker.touch(e, now);
        assertThat(tracker.idleMillis(e, now)).isZero();
    }

    @Test
    void idleTimeSurvivesTheWrapOfTheTwentyFourBitClock() {
        KeyEntry e = entry();
        e.lru = LRU_CLOCK_MAX - 10;
        now = ((LRU_CLOCK_MAX + 1L) + 5) * 1000;
        assertThat(tracker.idleMillis(e, now)).isEqualTo(15_000);
    }

    @Test
    void lfuCounterStartsAtFiveAndGrowsLogarithmically() {
        tracker.configure(true, 10, 1);
        KeyEntry once = entry();
        assertThat(tracker.frequency(once, now)).isEqualTo(LFU_INIT_VAL);
        KeyEntry hot = entry();
        for (int i = 0; i < 1000; i++) {
            tracker.touch(hot, now);
        }
        // With factor 10, about 10*(c-5)^2/2 hits reach counter c: 1000 hits land near 19, far below 255.
        assertThat(tracker.frequency(hot, now)).isBetween(12, 30);
    }

    @Test
    void lfuLogFactorZeroCountsEveryHitUpToTheSaturation() {
        tracker.configure(true, 0, 1);
        KeyEntry e = entry();
        for (int i = 0; i < 300; i++) {
            tracker.touch(e, now);
        }
        assertThat(tracker.frequency(e, now)).isEqualTo(255);
    }

    @Test
    void lfuCounterDecaysOnePerDecayPeriod() {
        tracker.configure(true, 0, 2);
        KeyEntry e = entry();
        for (int i = 0; i < 15; i++) {
            tracker.touch(e, now);
        }
        assertThat(tracker.frequency(e, now)).isEqualTo(20);
        now += 6 * 60_000;
        assertThat(tracker.frequency(e, now)).isEqualTo(17);
        now += 600 * 60_000;
        assertThat(tracker.frequency(e, now)).isZero();
    }

    @Test
    void decayTimeZeroDisablesDecay() {
        tracker.configure(true, 0, 0);
        KeyEntry e = entry();
        now += 600 * 60_000;
        assertThat(tracker.frequency(e, now)).isEqualTo(LFU_INIT_VAL);
    }
}
