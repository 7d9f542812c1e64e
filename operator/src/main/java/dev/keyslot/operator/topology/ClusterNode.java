package dev.keyslot.operator.topology;

/**
 * One node as some node of the cluster sees it (one line of CLUSTER NODES).
 *
 * @param masterId the followed master for a replica, null for a master
 * @param failing  flagged fail or pfail by the observer
 */
public record ClusterNode(String id, String address, boolean master, String masterId, SlotSet slots, boolean failing) {
    public static ClusterNode master(String id, String address, SlotSet slots) {
        return new ClusterNode(id, address, true, null, slots, false);
    }

    public static ClusterNode replica(String id, String address, String masterId) {
        return new ClusterNode(id, address, false, masterId, SlotSet.EMPTY, false);
    }
}
