package dev.keyslot.operator.reconciler;

import dev.keyslot.operator.admin.ConnectionPool;
import dev.keyslot.operator.admin.NodeAddress;
import dev.keyslot.operator.admin.NodeAdmin;
import dev.keyslot.operator.admin.RedisErrorReply;
import dev.keyslot.operator.admin.SlotMigrator;
import dev.keyslot.operator.metrics.ClusterMeters;
import dev.keyslot.operator.topology.Action;
import dev.keyslot.operator.topology.Action.AssignSlots;
import dev.keyslot.operator.topology.Action.DeleteShard;
import dev.keyslot.operator.topology.Action.Failover;
import dev.keyslot.operator.topology.Action.FixOpenSlots;
import dev.keyslot.operator.topology.Action.ForceFailover;
import dev.keyslot.operator.topology.Action.ForgetLostNode;
import dev.keyslot.operator.topology.Action.ForgetNode;
import dev.keyslot.operator.topology.Action.MeetNode;
import dev.keyslot.operator.topology.Action.MigrateSlots;
import dev.keyslot.operator.topology.Action.ReplicateTo;
import dev.keyslot.operator.topology.Action.RestartPod;
import dev.keyslot.operator.topology.Action.ShrinkShard;
import dev.keyslot.operator.topology.Action.Wait;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Carries out planner actions against the nodes and the API server. Migrations run in steps of several slots
 * (sized by {@link MigrationPace}) and stop when the time budget is spent, so the operator observes, reports and
 * re-plans regularly during long reshardings.
 */
final class ActionExecutor {
    private static final int MIGRATE_BATCH = 200;
    private static final int KEYS_PER_ROUND = 5000;
    private static final Duration MIGRATE_TIMEOUT = Duration.ofSeconds(10);

    private final ConnectionPool pool;
    private final Map<String, NodeReport> nodesById;
    private final ShardScaler shards;
    private final EventRecorder events;
    private final ClusterMeters meters;
    private final Duration budget;
    private final MigrationPace pace;
    private final BooleanSupplier halted;

    /** Deletes or shrinks the StatefulSets of shards and restarts pods; the API side of the plan. */
    interface ShardScaler {
        void deleteShard(int shard);

        void shrinkShard(int shard, int pods);

        void restartPod(String pod);
    }

    /**
     * @param pace   the cluster's migration step sizing, kept across reconciles
     * @param halted true once the operator is stopping: nothing more is started
     */
    ActionExecutor(ConnectionPool pool, List<NodeReport> reports, ShardScaler shards, EventRecorder events, ClusterMeters meters,
                   Duration budget, MigrationPace pace, BooleanSupplier halted) {
        this.pool = pool;
        this.nodesById = new LinkedHashMap<>();
        reports.forEach(r -> nodesById.put(r.id(), r));
        this.shards = shards;
        this.events = events;
        this.meters = meters;
        this.budget = budget;
        this.pace = pace;
        this.halted = halted;
    }

    private boolean outOfTime(long deadline) {
        return System.nanoTime() > deadline || halted.getAsBoolean();
    }

    private NodeAdmin admin(String nodeId) {
        NodeReport report = nodesById.get(nodeId);
        if (report == null) {
            throw new IllegalStateException("node " + nodeId + " is not observed");
        }
        return new NodeAdmin(pool, NodeAddress.of(report.ip()));
    }

    private String pod(String nodeId) {
        NodeReport report = nodesById.get(nodeId);
        return report == null ? nodeId : report.pod().name();
    }

