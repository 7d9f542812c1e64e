package dev.keyslot.datanode.cluster.bus;

/** Bus message counters by type, as CLUSTER INFO reports them, plus dropped packets. */
public final class BusStats {
    public final long[] sentByType = new long[MessageType.COUNT];
    public final long[] receivedByType = new long[MessageType.COUNT];
    public long sentBytes;
    public long receivedBytes;
    /** Packets with a bad signature, version or length: dropped, never acted upon. */
    public long malformed;
    /** Links closed because their send buffer outgrew cluster-link-sendbuf-limit. */
    public long linksBufferLimitExceeded;

    void sent(int type, int bytes) {
        if (type >= 0 && type < MessageType.COUNT) {
            sentByType[type]++;
        }
        sentBytes += bytes;
    }

    void received(int type, int bytes) {
        if (type >= 0 && type < MessageType.COUNT) {
            receivedByType[type]++;
        }
        receivedBytes += bytes;
    }

    public long totalSent() {
        long n = 0;
        for (long v : sentByType) {
            n += v;
        }
        return n;
    }

    public long totalReceived() {
        long n = 0;
        for (long v : receivedByType) {
            n += v;
        }
        return n;
    }
}
