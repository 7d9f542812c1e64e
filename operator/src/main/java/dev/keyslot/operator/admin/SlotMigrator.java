package dev.keyslot.operator.admin;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * Moves one slot with its keys between masters the way Redis Cluster resharding does: IMPORTING on the
 * target, MIGRATING on the source, batched MIGRATE ... KEYS until the source has none left in the slot, then
 * SETSLOT NODE on the target, the source and every other master. Clients keep working throughout: they get
 * ASK for keys already moved and MOVED once the slot changed hands. Re-running it on a half-moved slot
 * completes it.
 */
public final class SlotMigrator {
    private final int batchSize;
    private final Duration migrateTimeout;
    private final Credentials credentials;
    private final BooleanSupplier halted;

    /** @param halted true once the operator stops: the slot is left open as a crash would leave it */
    public SlotMigrator(int batchSize, Duration migrateTimeout, Credentials credentials, BooleanSupplier halted) {
        this.batchSize = batchSize;
        this.migrateTimeout = migrateTimeout;
        this.credentials = credentials;
        this.halted = halted;
    }

    /**
     * @param otherMasters masters besides source and target, told the new owner right away instead of by gossip
     * @param onKeysMoved  receives the number of keys of each batch moved
     * @return false when halted with the slot still open (MIGRATING/IMPORTING), to be finished by a later run
     */
    public boolean migrate(int slot, Endpoint source, Endpoint target, List<NodeAdmin> otherMasters, LongConsumer onKeysMoved) {
        target.admin().setSlotImporting(slot, source.id());
        source.admin().setSlotMigrating(slot, target.id());
        List<byte[]> keys = source.admin().getKeysInSlot(slot, batchSize);
        while (!keys.isEmpty()) {
            if (halted.getAsBoolean()) {
                return false;
            }
            source.admin().migrate(target.admin().address(), keys, migrateTimeout, credentials);
            onKeysMoved.accept(keys.size());
            keys = source.admin().getKeysInSlot(slot, batchSize);
        }
        target.admin().setSlotNode(slot, target.id());
        source.admin().setSlotNode(slot, target.id());
        for (NodeAdmin other : otherMasters) {
            try {
                other.setSlotNode(slot, target.id());
            } catch (RedisErrorReply e) {
                // Only a shortcut: gossip tells every node the new owner anyway. A master that just lost its
                // last slot may already have turned into a replica and refuses SETSLOT.
            }
        }
        return true;
    }

    /** A node and its cluster node id. */
    public record Endpoint(String id, NodeAdmin admin) {
    }
}
