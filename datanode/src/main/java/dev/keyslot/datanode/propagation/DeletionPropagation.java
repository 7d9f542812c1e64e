package dev.keyslot.datanode.propagation;

import dev.keyslot.datanode.config.ServerConfig;
import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.KeyspaceEvents;

/**
 * Keys the server removes by itself (TTL passed, evicted for memory) reach replicas and the AOF as DEL, or
 * UNLINK when the matching lazyfree option is on, as Redis's propagateDeletion does: replicas never expire
 * or evict on their own, so this is the only way they learn of it.
 */
public final class DeletionPropagation implements KeyspaceEvents {
    private final Propagator propagator;
    private final ServerConfig config;

    public DeletionPropagation(Propagator propagator, ServerConfig config) {
        this.propagator = propagator;
        this.config = config;
    }

    @Override
    public void keyExpired(Database db, byte[] key) {
        propagate(db, key, "lazyfree-lazy-expire");
    }

    @Override
    public void keyEvicted(Database db, byte[] key) {
        propagate(db, key, "lazyfree-lazy-eviction");
    }

    private void propagate(Database db, byte[] key, String lazyOption) {
        if (propagator.active()) {
            propagator.alsoPropagate(db.id(), StreamWords.deletion(config.getBool(lazyOption)), key);
        }
    }
}
