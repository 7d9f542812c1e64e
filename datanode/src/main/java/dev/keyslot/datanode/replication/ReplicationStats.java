package dev.keyslot.datanode.replication;

/** Counters for INFO stats (sync_full, sync_partial_ok, sync_partial_err) and the metrics endpoint. */
public final class ReplicationStats {
    long fullSyncs;
    long partialSyncsAccepted;
    long partialSyncsRefused;
    /** Full syncs this node completed as a replica, and how long the last one took. */
    long fullSyncsReceived;
    long lastFullSyncMillis;

    /** CONFIG RESETSTAT: the sync counters of INFO stats start over (what a replica completed is kept, as in Redis). */
    public void reset() {
        fullSyncs = 0;
        partialSyncsAccepted = 0;
        partialSyncsRefused = 0;
    }

    public long fullSyncs() {
        return fullSyncs;
    }

    public long partialSyncsAccepted() {
        return partialSyncsAccepted;
    }

    public long partialSyncsRefused() {
        return partialSyncsRefused;
    }

    public long fullSyncsReceived() {
        return fullSyncsReceived;
    }

    public long lastFullSyncMillis() {
        return lastFullSyncMillis;
    }
}
