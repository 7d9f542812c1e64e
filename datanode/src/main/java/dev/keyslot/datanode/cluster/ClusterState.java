package dev.keyslot.datanode.cluster;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * This node's view of the cluster: every known node, who owns each slot, slots being migrated or
 * imported, the epochs and the overall state. Pure data and invariants; the bus logic lives in
 * {@link PacketProcessor} and {@link ClusterCron}.
 */
public final class ClusterState {
    public static final int OK = 0;
    public static final int FAIL = 1;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, ClusterNode> nodes = new LinkedHashMap<>();
    private final ClusterNode[] slotOwners = new ClusterNode[KeySlot.SLOTS];
    private final ClusterNode[] migratingTo = new ClusterNode[KeySlot.SLOTS];
    private final ClusterNode[] importingFrom = new ClusterNode[KeySlot.SLOTS];
    /** Slots being migrated or imported, so that describing them does not walk all 16384 slots. */
    private final SlotBitmap openSlots = new SlotBitmap();
    private int assignedSlots;
    /** Slots whose owner stopped claiming them (kept bound to avoid needless CLUSTERDOWN). */
    private final SlotBitmap ownerNotClaiming = new SlotBitmap();
    private ClusterNode myself;
    public long currentEpoch;
    public long lastVoteEpoch;
    public int state = FAIL;
    /** Masters serving at least one slot. */
    public int size;
    /** Told of each slot this node stops serving, as its owner or a replica of the owner. */
    private IntConsumer servedSlotLost = slot -> { };
    /** Nodes forgotten recently (CLUSTER FORGET): not re-added from gossip for a minute. */
    private final Map<String, Long> blacklist = new LinkedHashMap<>();

    public static String randomNodeId() {
        char[] hex = "0123456789abcdef".toCharArray();
        char[] id = new char[40];
        for (int i = 0; i < id.length; i++) {
            id[i] = hex[RANDOM.nextInt(16)];
        }
        return new String(id);
    }

    public ClusterNode myself() {
        return myself;
    }

    /** Redis's clusterDelSlot cleans up what a node keeps per served slot (shard channels) there. */
    public void onServedSlotLost(IntConsumer listener) {
        this.servedSlotLost = listener;
    }

    public void setMyself(ClusterNode node) {
        this.myself = node;
        addNode(node);
    }

    public ClusterNode node(String id) {
        return nodes.get(id);
    }

    public Collection<ClusterNode> nodes() {
        return nodes.values();
    }

    /** A snapshot, for loops that may add or delete nodes. */
    public List<ClusterNode> nodeList() {
        return new ArrayList<>(nodes.values());
    }

    public int nodeCount() {
        return nodes.size();
    }

    public void addNode(ClusterNode node) {
        nodes.put(node.id(), node);
    }

    /** Removes a node: its slots are unassigned, its failure reports by others dropped, links closed. */
    public void deleteNode(ClusterNode node) {
        for (int slot = 0; slot < KeySlot.SLOTS; slot++) {
            if (importingFrom[slot] == node) {
                setImporting(slot, null);
            }
            if (migratingTo[slot] == node) {
                setMigrating(slot, null);
            }
            if (slotOwners[slot] == node) {
                deleteSlot(slot);
            }
        }
        for (ClusterNode other : nodes.values()) {
            if (other != node) {
                other.forgetReportsBy(node);
            }
        }
        if (node.master != null) {
            node.master.removeReplica(node);
        }
        for (ClusterNode replica : new ArrayList<>(node.replicas)) {
            replica.master = null;
        }
        nodes.remove(node.id());
        if (node.link != null) {
            node.link.close();
        }
        if (node.inboundLink != null) {
            node.inboundLink.close();
        }
    }

    public void renameNode(ClusterNode node, String newId) {
        nodes.remove(node.id());
        node.rename(newId);
        nodes.put(newId, node);
    }

    public ClusterNode slotOwner(int slot) {
        return slotOwners[slot];
    }

    public boolean addSlot(ClusterNode node, int slot) {
        if (slotOwners[slot] != null) {
            return false;
        }
        node.slots.set(slot);
        node.slotCount++;
        slotOwners[slot] = node;
        assignedSlots++;
        return true;
    }

