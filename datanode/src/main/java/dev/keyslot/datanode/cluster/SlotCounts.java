package dev.keyslot.datanode.cluster;

/**
 * The slots by the state of their owner, as CLUSTER INFO reports them, and the slots being moved.
 *
 * @param migrating slots this node is migrating to another node
 * @param importing slots this node is importing from another node
 */
public record SlotCounts(int assigned, int ok, int pfail, int fail, int migrating, int importing) {
    static SlotCounts of(ClusterState state) {
        int assigned = 0;
        int ok = 0;
        int pfail = 0;
        int fail = 0;
        int migrating = 0;
        int importing = 0;
        for (int slot = 0; slot < KeySlot.SLOTS; slot++) {
            if (state.migratingTo(slot) != null) {
                migrating++;
            }
            if (state.importingFrom(slot) != null) {
                importing++;
            }
            ClusterNode owner = state.slotOwner(slot);
            if (owner == null) {
                continue;
            }
            assigned++;
            if (owner.failed()) {
                fail++;
            } else if (owner.timedOut()) {
                pfail++;
            } else {
                ok++;
            }
        }
        return new SlotCounts(assigned, ok, pfail, fail, migrating, importing);
    }
}
