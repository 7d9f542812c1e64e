package dev.keyslot.operator.topology;

import java.util.Map;

/**
 * What one ready pod's node reported.
 *
 * @param view      every node this node knows, itself included, by node id (handshakes excluded)
 * @param migrating slots this node is migrating, to the target node id
 * @param importing slots this node is importing, from the source node id
 * @param inSync    false for a replica whose link to its master is down (still syncing)
 * @param replicatingFrom the address a replica's replication link connects to; null for a master or unknown
 * @param replicationOffset how much of its master's replication stream a replica has processed
 */
public record NodeObservation(PodIdentity pod, String id, String address, Map<String, ClusterNode> view,
                              Map<Integer, String> migrating, Map<Integer, String> importing, boolean inSync,
                              String replicatingFrom, long replicationOffset) {
    public NodeObservation(PodIdentity pod, String id, String address, Map<String, ClusterNode> view,
                           Map<Integer, String> migrating, Map<Integer, String> importing, boolean inSync,
                           String replicatingFrom) {
        this(pod, id, address, view, migrating, importing, inSync, replicatingFrom, 0);
    }

    public NodeObservation(PodIdentity pod, String id, String address, Map<String, ClusterNode> view,
                           Map<Integer, String> migrating, Map<Integer, String> importing) {
        this(pod, id, address, view, migrating, importing, true, null);
    }

    public ClusterNode self() {
        return view.get(id);
    }

    public boolean knows(String nodeId) {
        return view.containsKey(nodeId);
    }
}
