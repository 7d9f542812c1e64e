package dev.keyslot.operator.topology;

import java.util.List;

/**
 * The cluster as the operator sees it in one reconcile: the nodes of ready pods, and the pods that exist but are
 * not ready yet.
 */
public record ObservedCluster(List<NodeObservation> nodes, List<PodIdentity> unreadyPods) {
}
