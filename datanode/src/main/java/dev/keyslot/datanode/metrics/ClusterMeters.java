package dev.keyslot.datanode.metrics;

import dev.keyslot.datanode.cluster.SlotCounts;
import dev.keyslot.datanode.cluster.bus.MessageType;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;

/**
 * Cluster-mode meters (what CLUSTER INFO shows, plus failovers and migrations), registered on the first scrape
 * that finds cluster mode on and reading the latest {@link ClusterSnapshot}.
 */
final class ClusterMeters {
    private volatile ClusterSnapshot snapshot;

    ClusterMeters(MeterRegistry registry, ClusterSnapshot first) {
        this.snapshot = first;
        gauge(registry, "keyslot.cluster.state", "1 when cluster_state is ok, 0 when fail", s -> s.ok() ? 1 : 0);
        gauge(registry, "keyslot.cluster.known.nodes", "Nodes this node knows, itself included", ClusterSnapshot::knownNodes);
        gauge(registry, "keyslot.cluster.size", "Masters serving at least one slot", ClusterSnapshot::size);
        gauge(registry, "keyslot.cluster.current.epoch", "cluster_current_epoch", s -> s.currentEpoch());
        gauge(registry, "keyslot.cluster.my.epoch", "The config epoch of this node's shard", s -> s.myEpoch());
        slots(registry, "assigned", SlotCounts::assigned);
        slots(registry, "ok", SlotCounts::ok);
        slots(registry, "pfail", SlotCounts::pfail);
        slots(registry, "fail", SlotCounts::fail);
        slots(registry, "migrating", SlotCounts::migrating);
        slots(registry, "importing", SlotCounts::importing);
        counter(registry, "keyslot.cluster.failover.elections.won", "Failover elections this node won as a replica",
                null, ClusterSnapshot::electionsWon);
        counter(registry, "keyslot.cluster.failover.votes.granted", "Votes granted to replicas of failed masters",
                null, ClusterSnapshot::votesGranted);
        counter(registry, "keyslot.cluster.bus.messages.malformed", "Bus packets dropped as malformed", null,
                ClusterSnapshot::malformedMessages);
        for (int type = 0; type < MessageType.COUNT; type++) {
            int t = type;
            FunctionCounter.builder("keyslot.cluster.bus.messages.sent", this, m -> m.snapshot.messagesSent()[t])
                    .description("Cluster bus messages sent").tag("type", MessageType.name(type)).register(registry);
            FunctionCounter.builder("keyslot.cluster.bus.messages.received", this,
                            m -> m.snapshot.messagesReceived()[t])
                    .description("Cluster bus messages received").tag("type", MessageType.name(type))
                    .register(registry);
        }
    }

    void update(ClusterSnapshot latest) {
        snapshot = latest;
    }

    private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<ClusterSnapshot> value) {
        Gauge.builder(name, this, m -> value.applyAsDouble(m.snapshot)).description(description).register(registry);
    }

    private void slots(MeterRegistry registry, String state, ToIntFunction<SlotCounts> count) {
        Gauge.builder("keyslot.cluster.slots", this, m -> count.applyAsInt(m.snapshot.slots()))
                .description("Slots by the state of their owner, and slots being migrated or imported here")
                .tag("state", state).register(registry);
    }

    private void counter(MeterRegistry registry, String name, String description, String unit,
                         ToDoubleFunction<ClusterSnapshot> value) {
        FunctionCounter.builder(name, this, m -> value.applyAsDouble(m.snapshot))
                .description(description).baseUnit(unit).register(registry);
    }
}
