package dev.keyslot.operator.topology;

import dev.keyslot.operator.topology.Action.Failover;
import dev.keyslot.operator.topology.Action.RestartPod;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Restarts pods whose template changed, one at a time and one shard at a time: replicas first, each back and
 * in sync before the next step; then a manual failover (which waits for the replica to catch up with its
 * master's offset) hands the shard to an up-to-date replica, and only then is the old master, now a replica,
 * restarted. A shard without replicas can only restart its master in place.
 */
final class RollingRestart {
    private RollingRestart() {
    }

    static List<Action> next(DesiredTopology desired, List<NodeObservation> members,
                             Map<Integer, NodeObservation> primaries, Set<String> outdated) {
        if (outdated.isEmpty()) {
            return List.of();
        }
        Optional<NodeObservation> syncing = members.stream().filter(n -> !n.inSync()).findFirst();
        if (syncing.isPresent()) {
            return List.of(new Action.Wait("rolling restart: " + syncing.get().pod().name() + " is syncing with its master"));
        }
        for (int shard = 0; shard < desired.masters(); shard++) {
            NodeObservation primary = primaries.get(shard);
            List<NodeObservation> replicas = members.stream()
                    .filter(n -> n.pod().shard() == primary.pod().shard() && n != primary)
                    .toList();
            Optional<NodeObservation> staleReplica = replicas.stream().filter(n -> outdated.contains(n.pod().name())).findFirst();
            if (staleReplica.isPresent()) {
                return List.of(new RestartPod(staleReplica.get().pod().name()));
            }
            if (outdated.contains(primary.pod().name())) {
                return replicas.stream()
                        .filter(r -> primary.id().equals(r.self().masterId()))
                        .findFirst()
                        .map(r -> (Action) new Failover(r.id()))
                        .or(() -> replicas.isEmpty() ? Optional.of(new RestartPod(primary.pod().name())) : Optional.empty())
                        .map(List::of)
                        .orElseGet(() -> List.of(new Action.Wait("rolling restart: shard " + primary.pod().shard()
                                + " has no replica to hand over to")));
            }
        }
        return List.of();
    }
}
