package dev.keyslot.datanode.cluster;

import dev.keyslot.datanode.cluster.bus.MessageType;

/**
 * Turns a suspicion (PFAIL) into a failure (FAIL), as Redis's markNodeAsFailingIfNeeded: a node we cannot reach
 * fails once a majority of the masters serving slots, counting us when we are a master, reported it down within
 * twice the node timeout; the FAIL is broadcast so every node agrees at once. Beyond Redis, the check also runs
 * when we start suspecting a node ourselves, and a master tells the other masters of its new suspicion at once,
 * instead of waiting for the next gossip in each direction. What makes a node FAIL stays Redis's rule.
 */
final class FailureDetector {
    private FailureDetector() {
    }

    /** The validity of a failure report: twice the node timeout (CLUSTER_FAIL_REPORT_VALIDITY_MULT). */
    static long reportValidity(Cluster cluster) {
        return cluster.settings().nodeTimeout() * 2;
    }

    static void markFailingIfNeeded(Cluster cluster, ClusterNode node, long now) {
        ClusterState state = cluster.state();
        if (!node.timedOut() || node.failed()) {
            return;
        }
        int failures = node.failureReportCount(now, reportValidity(cluster));
        if (state.myself().isMaster()) {
            failures++;
        }
        if (failures < state.size / 2 + 1) {
            return;
        }
        cluster.log().notice("Marking node " + node.id() + " as failing (quorum reached).");
        node.flags &= ~NodeFlags.PFAIL;
        node.flags |= NodeFlags.FAIL;
        node.failTime = now;
        cluster.sendFail(node.id());
        cluster.todo(Cluster.TODO_UPDATE_STATE | Cluster.TODO_SAVE_CONFIG);
    }

    /**
     * We just flagged node PFAIL: it may already be FAIL with the reports we hold; if not and we are a master,
     * our PINGs (which gossip every PFAIL node) carry the report to the other masters now.
     */
    static void suspected(Cluster cluster, ClusterNode node, long now) {
        markFailingIfNeeded(cluster, node, now);
        ClusterNode me = cluster.state().myself();
        if (node.failed() || !me.isMaster()) {
            return;
        }
        for (ClusterNode n : cluster.state().nodeList()) {
            if (n != me && n != node && n.isMaster() && n.link != null && !n.inHandshake() && !n.failed()) {
                cluster.sendPing(n.link, MessageType.PING);
            }
        }
    }
}
