package dev.keyslot.operator.metrics;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OperatorMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final OperatorMetrics metrics = new OperatorMetrics(registry);

    private double count(String name, String cluster) {
        return registry.get(name).tag("cluster", cluster).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    @Test
    void aClustersMetersStartAtZeroAndCountOnlyItsOwnWork() {
        ClusterMeters orders = metrics.of("uid-1", "shop", "orders");
        metrics.of("uid-2", "shop", "carts");

        assertThat(registry.get("keyslot.operator.slots.moved").tags("namespace", "shop", "cluster", "orders").counter().count())
                .isZero();
        orders.migrationStarted();
        orders.slotsMoved(100);
        orders.keysMoved(2500);
        orders.migrationFinished();
        orders.failoverForced(false);
        orders.failoverForced(true);
        orders.slotsLost(3);

        assertThat(count("keyslot.operator.slots.moved", "orders")).isEqualTo(100);
        assertThat(count("keyslot.operator.keys.moved", "orders")).isEqualTo(2500);
        assertThat(count("keyslot.operator.slots.moved", "carts")).isZero();
        assertThat(registry.get("keyslot.operator.failovers.forced").tags("cluster", "orders", "mode", "takeover").counter().count())
                .isEqualTo(1);
        assertThat(count("keyslot.operator.failovers.forced", "orders")).isEqualTo(2);
        assertThat(metrics.of("uid-1", "shop", "orders")).as("the same meters on every reconcile").isSameAs(orders);
    }

    @Test
    void aDeletedClustersMetersAreUnregistered() {
        metrics.of("uid-1", "shop", "orders").podRestarted();
        metrics.of("uid-2", "shop", "carts").podRestarted();

        metrics.remove("uid-1");
        metrics.remove("uid-unknown");

        assertThat(registry.find("keyslot.operator.pods.restarted").tag("cluster", "orders").counters()).isEmpty();
        assertThat(count("keyslot.operator.pods.restarted", "carts")).isEqualTo(1);
    }
}
