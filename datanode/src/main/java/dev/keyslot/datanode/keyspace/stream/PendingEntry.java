package dev.keyslot.datanode.keyspace.stream;

/** A delivered, not yet acknowledged entry (Redis's NACK), shared by the group PEL and its owner's PEL. */
public final class PendingEntry {
    public long deliveryTime;
    public long deliveryCount;
    public Consumer consumer;

    public PendingEntry(long deliveryTime, long deliveryCount, Consumer consumer) {
        this.deliveryTime = deliveryTime;
        this.deliveryCount = deliveryCount;
        this.consumer = consumer;
    }
}
