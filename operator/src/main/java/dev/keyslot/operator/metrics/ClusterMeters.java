package dev.keyslot.operator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.ArrayList;
import java.util.List;

/** What the operator did to one RedisCluster, as counters tagged with its namespace and name. */
public final class ClusterMeters {
    private final List<Meter> meters = new ArrayList<>();
    private final Counter migrationsStarted;
    private final Counter migrationsFinished;
    private final Counter slotsMoved;
    private final Counter keysMoved;
    private final Counter failoversObserved;
    private final Counter failoversForced;
    private final Counter takeovers;
    private final Counter nodesReplaced;
    private final Counter slotsLost;
    private final Counter podsRestarted;

    ClusterMeters(MeterRegistry registry, String namespace, String name) {
        Tags tags = Tags.of("namespace", namespace, "cluster", name);
        migrationsStarted = counter(registry, "keyslot.operator.migrations.started", "Slot migrations started (one source to one target)", tags);
        migrationsFinished = counter(registry, "keyslot.operator.migrations.finished", "Slot migrations that moved all their slots", tags);
        slotsMoved = counter(registry, "keyslot.operator.slots.moved", "Slots moved to another master with their keys", tags);
        keysMoved = counter(registry, "keyslot.operator.keys.moved", "Keys moved by MIGRATE during slot migrations", tags);
        failoversObserved = counter(registry, "keyslot.operator.failovers.observed", "Replicas seen promoted to master", tags);
        failoversForced = counter(registry, "keyslot.operator.failovers.forced",
                "CLUSTER FAILOVER sent to a replica of a master failing too long", tags.and("mode", "force"));
        takeovers = counter(registry, "keyslot.operator.failovers.forced",
                "CLUSTER FAILOVER sent to a replica of a master failing too long", tags.and("mode", "takeover"));
        nodesReplaced = counter(registry, "keyslot.operator.nodes.replaced",
                "Node ids forgotten because their pod now runs a new node (empty volume) or is gone with its shard", tags);
        slotsLost = counter(registry, "keyslot.operator.slots.lost",
                "Slots served empty again after every node and volume of their shard was lost", tags);
        podsRestarted = counter(registry, "keyslot.operator.pods.restarted", "Pods deleted to restart with a new template", tags);
    }

    private Counter counter(MeterRegistry registry, String name, String description, Tags tags) {
        Counter counter = Counter.builder(name).description(description).tags(tags).register(registry);
        meters.add(counter);
        return counter;
    }

    void unregister(MeterRegistry registry) {
        meters.forEach(registry::remove);
    }

    public void migrationStarted() {
        migrationsStarted.increment();
    }

    public void migrationFinished() {
        migrationsFinished.increment();
    }

    public void slotsMoved(int slots) {
        slotsMoved.increment(slots);
    }

    public void keysMoved(long keys) {
        keysMoved.increment(keys);
    }

    public void failoverObserved() {
        failoversObserved.increment();
    }

    public void failoverForced(boolean takeover) {
        (takeover ? takeovers : failoversForced).increment();
    }

    public void nodeReplaced() {
        nodesReplaced.increment();
    }

    public void slotsLost(int slots) {
        slotsLost.increment(slots);
    }

    public void podRestarted() {
        podsRestarted.increment();
    }
}
