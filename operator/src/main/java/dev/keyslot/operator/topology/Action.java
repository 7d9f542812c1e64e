package dev.keyslot.operator.topology;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** One step the planner asks the operator to take. Node ids refer to {@link NodeObservation#id()}. */
public sealed interface Action {
    /** Introduce {@code nodeId} (at {@code address}) to the cluster by sending CLUSTER MEET to {@code viaNodeId}. */
    record MeetNode(String nodeId, String address, String viaNodeId) implements Action {
    }

    /** Give unowned slots to a master (CLUSTER ADDSLOTSRANGE). */
    record AssignSlots(String nodeId, SlotSet slots) implements Action {
    }

    /** Make a slotless node a replica of {@code masterId}. */
    record ReplicateTo(String nodeId, String masterId) implements Action {
    }

    /** Move slots with their keys from {@code sourceId} to {@code targetId}. */
    record MigrateSlots(String sourceId, String targetId, SlotSet slots) implements Action {
    }

    /**
     * Close every slot an interrupted migration left MIGRATING/IMPORTING, in one pass: {@code resume} moves what is
     * left of slots whose target still runs (keys already moved stay moved) from their owner to it; {@code conclude}
     * names slots their target already took (SETSLOT NODE ran there), whose source and other masters are told the
     * new owner; {@code close} marks, on each node, slots whose target is gone stable (they stay with their owner).
     */
    record FixOpenSlots(List<MigrateSlots> resume, List<MigrateSlots> conclude, Map<String, SlotSet> close) implements Action {
        public FixOpenSlots {
            resume = List.copyOf(resume);
            conclude = List.copyOf(conclude);
            close = Collections.unmodifiableMap(new LinkedHashMap<>(close));
        }

        public int slotCount() {
            return Stream.concat(resume.stream(), conclude.stream()).mapToInt(m -> m.slots().size()).sum()
                    + close.values().stream().reduce(SlotSet.EMPTY, SlotSet::union).size();
        }
    }

    /** Promote a replica to master of its shard (CLUSTER FAILOVER) so its old master can be removed. */
    record Failover(String replicaId) implements Action {
    }

    /**
     * Make a replica take over from its master that has been failing for too long without the replica being elected:
     * CLUSTER FAILOVER FORCE (an election without the master's agreement), or TAKEOVER (no election) when
     * {@code takeover}.
     */
    record ForceFailover(String replicaId, String masterId, boolean takeover) implements Action {
    }

    /** Remove a slotless node from every other node's table (CLUSTER FORGET). */
    record ForgetNode(String nodeId) implements Action {
    }

    /**
     * Forget a node that no pod runs any more although it still owns slots: its shard's pods all run other nodes
     * now and none of them replicates it, so the data of {@code slots} is gone. Forgetting it everywhere leaves
     * the slots unassigned, to be covered again (empty).
     */
    record ForgetLostNode(String nodeId, SlotSet slots) implements Action {
    }

    /** Delete a pod so that it restarts from the StatefulSet's current template (same volume claim). */
    record RestartPod(String pod) implements Action {
    }

    /** Delete a shard's StatefulSet: its nodes are slotless and forgotten. */
    record DeleteShard(int shard) implements Action {
    }

    /** Shrink a shard's StatefulSet to {@code pods}: the removed pods' nodes are forgotten. */
    record ShrinkShard(int shard, int pods) implements Action {
    }

    /** Nothing safe to do until the cluster changes on its own. */
    record Wait(String reason) implements Action {
    }
}
