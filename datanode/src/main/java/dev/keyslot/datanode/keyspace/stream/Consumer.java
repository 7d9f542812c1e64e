package dev.keyslot.datanode.keyspace.stream;

import java.util.TreeMap;

/** A consumer of a group: its name, when it was last seen and the entries it owns. */
public final class Consumer {
    private final byte[] name;
    public long seenTime;
    private final TreeMap<StreamId, PendingEntry> pending = new TreeMap<>();

    public Consumer(byte[] name, long seenTime) {
        this.name = name;
        this.seenTime = seenTime;
    }

    public byte[] name() {
        return name;
    }

    public TreeMap<StreamId, PendingEntry> pending() {
        return pending;
    }
}
