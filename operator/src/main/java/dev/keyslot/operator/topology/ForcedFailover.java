package dev.keyslot.operator.topology;

import dev.keyslot.operator.topology.Action.ForceFailover;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A master with slots that every other member has seen failing for longer than the bound while one of its replicas
 * is a member: the cluster's own election should have promoted that replica long before (it may be barred by
 * cluster-replica-no-failover, or its elections keep failing). The replica with the most replicated data is told
 * to take over with CLUSTER FAILOVER FORCE, which still needs the votes of a majority of masters, and with
 * TAKEOVER, which needs none, once the master has been failing for twice the bound. FORCE is sent once per attempt:
 * the replica is given time to win the vote, and told again only when that time is over or another replica has become
 * the one to promote; TAKEOVER is sent at every plan until the replica is master.
 */
final class ForcedFailover {
    private ForcedFailover() {
    }

    /**
     * @param members    the observed nodes
     * @param retryAfter how long a FORCE sent to the replica still chosen is left to win its election before it is
     *                   sent again
     */
    static Optional<Plan> plan(List<NodeObservation> members, ObservedCluster observed, Duration bound, Duration retryAfter) {
        List<Action> failovers = new ArrayList<>();
        List<String> running = new ArrayList<>();
        new TreeMap<>(observed.failingFor()).forEach((masterId, failing) -> {
            if (failing.compareTo(bound) >= 0 && failedMasterWithSlots(masterId, members)) {
                bestReplica(masterId, members).ifPresent(replica -> {
                    boolean takeover = failing.compareTo(bound.multipliedBy(2)) >= 0;
                    Optional<ForceAttempt> attempt = takeover ? Optional.empty()
                            : runningAttempt(masterId, replica, observed.forceAttempts(), retryAfter);
                    attempt.ifPresentOrElse(a -> running.add("CLUSTER FAILOVER FORCE sent to " + replica.pod().name()
                                    + " " + a.age().toMillis() + " ms ago: waiting for its election"),
                            () -> failovers.add(new ForceFailover(replica.id(), masterId, takeover)));
                });
            }
        });
        if (!failovers.isEmpty()) {
            return Optional.of(new Plan(failovers));
        }
        return running.isEmpty() ? Optional.empty() : Optional.of(Plan.waitFor(String.join("; ", running)));
    }

    /**
     * The FORCE sent to this replica for this master that may still be winning its election: sending it again would
     * restart the election in a new epoch and collect the votes anew. One sent to another replica has failed
     * already: that replica is no longer the one to promote (seen failing, gone, or no longer following the master).
     */
    private static Optional<ForceAttempt> runningAttempt(String masterId, NodeObservation replica, List<ForceAttempt> attempts,
                                                         Duration retryAfter) {
        return attempts.stream()
                .filter(a -> a.masterId().equals(masterId) && a.replicaId().equals(replica.id()) && a.age().compareTo(retryAfter) < 0)
                .findFirst();
    }

    /**
     * How long until some failing node reaches the next step of the rule (the bound, then twice the bound), so a
     * reconcile can be scheduled for that moment; empty when no failing node has a step ahead.
     */
    static Optional<Duration> untilNextStep(Map<String, Duration> failingFor, Duration bound) {
        return failingFor.values().stream()
                .flatMap(failing -> Stream.of(bound, bound.multipliedBy(2)).filter(step -> failing.compareTo(step) < 0)
                        .map(step -> step.minus(failing)).limit(1))
                .min(Comparator.naturalOrder());
    }

    /** Every member but the master itself sees it failing, and some member sees it owning slots. */
    private static boolean failedMasterWithSlots(String masterId, List<NodeObservation> members) {
        List<ClusterNode> seen = members.stream()
                .filter(m -> !m.id().equals(masterId))
                .map(m -> m.view().get(masterId))
                .filter(Objects::nonNull)
                .toList();
        return !seen.isEmpty() && seen.stream().allMatch(ClusterNode::failing)
                && seen.stream().anyMatch(n -> n.master() && !n.slots().isEmpty());
    }

    /** No node but the failed master sees the replica failing: it can win an election. */
    private static boolean reachable(NodeObservation node, String masterId, List<NodeObservation> members) {
        return members.stream().filter(m -> !m.id().equals(masterId)).map(m -> m.view().get(node.id()))
                .noneMatch(seen -> seen != null && seen.failing());
    }

    private static Optional<NodeObservation> bestReplica(String masterId, List<NodeObservation> members) {
        return members.stream()
                .filter(m -> !m.self().master() && masterId.equals(m.self().masterId()) && reachable(m, masterId, members))
                .max(Comparator.comparingLong(NodeObservation::replicationOffset)
                        .thenComparing(Comparator.comparing((NodeObservation m) -> m.pod().name()).reversed()));
    }
}
