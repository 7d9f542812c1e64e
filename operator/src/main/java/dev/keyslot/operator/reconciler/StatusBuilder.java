package dev.keyslot.operator.reconciler;

import dev.keyslot.operator.admin.ClusterNodesLine;
import dev.keyslot.operator.crd.NodeStatus;
import dev.keyslot.operator.crd.RedisCluster;
import dev.keyslot.operator.crd.RedisClusterStatus;
import dev.keyslot.operator.topology.Action;
import dev.keyslot.operator.topology.Plan;
import dev.keyslot.operator.topology.SlotSet;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Turns an observation and the plan made from it into the RedisCluster status. */
final class StatusBuilder {
    private static final String CREATING = "Creating";
    private static final String BOOTSTRAPPING = "Bootstrapping";
    private static final Set<String> WORKING_PHASES =
            Set.of(CREATING, BOOTSTRAPPING, "Scaling", "Restarting", "Recovering");

    private StatusBuilder() {
    }

    static RedisClusterStatus build(RedisCluster cluster, ClusterObserver.Observation observation, Plan plan,
                                    MigrationProgress migration) {
        RedisClusterStatus previous = cluster.getStatus() == null ? new RedisClusterStatus() : cluster.getStatus();
        RedisClusterStatus status = new RedisClusterStatus();
        int masters = cluster.getSpec().getMasters();
        int desiredNodes = masters * (1 + cluster.getSpec().getReplicasPerMaster());
        List<NodeReport> reports = observation.reports();

        int readyMasters = (int) reports.stream().filter(r -> r.self().master() && !r.self().slots().isEmpty()).count();
        int readyReplicas = (int) reports.stream().filter(r -> !r.self().master() && r.replicaInSync()).count();
        Map<String, String> info = reports.stream().filter(r -> r.self().master() && !r.self().slots().isEmpty())
                .map(NodeReport::clusterInfo).findFirst().orElse(Map.of());
        String clusterState = info.getOrDefault("cluster_state", reports.isEmpty() ? null : "fail");
        int slotsAssigned = Integer.parseInt(info.getOrDefault("cluster_slots_assigned", "0"));
        int slotsOk = Integer.parseInt(info.getOrDefault("cluster_slots_ok", "0"));

        status.setObservedGeneration(cluster.getMetadata().getGeneration());
        status.setReadyMasters(readyMasters);
        status.setReadyReplicas(readyReplicas);
        status.setReady(Math.min(readyMasters, masters) + readyReplicas + "/" + desiredNodes);
        status.setClusterState(clusterState);
        status.setSlotsAssigned(slotsAssigned);
        status.setSlotsOk(slotsOk);
        status.setNodes(nodes(reports));
        status.setMigration(migration == null ? null : migration.toStatus());
        SlotSet lost = lostSlots(previous, plan, cluster.getMetadata().getGeneration());
        status.setLostSlots(lost.isEmpty() ? null : lost.toString());
        status.setPasswordRotation(previous.getPasswordRotation());
        status.setCertificate(previous.getCertificate());
        status.setForcedFailovers(previous.getForcedFailovers());

        boolean replicasSynced = readyReplicas == masters * cluster.getSpec().getReplicasPerMaster();
        boolean ready = plan.isDone() && "ok".equals(clusterState) && readyMasters == masters && replicasSynced;
        String phase;
        String reason;
        String message;
        if (cluster.getSpec().isPaused()) {
            phase = "Paused";
            reason = "Paused";
            message = "spec.paused is true: no changes are made";
        } else if (ready) {
            phase = "Ready";
            reason = "ClusterReady";
            message = masters + " masters with " + cluster.getSpec().getReplicasPerMaster()
                    + " replicas each serve all 16384 slots";
        } else if (plan.isWait()) {
            phase = waitingPhase(previous.getPhase(), slotsAssigned);
            reason = "Waiting";
            message = ((Action.Wait) plan.actions().get(0)).reason();
        } else if (plan.isDone()) {
            phase = forming(previous.getPhase()) ? BOOTSTRAPPING : "Reconciling";
            reason = "ReplicasSyncing";
            message = "waiting for cluster_state:ok and replicas in sync (" + readyReplicas + " in sync)";
        } else {
            Action next = plan.actions().get(0);
            phase = workingPhase(next, previous.getPhase(), slotsAssigned);
            reason = next.getClass().getSimpleName();
            message = plan.actions().size() + " action(s) in progress, first: " + next;
        }
        // A cluster still bootstrapping is not degraded: only losing an ok state or a failing node is.
        boolean wasDegraded = previous.getConditions().stream()
                .anyMatch(c -> "Degraded".equals(c.getType()) && "True".equals(c.getStatus()));
        boolean lostOk = !"ok".equals(clusterState) && ("ok".equals(previous.getClusterState()) || wasDegraded);
        Degradation degradation = Degradation.of(reports, clusterState, lostOk, lost);
        boolean degraded = degradation.degraded();
        status.setPhase(degraded && !ready && !"Paused".equals(phase) ? "Degraded" : phase);
        status.setMessage(message);

        List<Condition> conditions = new ArrayList<>();
        conditions.add(condition(previous, "Ready", ready, ready ? "ClusterReady" : reason, message, cluster));
        conditions.add(condition(previous, "Progressing", !plan.isDone() && !plan.isWait(), reason, message, cluster));
        conditions.add(condition(previous, "Degraded", degraded, degradation.reason(), degradation.message(), cluster));
        status.setConditions(conditions);
        return status;
    }

