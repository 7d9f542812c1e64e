package dev.keyslot.datanode.memory;

import dev.keyslot.datanode.keyspace.KeyEntry;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class AccessClockTest {
    private final AtomicLong now = new AtomicLong(1_700_000_000_000L);
    private final AccessClock clock = new AccessClock(now::get);

    private KeyEntry entry() {
        KeyEntry e = new KeyEntry(new byte[] {'k'}, new byte[] {'v'});
        clock.created(e);
        return e;
    }

    private void advance(long millis) {
        now.addAndGet(millis);
        clock.tick();
    }

    @Test
    void idleTimeCountsWholeSecondsSinceLastAccess() {
        KeyEntry e = entry();
        advance(3_500);
        assertThat(clock.idleMillis(e)).isEqualTo(3_000);
        clock.accessed(e);
        assertThat(clock.idleMillis(e)).isZero();
    }

    @Test
    void idleTimeSurvivesTheWrapOfTheTwentyFourBitClock() {
        KeyEntry e = entry();
        e.lru = AccessClock.LRU_CLOCK_MAX - 10;
        now.set(((AccessClock.LRU_CLOCK_MAX + 1L) + 5) * 1000);
        clock.tick();
        assertThat(clock.idleMillis(e)).isEqualTo(15_000);
    }

    @Test
    void lfuCounterStartsAtFiveAndGrowsLogarithmically() {
        clock.configure(true, 10, 1);
        KeyEntry once = entry();
        assertThat(clock.frequency(once)).isEqualTo(AccessClock.LFU_INIT_VAL);
        KeyEntry hot = entry();
        for (int i = 0; i < 1000; i++) {
            clock.accessed(hot);
        }
        // With factor 10, about 10*(c-5)^2/2 hits reach counter c: 1000 hits land near 19, far below 255.
        assertThat(clock.frequency(hot)).isBetween(12, 30);
    }

    @Test
    void lfuLogFactorZeroCountsEveryHitUpToTheSaturation() {
        clock.configure(true, 0, 1);
        KeyEntry e = entry();
        for (int i = 0; i < 300; i++) {
            clock.accessed(e);
        }
        assertThat(clock.frequency(e)).isEqualTo(255);
    }

    @Test
    void lfuCounterDecaysOnePerDecayPeriod() {
        clock.configure(true, 0, 2);
        KeyEntry e = entry();
        for (int i = 0; i < 15; i++) {
            clock.accessed(e);
        }
        assertThat(clock.frequency(e)).isEqualTo(20);
        advance(6 * 60_000);
        assertThat(clock.frequency(e)).isEqualTo(17);
        advance(600 * 60_000);
        assertThat(clock.frequency(e)).isZero();
    }

    @Test
    void decayTimeZeroDisablesDecay() {
        clock.configure(true, 0, 0);
        KeyEntry e = entry();
        advance(600 * 60_000);
        assertThat(clock.frequency(e)).isEqualTo(AccessClock.LFU_INIT_VAL);
    }
}
