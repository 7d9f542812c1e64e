package dev.keyslot.datanode.server;

import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.KeyspaceEvents;
import dev.keyslot.datanode.keyspace.ReplicaKeysWithExpire;
import dev.keyslot.datanode.replication.Replication;

/**
 * Feeds {@link ReplicaKeysWithExpire}: a TTL set on a writable replica by one of its own clients (not by its
 * master's stream) is remembered, as Redis's setExpire does; databases emptied or swapped are forgotten.
 */
final class ReplicaExpiryTracking implements KeyspaceEvents {
    private final Server server;
    private final ReplicaKeysWithExpire keys;

    ReplicaExpiryTracking(Server server, ReplicaKeysWithExpire keys) {
        this.server = server;
        this.keys = keys;
    }

    @Override
    public void expirySet(Database db, byte[] key) {
        Replication replication = server.replication();
        if (!replication.isReplica() || replication.readOnlyReplica()) {
            return;
        }
        Client c = server.executor().currentClient();
        if (c != null && !c.isReplicationMaster()) {
            keys.remember(db, key);
        }
    }

    @Override
    public void databaseCleared(Database db) {
        keys.forget(db.id());
    }

    @Override
    public void databaseSwapped(Database db, Database replacedWith) {
        keys.forget(db.id());
    }
}
