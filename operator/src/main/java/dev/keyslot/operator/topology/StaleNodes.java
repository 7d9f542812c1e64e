package dev.keyslot.operator.topology;

import dev.keyslot.operator.topology.Action.ForgetLostNode;
import dev.keyslot.operator.topology.Action.ForgetNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Nodes the members know that no ready pod runs any more: a pod replaced with an empty volume, a removed pod.
 * Slotless ones are forgotten. One that owns slots is waited for while it may come back or fail over (a pod
 * is not ready, a member still replicates it, or a member already serves its slots: a replica that has just been
 * promoted, which the other members learn of a moment later); once every pod runs and none replicates it or
 * serves its slots, its data is lost and it is forgotten so its slots can be covered again.
 */
final class StaleNodes {
    private StaleNodes() {
    }

    static Optional<Plan> plan(List<NodeObservation> members, Map<String, NodeObservation> byId, List<PodIdentity> unready) {
        Map<String, ClusterNode> stale = new LinkedHashMap<>();
        members.forEach(m -> m.view().forEach((id, node) -> {
            if (!byId.containsKey(id)) {
                stale.putIfAbsent(id, node);
            }
        }));
        List<ClusterNode> owning = stale.values().stream().filter(n -> !n.slots().isEmpty()).toList();
        for (ClusterNode lost : owning) {
            Optional<String> reason = stillRecoverable(lost, members, unready);
            if (reason.isPresent()) {
                return Optional.of(Plan.waitFor("node " + lost.id() + " at " + lost.address() + " owns slots "
                        + lost.slots() + " but no ready pod runs it; " + reason.get()));
            }
        }
        if (!owning.isEmpty()) {
            return Optional.of(new Plan(owning.stream().map(n -> (Action) new ForgetLostNode(n.id(), n.slots())).toList()));
        }
        List<Action> forgets = stale.keySet().stream().map(id -> (Action) new ForgetNode(id)).toList();
        return forgets.isEmpty() ? Optional.empty() : Optional.of(new Plan(forgets));
    }

    /** Why the node's data may still come back; empty when it cannot. */
    private static Optional<String> stillRecoverable(ClusterNode lost, List<NodeObservation> members, List<PodIdentity> unready) {
        if (!unready.isEmpty()) {
            return Optional.of("waiting for pods " + unready.stream().map(PodIdentity::name).toList());
        }
        Optional<NodeObservation> replica = members.stream().filter(m -> lost.id().equals(m.self().masterId())).findFirst();
        if (replica.isPresent()) {
            return Optional.of("waiting for its replica " + replica.get().pod().name() + " to take over");
        }
        Optional<NodeObservation> heir = members.stream()
                .filter(m -> m.self().master() && !m.self().slots().intersect(lost.slots()).isEmpty()).findFirst();
        if (heir.isPresent()) {
            return Optional.of("its slots are served by " + heir.get().pod().name() + " now; waiting for every node to learn it");
        }
        boolean failedEverywhere = members.stream().map(m -> m.view().get(lost.id()))
                .allMatch(seen -> seen == null || seen.failing());
        return failedEverywhere ? Optional.empty() : Optional.of("waiting for the cluster to flag it failed");
    }
}