    /**
     * What the operator is busy with, from the first action of the plan. A cluster being formed, or one with slots
     * to assign, is bootstrapping whatever the step (meeting, assigning slots, attaching replicas).
     */
    private static String workingPhase(Action next, String previousPhase, int slotsAssigned) {
        if (next instanceof Action.RestartPod || next instanceof Action.Failover) {
            return "Restarting";
        }
        if (next instanceof Action.ForgetLostNode || next instanceof Action.FixOpenSlots) {
            return "Recovering";
        }
        return forming(previousPhase) || slotsAssigned < 16384 ? BOOTSTRAPPING : "Scaling";
    }

    /**
     * A wait between two steps belongs to the work around it, so the phase stays (a bootstrap does not flip back to
     * Creating while gossip spreads its slots, a rolling restart stays Restarting while a replica syncs).
     */
    private static String waitingPhase(String previousPhase, int slotsAssigned) {
        if (previousPhase != null && WORKING_PHASES.contains(previousPhase)) {
            return previousPhase;
        }
        return slotsAssigned == 0 ? CREATING : "Reconciling";
    }

    /** Whether the cluster is still being formed: no status yet, or only the phases before the first Ready. */
    private static boolean forming(String previousPhase) {
        return previousPhase == null || previousPhase.equals("Pending") || previousPhase.equals(CREATING)
                || previousPhase.equals(BOOTSTRAPPING);
    }

    /** Lost slots stay reported until the spec changes, so a user sees what happened even after healing. */
    private static SlotSet lostSlots(RedisClusterStatus previous, Plan plan, Long generation) {
        SlotSet lost = previous.getLostSlots() != null && Objects.equals(previous.getObservedGeneration(), generation)
                ? SlotSet.parse(previous.getLostSlots()) : SlotSet.EMPTY;
        for (Action action : plan.actions()) {
            if (action instanceof Action.ForgetLostNode f) {
                lost = lost.union(f.slots());
            }
        }
        return lost;
    }

    /** The status while something the nodes need (such as the TLS Secret) does not exist yet. */
    static RedisClusterStatus waiting(RedisCluster cluster, String reason, String message) {
        RedisClusterStatus previous = cluster.getStatus() == null ? new RedisClusterStatus() : cluster.getStatus();
        RedisClusterStatus status = new RedisClusterStatus();
        status.setObservedGeneration(cluster.getMetadata().getGeneration());
        status.setPhase("Pending");
        status.setMessage(message);
        status.setClusterState(previous.getClusterState());
        status.setNodes(previous.getNodes());
        status.setPasswordRotation(previous.getPasswordRotation());
        status.setCertificate(previous.getCertificate());
        status.setConditions(List.of(
                condition(previous, "Ready", false, reason, message, cluster),
                condition(previous, "Progressing", false, reason, message, cluster),
                condition(previous, "Degraded", false, reason, message, cluster)));
        return status;
    }

    /** The status of a spec that cannot be applied: nothing changes until the user fixes it. */
    static RedisClusterStatus invalid(RedisCluster cluster, String problems) {
        RedisClusterStatus previous = cluster.getStatus() == null ? new RedisClusterStatus() : cluster.getStatus();
        RedisClusterStatus status = new RedisClusterStatus();
        status.setObservedGeneration(cluster.getMetadata().getGeneration());
        status.setPhase("Invalid");
        status.setMessage("fix the spec: " + problems);
        status.setClusterState(previous.getClusterState());
        status.setNodes(previous.getNodes());
        status.setPasswordRotation(previous.getPasswordRotation());
        status.setCertificate(previous.getCertificate());
        status.setConditions(List.of(
                condition(previous, "Ready", false, "InvalidSpec", status.getMessage(), cluster),
                condition(previous, "Progressing", false, "InvalidSpec", status.getMessage(), cluster),
                condition(previous, "Degraded", false, "InvalidSpec", status.getMessage(), cluster)));
        return status;
    }

    private static List<NodeStatus> nodes(List<NodeReport> reports) {
        List<NodeStatus> nodes = new ArrayList<>();
        for (NodeReport report : reports) {
            ClusterNodesLine self = report.self();
            NodeStatus node = new NodeStatus();
            node.setPod(report.pod().name());
            node.setNodeId(self.id());
            node.setIp(report.ip());
            node.setRole(self.master() ? "master" : "replica");
            node.setMasterId(self.masterId());
            node.setSlots(self.slots().toString());
            node.setLinkState(self.master() ? self.linkState() : report.replication().getOrDefault("master_link_status", "down"));
            node.setReplicationOffset(report.replicationOffset());
            nodes.add(node);
        }
        return nodes;
    }

    /** A standard condition whose lastTransitionTime only moves when its status flips. */
    private static Condition condition(RedisClusterStatus previous, String type, boolean value, String reason,
                                       String message, RedisCluster cluster) {
        String status = value ? "True" : "False";
        String since = previous.getConditions().stream()
                .filter(c -> type.equals(c.getType()) && status.equals(c.getStatus()))
                .map(Condition::getLastTransitionTime).filter(Objects::nonNull).findFirst()
                .orElse(Instant.now().toString());
        return new ConditionBuilder()
                .withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastTransitionTime(since).withObservedGeneration(cluster.getMetadata().getGeneration())
                .build();
    }
}