    public boolean deleteSlot(int slot) {
        ClusterNode owner = slotOwners[slot];
        if (owner == null) {
            return false;
        }
        if (myself != null && (owner == myself || myself.master == owner)) {
            servedSlotLost.accept(slot);
        }
        owner.slots.clear(slot);
        owner.slotCount--;
        slotOwners[slot] = null;
        assignedSlots--;
        ownerNotClaiming.clear(slot);
        return true;
    }

    public int deleteNodeSlots(ClusterNode node) {
        int deleted = 0;
        for (int slot = 0; slot < KeySlot.SLOTS; slot++) {
            if (node.slots.get(slot)) {
                deleteSlot(slot);
                deleted++;
            }
        }
        return deleted;
    }

    /** A slot nobody owns, or whose owner stopped claiming it. */
    public boolean isUnclaimed(int slot) {
        return slotOwners[slot] == null || ownerNotClaiming.get(slot);
    }

    /** The owner's latest claim: those of its slots that claimed lacks are marked unclaimed, the others not. */
    public void noteClaim(ClusterNode owner, SlotBitmap claimed) {
        ownerNotClaiming.setComplementWithin(owner.slots, claimed);
    }

    public ClusterNode migratingTo(int slot) {
        return migratingTo[slot];
    }

    public ClusterNode importingFrom(int slot) {
        return importingFrom[slot];
    }

    public void setMigrating(int slot, ClusterNode target) {
        migratingTo[slot] = target;
        markOpen(slot);
    }

    public void setImporting(int slot, ClusterNode source) {
        importingFrom[slot] = source;
        markOpen(slot);
    }

    private void markOpen(int slot) {
        if (migratingTo[slot] != null || importingFrom[slot] != null) {
            openSlots.set(slot);
        } else {
            openSlots.clear(slot);
        }
    }

    /** The first slot at or after from that is being migrated or imported, or -1. */
    public int nextOpenSlot(int from) {
        return openSlots.nextSet(from);
    }

    public void closeAllSlots() {
        java.util.Arrays.fill(migratingTo, null);
        java.util.Arrays.fill(importingFrom, null);
        openSlots.clearAll();
    }

    public SlotCounts slotCounts() {
        return SlotCounts.of(this);
    }

    public int assignedSlots() {
        return assignedSlots;
    }

    /** Every slot has an owner and none of the owners is failed: Redis's full coverage condition. */
    public boolean everySlotServed() {
        if (assignedSlots < KeySlot.SLOTS) {
            return false;
        }
        for (ClusterNode n : nodes.values()) {
            if (n.slotCount > 0 && n.failed()) {
                return false;
            }
        }
        return true;
    }

    /** A node believed to be a replica now acts as master (seen via gossip or a won election). */
    public boolean setNodeAsMaster(ClusterNode n) {
        if (n.isMaster()) {
            return false;
        }
        if (n.master != null) {
            n.master.removeReplica(n);
            if (n != myself) {
                n.flags |= NodeFlags.MIGRATE_TO;
            }
        }
        n.flags &= ~NodeFlags.SLAVE;
        n.flags |= NodeFlags.MASTER;
        n.master = null;
        return true;
    }

    public void setReplicaOf(ClusterNode replica, ClusterNode master) {
        if (replica.master != null) {
            replica.master.removeReplica(replica);
        }
        replica.master = master;
        master.addReplica(replica);
    }

    public long maxConfigEpoch() {
        long max = 0;
        for (ClusterNode n : nodes.values()) {
            max = Math.max(max, n.configEpoch);
        }
        return Math.max(max, currentEpoch);
    }

    public void blacklist(String id, long now) {
        blacklist.put(id, now + 60_000);
    }

    public boolean isBlacklisted(String id, long now) {
        blacklist.values().removeIf(expiry -> expiry < now);
        return blacklist.containsKey(id);
    }

    public boolean handshakeInProgress(String ip, int port, int cport) {
        for (ClusterNode n : nodes.values()) {
            if (n.inHandshake() && n.ip.equalsIgnoreCase(ip) && n.port == port && n.cport == cport) {
                return true;
            }
        }
        return false;
    }
}
