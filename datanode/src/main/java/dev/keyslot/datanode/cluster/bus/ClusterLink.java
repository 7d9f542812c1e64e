package dev.keyslot.datanode.cluster.bus;

import dev.keyslot.datanode.cluster.ClusterNode;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;

/**
 * One TCP connection of the cluster bus. Every pair of nodes has two: the outbound link a node opens to
 * send PINGs, and the inbound link it accepts from the peer.
 */
public final class ClusterLink {
    /** What Redis 7.0 counts for a link besides its send buffer: the link itself and its 1 KB receive buffer. */
    static final long FIXED_MEMORY = 64 + 1024;
    private final Channel channel;
    private final boolean inbound;
    private final long createdAt;
    private final BusStats stats;
    private ClusterNode node;
    private boolean closed;

    ClusterLink(Channel channel, ClusterNode node, boolean inbound, long now, BusStats stats) {
        this.channel = channel;
        this.node = node;
        this.inbound = inbound;
        this.createdAt = now;
        this.stats = stats;
    }

    public ClusterNode node() {
        return node;
    }

    public void attach(ClusterNode node) {
        this.node = node;
    }

    public boolean inbound() {
        return inbound;
    }

    public long createdAt() {
        return createdAt;
    }

    public Channel channel() {
        return channel;
    }

    public void send(ClusterMessage message) {
        if (closed || !channel.isActive()) {
            return;
        }
        ByteBuf buf = channel.alloc().buffer(ClusterMessage.HEADER_SIZE + message.gossip.size() * GossipEntry.SIZE + 64);
        message.encode(buf);
        stats.sent(message.type, buf.readableBytes());
        channel.writeAndFlush(buf, channel.voidPromise());
    }

    /** Bytes written to the link and not yet taken by the socket: Redis's send buffer. */
    public long pendingSendBytes() {
        ChannelOutboundBuffer pending = channel.unsafe().outboundBuffer();
        return pending == null ? 0 : pending.totalPendingWriteBytes();
    }

    /** The link's share of mem_cluster_links, as Redis's cluster cron adds it up. */
    public long memoryUsage() {
        return FIXED_MEMORY + pendingSendBytes();
    }

    /** Closes the connection and detaches it from its node, as freeClusterLink does. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (node != null) {
            if (node.link == this) {
                node.link = null;
            } else if (node.inboundLink == this) {
                node.inboundLink = null;
            }
        }
        channel.close();
    }

    public boolean isClosed() {
        return closed;
    }
}
