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

    private static List<NodeReport> seen(String nodes) {
        return List.of(new NodeReport(new PodIdentity("rc-0-0", 0, 0), "10.0.0.1", ClusterNodesParser.parse(nodes), Map.of(), Map.of()));
    }

    @Test
    void measuresUnbrokenFailuresAndStartsOverAfterARecovery() {
        AtomicLong now = new AtomicLong();
        FailureClock clock = new FailureClock(now::get);

        assertThat(clock.observe(seen(HEALTHY))).isEmpty();
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(clock.observe(seen(B_FAILING))).containsExactly(Map.entry("bbbb", Duration.ZERO));
        now.addAndGet(Duration.ofSeconds(4).toNanos());
        assertThat(clock.observe(seen(B_FAILING))).containsExactly(Map.entry("bbbb", Duration.ofSeconds(4)));

        assertThat(clock.observe(seen(HEALTHY))).isEmpty();
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(clock.observe(seen(B_FAILING))).containsExactly(Map.entry("bbbb", Duration.ZERO));
    }
}
