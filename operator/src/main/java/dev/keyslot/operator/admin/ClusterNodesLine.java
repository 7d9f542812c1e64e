package dev.keyslot.operator.admin;

import dev.keyslot.operator.topology.ClusterNode;
import dev.keyslot.operator.topology.SlotSet;

import java.util.Map;
import java.util.Set;

/**
 * One parsed line of CLUSTER NODES. Migrating/importing slots appear only on the "myself" line.
 *
 * @param pingSentMillis when the viewer sent its still unanswered ping to the node (its wall clock), 0 when none is pending
 */
public record ClusterNodesLine(String id, NodeAddress address, Set<String> flags, String masterId, long pingSentMillis, long configEpoch,
                               String linkState, SlotSet slots, Map<Integer, String> migrating,
                               Map<Integer, String> importing) {
    public boolean myself() {
        return flags.contains("myself");
    }

    public boolean master() {
        return flags.contains("master");
    }

    public boolean failing() {
        return flags.contains("fail") || flags.contains("fail?");
    }

    /** Handshake entries carry a temporary id and no address entries are unusable: neither is a member yet. */
    public boolean member() {
        return !flags.contains("handshake") && !flags.contains("noaddr");
    }

    public ClusterNode toClusterNode() {
        return new ClusterNode(id, address.host(), master(), masterId, slots, failing());
    }
}