    /** Runs the actions in order; stops early when the budget is spent. */
    void execute(List<Action> actions, Consumer<MigrationProgress> onMigration) {
        long deadline = System.nanoTime() + budget.toNanos();
        for (Action action : actions) {
            if (outOfTime(deadline)) {
                return;
            }
            if (action instanceof MeetNode m) {
                admin(m.viaNodeId()).meet(m.address(), NodeAddress.CLIENT_PORT);
                boolean moved = nodesById.get(m.viaNodeId()).lines().stream().anyMatch(l -> l.id().equals(m.nodeId()));
                events.normal(moved ? "NodeAddressUpdated" : "NodeMeet", "CLUSTER MEET " + pod(m.nodeId()) + " (" + m.address()
                        + ") via " + pod(m.viaNodeId()) + (moved ? ", which knew it at an older address" : ""));
            } else if (action instanceof AssignSlots a) {
                admin(a.nodeId()).addSlots(a.slots());
                events.normal("SlotsAssigned", "slots " + a.slots() + " assigned to " + pod(a.nodeId()));
            } else if (action instanceof ReplicateTo r) {
                admin(r.nodeId()).replicate(r.masterId());
                events.normal("ReplicaAttached", pod(r.nodeId()) + " replicates " + pod(r.masterId()));
            } else if (action instanceof MigrateSlots m) {
                migrate(m, deadline, onMigration);
            } else if (action instanceof FixOpenSlots f) {
                fixOpenSlots(f);
            } else if (action instanceof Failover f) {
                admin(f.replicaId()).failover();
                events.normal("Failover", pod(f.replicaId()) + " takes over as master");
            } else if (action instanceof ForceFailover f) {
                admin(f.replicaId()).failover(f.takeover() ? "TAKEOVER" : "FORCE");
                meters.failoverForced(f.takeover());
                events.warning("FailoverForced", "CLUSTER FAILOVER " + (f.takeover() ? "TAKEOVER" : "FORCE") + " on "
                        + pod(f.replicaId()) + ": its master " + f.masterId() + " has been failing too long without a replica"
                        + " being elected");
            } else if (action instanceof ForgetNode f) {
                forget(f.nodeId());
            } else if (action instanceof ForgetLostNode f) {
                forgetEverywhere(f.nodeId());
                meters.nodeReplaced();
                meters.slotsLost(f.slots().size());
                events.warning("SlotsLost", "node " + f.nodeId() + " is gone with every replica and volume of its shard;"
                        + " the data of slots " + f.slots() + " is lost and the slots will be served empty again");
            } else if (action instanceof RestartPod r) {
                // Recorded first: an operator killed right after the delete would otherwise never report this restart.
                events.normal("PodRestarting", r.pod() + " is deleted to restart with the new pod template");
                meters.podRestarted();
                shards.restartPod(r.pod());
            } else if (action instanceof DeleteShard d) {
                shards.deleteShard(d.shard());
                events.normal("ShardDeleted", "shard " + d.shard() + " drained and forgotten; StatefulSet deleted");
            } else if (action instanceof ShrinkShard s) {
                shards.shrinkShard(s.shard(), s.pods());
                events.normal("ShardShrunk", "shard " + s.shard() + " scaled to " + s.pods() + " pods");
            } else if (action instanceof Wait) {
                return;
            }
        }
    }

    private void migrate(MigrateSlots m, long deadline, Consumer<MigrationProgress> onMigration) {
        // A node that just joined reports cluster_state:fail for a moment and refuses migrated keys meanwhile.
        if (!"ok".equals(nodesById.get(m.targetId()).clusterInfo().get("cluster_state"))) {
            return;
        }
        MigrationProgress progress = new MigrationProgress(pod(m.sourceId()), pod(m.targetId()), m.slots().size());
        onMigration.accept(progress);
        meters.migrationStarted();
        events.normal("MigrationStarted", m.slots().size() + " slots from " + pod(m.sourceId()) + " to " + pod(m.targetId()));
        SlotMigrator migrator = migrator();
        SlotMigrator.Endpoint source = endpoint(m.sourceId());
        SlotMigrator.Endpoint target = endpoint(m.targetId());
        List<NodeAdmin> others = otherMasters(m.sourceId(), m.targetId());
        int[] slots = m.slots().stream().toArray();
        for (int done = 0; done < slots.length; ) {
            if (outOfTime(deadline)) {
                return;
            }
            int[] step = Arrays.copyOfRange(slots, done, Math.min(slots.length, done + pace.nextStep(deadline - System.nanoTime())));
            long start = System.nanoTime();
            if (!migrator.migrate(step, source, target, others, keys -> {
                progress.keysMoved(keys);
                meters.keysMoved(keys);
            })) {
                return;
            }
            pace.stepTook(step.length, System.nanoTime() - start);
            progress.slotsDone(step.length);
            meters.slotsMoved(step.length);
            done += step.length;
        }
        meters.migrationFinished();
        events.normal("MigrationFinished", m.slots().size() + " slots moved from " + pod(m.sourceId()) + " to " + pod(m.targetId()));
    }

