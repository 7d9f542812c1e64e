package dev.keyslot.datanode.cluster;

import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.KeyEntry;
import dev.keyslot.datanode.pubsub.ChannelKind;
import dev.keyslot.datanode.pubsub.PubSub;
import dev.keyslot.datanode.server.Log;

import java.util.ArrayList;
import java.util.List;

/**
 * Cluster hooks backed by database 0 (the only one in cluster mode) and the local pub/sub. Keys of a
 * slot are found by walking the keyspace: O(keys) per call, acceptable for administration and tests; a
 * per-slot index replaces it when slot migration has to move large datasets.
 */
public final class KeyspaceClusterHooks implements ClusterHooks {
    private final Database db;
    private final Log log;
    private final PubSub pubsub;

    public KeyspaceClusterHooks(Database db, Log log, PubSub pubsub) {
        this.db = db;
        this.log = log;
        this.pubsub = pubsub;
    }

    @Override
    public int countKeysInSlot(int slot) {
        int[] count = {0};
        db.dict().forEach(e -> {
            if (KeySlot.of(e.key) == slot) {
                count[0]++;
            }
        });
        return count[0];
    }

    @Override
    public List<byte[]> keysInSlot(int slot, int count) {
        List<byte[]> keys = new ArrayList<>();
        db.dict().forEach(e -> {
            if (keys.size() < count && KeySlot.of(e.key) == slot) {
                keys.add(e.key);
            }
        });
        return keys;
    }

    @Override
    public int deleteKeysInSlot(int slot) {
        List<KeyEntry> doomed = new ArrayList<>();
        db.dict().forEach(e -> {
            if (KeySlot.of(e.key) == slot) {
                doomed.add(e);
            }
        });
        for (KeyEntry e : doomed) {
            db.delete(e.key);
        }
        return doomed.size();
    }

    @Override
    public long replicationOffset() {
        return 0;
    }

    @Override
    public void replicateFrom(String host, int port) {
        log.warning("Cluster asked this node to replicate " + host + ":" + port
                + ", but the data node has no replication yet: it keeps its role as a replica without data sync");
    }

    @Override
    public void stopReplicating() {
        log.notice("Replication stopped (this node is a master now)");
    }

    @Override
    public void deliverPublish(byte[] channel, byte[] message, boolean sharded) {
        pubsub.publish(channel, message, sharded ? ChannelKind.SHARD : ChannelKind.GLOBAL);
    }
}
