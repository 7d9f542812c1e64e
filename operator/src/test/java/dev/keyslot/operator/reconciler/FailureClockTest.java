package dev.keyslot.operator.reconciler;

import dev.keyslot.operator.admin.ClusterNodesParser;
import dev.keyslot.operator.topology.PodIdentity;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class FailureClockTest {
    private static final String HEALTHY = """
            aaaa 10.0.0.1:6379@16379 myself,master - 0 0 1 connected 0-16383
            bbbb 10.0.0.2:6379@16379 slave aaaa 0 0 1 connected
            """;
    private static final String B_FAILING = """
            aaaa 10.0.0.1:6379@16379 myself,master - 0 0 1 connected 0-16383
            bbbb 10.0.0.2:6379@16379 slave,fail? aaaa 0 0 1 connected
            """;

    private static final Duration NODE_TIMEOUT = Duration.ofSeconds(2);

    /** B flagged failing by A, whose ping to it went out at {@code pingSentMillis} on A's wall clock. */
    private static String bFailingSincePing(long pingSentMillis) {
        return """
                aaaa 10.0.0.1:6379@16379 myself,master - 0 0 1 connected 0-16383
                bbbb 10.0.0.2:6379@16379 slave,fail? aaaa %d 0 1 connected
                """.formatted(pingSentMillis);
    }

    private static List<NodeReport> seen(String nodes) {
        return List.of(new NodeReport(new PodIdentity("rc-0-0", 0, 0), "10.0.0.1", ClusterNodesParser.parse(nodes), Map.of(), Map.of()));
    }

    @Test
    void measuresUnbrokenFailuresAndStartsOverAfterARecovery() {
        AtomicLong now = new AtomicLong();
        FailureClock clock = new FailureClock(now::get, () -> 0);

        assertThat(clock.observe(seen(HEALTHY), NODE_TIMEOUT)).isEmpty();
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(clock.observe(seen(B_FAILING), NODE_TIMEOUT)).containsExactly(Map.entry("bbbb", Duration.ZERO));
        now.addAndGet(Duration.ofSeconds(4).toNanos());
        assertThat(clock.observe(seen(B_FAILING), NODE_TIMEOUT)).containsExactly(Map.entry("bbbb", Duration.ofSeconds(4)));

        assertThat(clock.observe(seen(HEALTHY), NODE_TIMEOUT)).isEmpty();
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(clock.observe(seen(B_FAILING), NODE_TIMEOUT)).containsExactly(Map.entry("bbbb", Duration.ZERO));
    }

    @Test
    void datesAFirstSeenFailureFromTheUnansweredPingPlusTheNodeTimeout() {
        AtomicLong now = new AtomicLong(Duration.ofSeconds(100).toNanos());
        AtomicLong wall = new AtomicLong(1_700_000_000_000L);
        FailureClock clock = new FailureClock(now::get, wall::get);

        assertThat(clock.observe(seen(bFailingSincePing(wall.get() - 9_000)), NODE_TIMEOUT))
                .as("flagged 7 s ago: pinged 9 s ago, unanswered for the 2 s node timeout")
                .containsExactly(Map.entry("bbbb", Duration.ofSeconds(7)));
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        wall.addAndGet(1_000);
        assertThat(clock.observe(seen(bFailingSincePing(wall.get() - 1_000)), NODE_TIMEOUT))
                .as("a failure already being timed keeps its start").containsExactly(Map.entry("bbbb", Duration.ofSeconds(8)));
    }

    @Test
    void neverDatesAFailureBeforeTheLastObservationThatSawNoneNorAfterNow() {
        AtomicLong now = new AtomicLong(Duration.ofSeconds(100).toNanos());
        AtomicLong wall = new AtomicLong(1_700_000_000_000L);
        FailureClock clock = new FailureClock(now::get, wall::get);

        clock.observe(seen(HEALTHY), NODE_TIMEOUT);
        now.addAndGet(Duration.ofSeconds(3).toNanos());
        wall.addAndGet(3_000);
        assertThat(clock.observe(seen(bFailingSincePing(wall.get() - 60_000)), NODE_TIMEOUT))
                .as("a viewer clock behind ours cannot date it before the healthy observation")
                .containsExactly(Map.entry("bbbb", Duration.ofSeconds(3)));

        FailureClock fresh = new FailureClock(now::get, wall::get);
        assertThat(fresh.observe(seen(bFailingSincePing(wall.get() + 60_000)), NODE_TIMEOUT))
                .as("a viewer clock ahead of ours dates it now").containsExactly(Map.entry("bbbb", Duration.ZERO));
    }
}