    private SlotMigrator migrator() {
        return new SlotMigrator(MIGRATE_BATCH, KEYS_PER_ROUND, MIGRATE_TIMEOUT, pool.credentials(), halted);
    }

    private List<NodeAdmin> otherMasters(String... excluded) {
        List<String> skip = List.of(excluded);
        return nodesById.values().stream()
                .filter(r -> r.self().master() && !skip.contains(r.id()))
                .map(r -> new NodeAdmin(pool, NodeAddress.of(r.ip())))
                .toList();
    }

    /**
     * Closes every open slot in a few pipelined round trips per node pair: the slots whose target is gone are marked
     * stable, those the target already took are announced, then the rest are moved on, each source/target pair's
     * slots as one step. Stopped part way (halted, or a node error), a later reconcile sees what is still open.
     */
    private void fixOpenSlots(FixOpenSlots f) {
        f.close().forEach((nodeId, slots) -> admin(nodeId).setSlotsStable(slots.stream().toArray()));
        SlotMigrator migrator = migrator();
        for (MigrateSlots m : f.conclude()) {
            migrator.conclude(m.slots().stream().toArray(), endpoint(m.sourceId()), endpoint(m.targetId()),
                    otherMasters(m.sourceId(), m.targetId()));
            meters.slotsMoved(m.slots().size());
        }
        for (MigrateSlots m : f.resume()) {
            if (!migrator.migrate(m.slots().stream().toArray(), endpoint(m.sourceId()), endpoint(m.targetId()),
                    otherMasters(m.sourceId(), m.targetId()), meters::keysMoved)) {
                return;
            }
            meters.slotsMoved(m.slots().size());
        }
        events.warning("OpenSlotsFixed", f.slotCount() + " slots were left mid-migration: " + describe(f));
    }

    private String describe(FixOpenSlots f) {
        List<String> parts = new ArrayList<>();
        f.resume().forEach(m -> parts.add("finished moving " + m.slots() + " from " + pod(m.sourceId()) + " to " + pod(m.targetId())));
        f.conclude().forEach(m -> parts.add("handed " + m.slots() + " over from " + pod(m.sourceId()) + " to " + pod(m.targetId())
                + ", which had taken them"));
        f.close().forEach((nodeId, slots) -> parts.add("closed " + slots + " on " + pod(nodeId)));
        return String.join("; ", parts);
    }

    private SlotMigrator.Endpoint endpoint(String nodeId) {
        return new SlotMigrator.Endpoint(nodeId, admin(nodeId));
    }

    /** CLUSTER FORGET on every other node, quickly, so no node re-learns it by gossip within the ban time. */
    private void forget(String nodeId) {
        forgetEverywhere(nodeId);
        if (!nodesById.containsKey(nodeId)) {
            meters.nodeReplaced();
        }
        String who = nodesById.containsKey(nodeId) ? pod(nodeId) + " (" + nodeId + ")" : nodeId + ", which no pod runs any more";
        events.normal("NodeForgotten", "CLUSTER FORGET " + who);
    }

    private void forgetEverywhere(String nodeId) {
        for (NodeReport other : nodesById.values()) {
            if (other.id().equals(nodeId)) {
                continue;
            }
            try {
                admin(other.id()).forget(nodeId);
            } catch (RedisErrorReply e) {
                if (!e.getMessage().contains("Unknown node") && !e.getMessage().contains("forget my master")) {
                    throw e;
                }
            }
        }
    }
}
