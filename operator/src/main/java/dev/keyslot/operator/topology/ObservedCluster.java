package dev.keyslot.operator.topology;

import java.util.List;
import java.util.Set;

/**
 * The cluster as the operator sees it in one reconcile: the nodes of ready pods, the pods that exist but are
 * not ready yet, and the names of pods still running an older template than their StatefulSet's.
 */
public record ObservedCluster(List<NodeObservation> nodes, List<PodIdentity> unreadyPods, Set<String> outdatedPods) {
    public ObservedCluster(List<NodeObservation> nodes, List<PodIdentity> unreadyPods) {
        this(nodes, unreadyPods, Set.of());
    }
}
