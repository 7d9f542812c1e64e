package dev.keyslot.operator.admin;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * Moves slots with their keys between masters the way Redis Cluster resharding does: IMPORTING on the target,
 * MIGRATING on the source, batched MIGRATE ... KEYS until the source has none left in the slot, then SETSLOT
 * NODE on the target (which bumps its epoch), the source and every other master. Several slots of one
 * source/target pair move together, each phase pipelined on each connection, so a step costs a handful of round
 * trips instead of about ten per slot. Clients keep working throughout: they get ASK for keys already moved and
 * MOVED once a slot changed hands. Re-running it on half-moved slots completes them.
 */
public final class SlotMigrator {
    private final int batchSize;
    private final int keysPerRound;
    private final Duration migrateTimeout;
    private final Credentials credentials;
    private final BooleanSupplier halted;

    /**
     * @param batchSize    keys per MIGRATE (and per slot listing)
     * @param keysPerRound keys moved per round trip to the source at most (but at least one slot's batch), which
     *                     bounds the request written before its replies are read
     * @param halted       true once the operator stops: the slots are left open as a crash would leave them
     */
    public SlotMigrator(int batchSize, int keysPerRound, Duration migrateTimeout, Credentials credentials, BooleanSupplier halted) {
        this.batchSize = batchSize;
        this.keysPerRound = keysPerRound;
        this.migrateTimeout = migrateTimeout;
        this.credentials = credentials;
        this.halted = halted;
    }

    /**
     * @param slots        the slots to move, all owned by {@code source}
     * @param otherMasters masters besides source and target, told the new owner right away instead of by gossip
     * @param onKeysMoved  receives the number of keys of each round moved
     * @return false when halted with the slots still open (MIGRATING/IMPORTING), to be finished by a later run
     */
    public boolean migrate(int[] slots, Endpoint source, Endpoint target, List<NodeAdmin> otherMasters, LongConsumer onKeysMoved) {
        // The target must be importing before the source redirects clients to it with ASK, or it would send them back.
        target.admin().setSlots(slots, "IMPORTING", source.id());
        source.admin().setSlots(slots, "MIGRATING", target.id());
        Map<Integer, List<byte[]>> left = new LinkedHashMap<>(source.admin().keysInSlots(slots, batchSize));
        while (!left.isEmpty()) {
            if (halted.getAsBoolean()) {
                return false;
            }
            Map<Integer, List<byte[]>> round = MigrationRound.take(left, keysPerRound);
            Map<Integer, List<byte[]>> stillThere = source.admin().migrateKeys(target.admin().address(), round, batchSize,
                    migrateTimeout, credentials);
            onKeysMoved.accept(MigrationRound.keyCount(round));
            left.putAll(stillThere);
        }
        conclude(slots, source, target, otherMasters);
        return true;
    }

    /**
     * The last phase of a move, alone: SETSLOT NODE on the target, the source and every other master, for slots
     * whose keys have all left the source. Also finishes a move interrupted after the target took the slots.
     */
    public void conclude(int[] slots, Endpoint source, Endpoint target, List<NodeAdmin> otherMasters) {
        target.admin().setSlots(slots, "NODE", target.id());
        source.admin().setSlots(slots, "NODE", target.id());
        for (NodeAdmin other : otherMasters) {
            try {
                other.setSlots(slots, "NODE", target.id());
            } catch (RedisErrorReply e) {
                // Only a shortcut: gossip tells every node the new owner anyway. A master that just lost its
                // last slot may already have turned into a replica and refuses SETSLOT.
            }
        }
    }

    /** A node and its cluster node id. */
    public record Endpoint(String id, NodeAdmin admin) {
    }
}
