package dev.keyslot.datanode.cluster;

/**
 * Replica migration (clusterHandleSlaveMigration): when a master that used to have replicas is left with
 * none that work, one replica of the best-covered master moves to it, as long as its own master keeps more
 * than cluster-migration-barrier working replicas. Among the candidates the one with the smallest node id
 * moves, after the orphan has stayed orphaned for a while (so a failover in progress can settle first).
 */
final class ReplicaMigration {
    /** CLUSTER_SLAVE_MIGRATION_DELAY: how long a master must stay orphaned before a replica moves to it. */
    private static final long DELAY_MILLIS = 5000;

    private final Cluster cluster;
    private final ClusterState state;

    ReplicaMigration(Cluster cluster) {
        this.cluster = cluster;
        this.state = cluster.state();
    }

    void cron() {
        ClusterNode me = state.myself();
        if (!me.isReplica() || me.master == null || !cluster.settings().allowReplicaMigration()) {
            return;
        }
        int orphanedMasters = 0;
        int maxReplicas = 0;
        int myMastersReplicas = 0;
        for (ClusterNode n : state.nodes()) {
            if (!n.isMaster() || n.failed()) {
                continue;
            }
            int ok = n.nonFailingReplicas();
            if (ok == 0 && n.slotCount > 0 && n.is(NodeFlags.MIGRATE_TO)) {
                orphanedMasters++;
            }
            maxReplicas = Math.max(maxReplicas, ok);
            if (me.master == n) {
                myMastersReplicas = ok;
            }
        }
        if (orphanedMasters > 0 && maxReplicas >= 2 && myMastersReplicas == maxReplicas) {
            migrateIfCandidate(maxReplicas);
        }
    }

    private void migrateIfCandidate(int maxReplicas) {
        ClusterNode me = state.myself();
        if (state.state != ClusterState.OK) {
            return;
        }
        int okReplicas = 0;
        for (ClusterNode r : me.master.replicas) {
            if (!r.failed() && !r.timedOut()) {
                okReplicas++;
            }
        }
        if (okReplicas <= cluster.settings().migrationBarrier()) {
            return;
        }
        long now = cluster.now();
        ClusterNode candidate = me;
        ClusterNode target = null;
        for (ClusterNode n : state.nodes()) {
            int ok = n.isMaster() ? n.nonFailingReplicas() : 0;
            boolean orphaned = n.isMaster() && !n.failed() && n.is(NodeFlags.MIGRATE_TO) && ok == 0;
            if (orphaned) {
                if (target == null && n.slotCount > 0) {
                    target = n;
                }
                if (n.orphanedTime == 0) {
                    n.orphanedTime = now;
                }
            } else {
                n.orphanedTime = 0;
            }
            if (ok == maxReplicas) {
                for (ClusterNode r : n.replicas) {
                    if (r.id().compareTo(candidate.id()) < 0) {
                        candidate = r;
                    }
                }
            }
        }
        if (target != null && candidate == me && now - target.orphanedTime > DELAY_MILLIS) {
            cluster.log().warning("Migrating to orphaned master " + target.id());
            cluster.setMyMaster(target);
        }
    }
}
