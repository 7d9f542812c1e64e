package dev.keyslot.operator.topology;

import java.util.Map;

/**
 * What one ready pod's node reported.
 *
 * @param view      every node this node knows, itself included, by node id (handshakes excluded)
 * @param migrating slots this node is migrating, to the target node id
 * @param importing slots this node is importing, from the source node id
 */
public record NodeObservation(PodIdentity pod, String id, String address, Map<String, ClusterNode> view,
                              Map<Integer, String> migrating, Map<Integer, String> importing) {
    public ClusterNode self() {
        return view.get(id);
    }

    public boolean knows(String nodeId) {
        return view.containsKey(nodeId);
    }
}
