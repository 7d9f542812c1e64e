package dev.keyslot.datanode.cluster;

import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.pubsub.ChannelKind;
import dev.keyslot.datanode.pubsub.PubSub;
import dev.keyslot.datanode.replication.Replication;
import dev.keyslot.datanode.server.ClientPause;
import dev.keyslot.datanode.server.PausePurpose;
import dev.keyslot.datanode.server.Log;

import java.util.List;

/**
 * Cluster hooks backed by database 0 (the only one in cluster mode), its per-slot key index, replication
 * (a cluster replica replicates its master; a won election promotes it) and the local pub/sub.
 */
public final class KeyspaceClusterHooks implements ClusterHooks {
    private final Database db;
    private final Log log;
    private final PubSub pubsub;
    private final ClientPause clientPause;
    private final Replication replication;
    private final SlotIndex slots = new SlotIndex();

    public KeyspaceClusterHooks(Database db, Log log, PubSub pubsub, ClientPause clientPause, Replication replication) {
        this.db = db;
        this.log = log;
        this.pubsub = pubsub;
        this.clientPause = clientPause;
        this.replication = replication;
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
        return replication.announcedOffset();
    }

    @Override
    public long masterDataAgeMillis() {
        return replication.masterDataAgeMillis();
    }

    @Override
    public void pauseWrites(long untilMillis) {
        clientPause.pause(PausePurpose.FAILOVER, untilMillis, false);
    }

    @Override
    public void resumeWrites() {
        clientPause.unpause(PausePurpose.FAILOVER);
    }

    @Override
    public void replicateFrom(String host, int port) {
        if (replication.replicaOf(host, port)) {
            log.notice("Cluster: replicating from " + host + ":" + port);
        }
    }

    @Override
    public void stopReplicating() {
        replication.promote();
    }

    @Override
    public void servedSlotLost(int slot) {
        pubsub.unsubscribeShardSlot(slot);
    }

    @Override
    public void deliverPublish(byte[] channel, byte[] message, boolean sharded) {
        pubsub.publish(channel, message, sharded ? ChannelKind.SHARD : ChannelKind.GLOBAL);
    }
}
