package dev.keyslot.datanode.cluster.bus;

/** One 104-byte gossip section entry: what the sender knows about a third node. */
public record GossipEntry(String nodeId, long pingSentSeconds, long pongReceivedSeconds, String ip, int port,
                          int cport, int flags, int pport) {
    public static final int SIZE = 104;
}
