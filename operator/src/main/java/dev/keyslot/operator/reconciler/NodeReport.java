package dev.keyslot.operator.reconciler;

import dev.keyslot.operator.admin.ClusterNodesLine;
import dev.keyslot.operator.topology.ClusterNode;
import dev.keyslot.operator.topology.NodeObservation;
import dev.keyslot.operator.topology.PodIdentity;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What one ready pod's node told the operator: its CLUSTER NODES view, CLUSTER INFO and INFO replication. */
public record NodeReport(PodIdentity pod, String ip, List<ClusterNodesLine> lines, Map<String, String> clusterInfo,
                         Map<String, String> replication) {
    public ClusterNodesLine self() {
        return lines.stream().filter(ClusterNodesLine::myself).findFirst()
                .orElseThrow(() -> new IllegalStateException("CLUSTER NODES of " + pod.name() + " has no myself line"));
    }

    public String id() {
        return self().id();
    }

    public NodeObservation toObservation() {
        Map<String, ClusterNode> view = new LinkedHashMap<>();
        for (ClusterNodesLine line : lines) {
            if (line.member()) {
                ClusterNode node = line.toClusterNode();
                // A node may not know its own IP before its first handshake; the pod IP is the truth.
                view.put(line.id(), line.myself() ? new ClusterNode(node.id(), ip, node.master(), node.masterId(),
                        node.slots(), node.failing()) : node);
            }
        }
        ClusterNodesLine self = self();
        return new NodeObservation(pod, self.id(), ip, view, self.migrating(), self.importing(), self.master() || replicaInSync(),
                self.master() ? null : replication.get("master_host"), self.master() ? 0 : replicationOffset());
    }

    public boolean replicaInSync() {
        return "up".equals(replication.get("master_link_status"));
    }

    public long replicationOffset() {
        String offset = replication.getOrDefault("slave_repl_offset", replication.getOrDefault("master_repl_offset", "0"));
        return Long.parseLong(offset);
    }
}
