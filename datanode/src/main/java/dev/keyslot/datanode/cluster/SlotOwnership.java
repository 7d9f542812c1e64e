package dev.keyslot.datanode.cluster;

/**
 * Redis's clusterUpdateSlotsConfigWith: binds slots to a master announcing them with a newer configEpoch,
 * and reacts when this node (or its master) lost its slots: it becomes a replica of the new owner, or
 * drops keys of slots it no longer serves.
 */
final class SlotOwnership {
    private SlotOwnership() {
    }

    static void updateWith(Cluster cluster, ClusterNode sender, long senderConfigEpoch, SlotBitmap slots) {
        ClusterState state = cluster.state();
        ClusterNode me = state.myself();
        if (sender == me) {
            cluster.log().warning("Discarding UPDATE message about myself.");
            return;
        }
        ClusterNode currentMaster = me.isMaster() ? me : me.master;
        ClusterNode newMaster = null;
        // Allocated only when we lose a slot that still holds keys: most messages change nothing here.
        SlotBitmap dirtySlots = null;
        int senderSlots = slots.count();
        int migratedOurSlots = 0;
        // Only the claimed slots the sender does not own yet can change hands: word scans skip the rest.
        for (int slot = slots.nextSetExcept(sender.slots, 0); slot >= 0; slot = slots.nextSetExcept(sender.slots, slot + 1)) {
            ClusterNode owner = state.slotOwner(slot);
            if (state.importingFrom(slot) != null) {
                continue;
            }
            if (state.isUnclaimed(slot) || Long.compareUnsigned(owner.configEpoch, senderConfigEpoch) < 0) {
                if (owner == me && cluster.hooks().countKeysInSlot(slot) > 0) {
                    if (dirtySlots == null) {
                        dirtySlots = new SlotBitmap();
                    }
                    dirtySlots.set(slot);
                }
                if (owner != null && owner == currentMaster) {
                    newMaster = sender;
                    migratedOurSlots++;
                }
                state.deleteSlot(slot);
                state.addSlot(sender, slot);
                cluster.todo(Cluster.TODO_SAVE_CONFIG | Cluster.TODO_UPDATE_STATE | Cluster.TODO_FSYNC_CONFIG);
            }
        }
        state.noteClaim(sender, slots);
        if (newMaster != null && currentMaster.slotCount == 0
                && (cluster.settings().allowReplicaMigration() || senderSlots == migratedOurSlots)) {
            cluster.log().warning("Configuration change detected. Reconfiguring myself as a replica of " + sender.id());
            cluster.setMyMaster(sender);
            cluster.todo(Cluster.TODO_SAVE_CONFIG | Cluster.TODO_UPDATE_STATE | Cluster.TODO_FSYNC_CONFIG);
        } else if (me.master != null && me.master.master != null && me.master.master != me) {
            cluster.log().warning("I'm a sub-replica! Reconfiguring myself as a replica of grandmaster "
                    + me.master.master.id());
            cluster.setMyMaster(me.master.master);
            cluster.todo(Cluster.TODO_SAVE_CONFIG | Cluster.TODO_UPDATE_STATE | Cluster.TODO_FSYNC_CONFIG);
        } else if (dirtySlots != null) {
            for (int slot = dirtySlots.nextSet(0); slot >= 0; slot = dirtySlots.nextSet(slot + 1)) {
                cluster.hooks().deleteKeysInSlot(slot);
            }
        }
    }
}
