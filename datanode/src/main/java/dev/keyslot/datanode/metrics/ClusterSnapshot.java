package dev.keyslot.datanode.metrics;

import dev.keyslot.datanode.cluster.Cluster;
import dev.keyslot.datanode.cluster.ClusterNode;
import dev.keyslot.datanode.cluster.ClusterState;
import dev.keyslot.datanode.cluster.SlotCounts;
import dev.keyslot.datanode.cluster.bus.BusStats;

/** The cluster's state and counters copied on the command thread for the metrics thread. */
record ClusterSnapshot(boolean ok, int knownNodes, int size, long currentEpoch, long myEpoch, SlotCounts slots,
                       long[] messagesSent, long[] messagesReceived, long malformedMessages, long electionsWon,
                       long votesGranted) {

    /** Must run on the command thread. */
    static ClusterSnapshot capture(Cluster cluster) {
        ClusterState s = cluster.state();
        ClusterNode me = s.myself();
        long myEpoch = me.isReplica() && me.master != null ? me.master.configEpoch : me.configEpoch;
        BusStats bus = cluster.bus().stats();
        return new ClusterSnapshot(s.state == ClusterState.OK, s.nodeCount(), s.size, s.currentEpoch, myEpoch,
                s.slotCounts(), bus.sentByType.clone(), bus.receivedByType.clone(), bus.malformed,
                cluster.electionsWon(), cluster.votesGranted());
    }
}
