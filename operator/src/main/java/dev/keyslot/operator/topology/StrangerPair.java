package dev.keyslot.operator.topology;

import java.util.ArrayList;
import java.util.List;

/** Node {@code viewerId} does not know node {@code strangerId}, though both already belong to the cluster. */
public record StrangerPair(String viewerId, String strangerId) {
    public StrangerPair reversed() {
        return new StrangerPair(strangerId, viewerId);
    }

    /**
     * The pairs of observed nodes where one does not know the other while some third node (or the other itself)
     * knows both: both have joined, and gossip has yet to introduce them. Nodes nobody knows yet are not counted,
     * so a cluster being formed has no strangers until it has members.
     */
    public static List<StrangerPair> among(List<NodeObservation> nodes) {
        List<StrangerPair> pairs = new ArrayList<>();
        for (NodeObservation viewer : nodes) {
            for (NodeObservation stranger : nodes) {
                if (stranger != viewer && !viewer.knows(stranger.id()) && introducible(viewer, stranger, nodes)) {
                    pairs.add(new StrangerPair(viewer.id(), stranger.id()));
                }
            }
        }
        return pairs;
    }

    private static boolean introducible(NodeObservation viewer, NodeObservation stranger, List<NodeObservation> nodes) {
        return nodes.stream().anyMatch(n -> n != viewer && n.knows(viewer.id()) && n.knows(stranger.id()));
    }
}
