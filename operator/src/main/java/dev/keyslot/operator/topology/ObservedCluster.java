package dev.keyslot.operator.topology;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cluster as the operator sees it in one reconcile: the nodes of ready pods, the pods that exist but are
 * not ready yet, the names of pods still running an older template than their StatefulSet's, for how long
 * each node id flagged failing (fail or pfail) by some node has been seen so without a break, the forced
 * failovers the operator sent to replicas of failing masters, and for how long each {@link StrangerPair} has been
 * strangers (since the operator last sent them a MEET).
 */
public record ObservedCluster(List<NodeObservation> nodes, List<PodIdentity> unreadyPods, Set<String> outdatedPods,
                              Map<String, Duration> failingFor, List<ForceAttempt> forceAttempts,
                              Map<StrangerPair, Duration> strangersFor) {
    public ObservedCluster(List<NodeObservation> nodes, List<PodIdentity> unreadyPods) {
        this(nodes, unreadyPods, Set.of());
    }

    public ObservedCluster(List<NodeObservation> nodes, List<PodIdentity> unreadyPods, Set<String> outdatedPods) {
        this(nodes, unreadyPods, outdatedPods, Map.of());
    }

    public ObservedCluster(List<NodeObservation> nodes, List<PodIdentity> unreadyPods, Set<String> outdatedPods,
                           Map<String, Duration> failingFor) {
        this(nodes, unreadyPods, outdatedPods, failingFor, List.of());
    }

    public ObservedCluster(List<NodeObservation> nodes, List<PodIdentity> unreadyPods, Set<String> outdatedPods,
                           Map<String, Duration> failingFor, List<ForceAttempt> forceAttempts) {
        this(nodes, unreadyPods, outdatedPods, failingFor, forceAttempts, Map.of());
    }
}
