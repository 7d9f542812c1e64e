package dev.keyslot.datanode.keyspace.stream;

import java.util.Arrays;
import java.util.TreeMap;

/**
 * A consumer group: the last delivered ID, the logical read counter (-1 when unknown), the group PEL and
 * the consumers, each map ordered as Redis's radix trees are (IDs numerically, names bytewise).
 */
public final class ConsumerGroup {
    public static final long INVALID_ENTRIES_READ = -1;
    /** Rough heap cost of one PEL entry in both trees, for memory accounting. */
    static final long PENDING_BYTES = 96;
    static final long CONSUMER_BYTES = 120;

    public StreamId lastId;
    public long entriesRead;
    private final TreeMap<StreamId, PendingEntry> pending = new TreeMap<>();
    private final TreeMap<byte[], Consumer> consumers = new TreeMap<>(Arrays::compareUnsigned);
    /** Running heap estimate of the consumers, so measuring the group does not walk them. */
    private long consumerBytes;

    public ConsumerGroup(StreamId lastId, long entriesRead) {
        this.lastId = lastId;
        this.entriesRead = entriesRead;
    }

    public TreeMap<StreamId, PendingEntry> pending() {
        return pending;
    }

    public TreeMap<byte[], Consumer> consumers() {
        return consumers;
    }

    public Consumer consumer(byte[] name) {
        return consumers.get(name);
    }

    /** Creates the consumer, or returns null when it exists. */
    public Consumer createConsumer(byte[] name, long now) {
        if (consumers.containsKey(name)) {
            return null;
        }
        Consumer c = new Consumer(name.clone(), now);
        consumers.put(c.name(), c);
        consumerBytes += CONSUMER_BYTES + name.length;
        return c;
    }

    /** Removes the consumer and its pending entries from the group PEL. */
    public void deleteConsumer(Consumer c) {
        for (StreamId id : c.pending().keySet()) {
            pending.remove(id);
        }
        consumers.remove(c.name());
        consumerBytes -= CONSUMER_BYTES + c.name().length;
    }

    /** Drops a pending entry from the group and its owner. */
    public void acknowledge(StreamId id, PendingEntry p) {
        pending.remove(id);
        if (p.consumer != null) {
            p.consumer.pending().remove(id);
        }
    }

    /** Makes c the owner of the pending entry p of id. */
    public void assign(StreamId id, PendingEntry p, Consumer c) {
        if (p.consumer != c) {
            if (p.consumer != null) {
                p.consumer.pending().remove(id);
            }
            c.pending().put(id, p);
            p.consumer = c;
        }
    }

    long memoryUsage() {
        return 64 + pending.size() * PENDING_BYTES + consumerBytes;
    }

    ConsumerGroup copy() {
        ConsumerGroup g = new ConsumerGroup(lastId, entriesRead);
        for (var e : pending.entrySet()) {
            g.pending.put(e.getKey(), new PendingEntry(e.getValue().deliveryTime, e.getValue().deliveryCount, null));
        }
        for (Consumer c : consumers.values()) {
            Consumer copy = g.createConsumer(c.name(), c.seenTime);
            for (StreamId id : c.pending().keySet()) {
                PendingEntry p = g.pending.get(id);
                p.consumer = copy;
                copy.pending().put(id, p);
            }
        }
        return g;
    }
}
