package dev.keyslot.datanode.cluster;

import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.pubsub.ChannelKind;
import dev.keyslot.datanode.pubsub.PubSub;
import dev.keyslot.datanode.server.ClientPause;
import dev.keyslot.datanode.server.Log;

import java.util.List;

/**
 * Cluster hooks backed by database 0 (the only one in cluster mode), its per-slot key index, and the local
 * pub/sub.
 */
public final class KeyspaceClusterHooks implements ClusterHooks {
    private final Database db;
    private final Log log;
    private final PubSub pubsub;
    private final ClientPause clientPause;
    private final SlotIndex slots = new SlotIndex();

    public KeyspaceClusterHooks(Database db, Log log, PubSub pubsub, ClientPause clientPause) {
        this.db = db;
        this.log = log;
        this.pubsub = pubsub;
        this.clientPause = clientPause;
        if (db.size() != 0) {
            db.dict().forEach(slots::added);
        }
        db.setIndex(slots);
    }

    @Override
    public int countKeysInSlot(int slot) {
        return slots.count(slot);
    }

    @Override
    public List<byte[]> keysInSlot(int slot, int count) {
        return slots.keys(slot, count);
    }

    @Override
    public int deleteKeysInSlot(int slot) {
        List<byte[]> doomed = slots.keys(slot, Integer.MAX_VALUE);
        for (byte[] key : doomed) {
            db.delete(key);
        }
        return doomed.size();
    }
    @Override
    public long replicationOffset() {
        return 0;
    }

    @Override
    public long masterDataAgeMillis() {
        return -1;
    }

    @Override
    public void pauseWrites(long untilMillis) {
        clientPause.pause(untilMillis, false);
    }

    @Override
    public void resumeWrites() {
        clientPause.unpause();
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
