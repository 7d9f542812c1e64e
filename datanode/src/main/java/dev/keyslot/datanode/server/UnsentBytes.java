package dev.keyslot.datanode.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.util.internal.SystemPropertyUtil;

/**
 * The bytes written to a connection that its socket has not taken yet. Netty's pending size adds a fixed
 * overhead per queued write; a replica or subscriber sent many small writes would otherwise look several times
 * larger than the data it is owed (and be dropped by its output buffer limit that much earlier).
 */
public final class UnsentBytes {
    /** Netty's own default for the per-write overhead it counts (ChannelOutboundBuffer). */
    private static final int ENTRY_OVERHEAD =
            SystemPropertyUtil.getInt("io.netty.transport.outboundBufferEntrySizeOverhead", 96);

    private UnsentBytes() {
    }

    public static long of(Channel channel) {
        ChannelOutboundBuffer unsent = channel.unsafe().outboundBuffer();
        if (unsent == null) {
            return 0;
        }
        return Math.max(0, unsent.totalPendingWriteBytes() - (long) ENTRY_OVERHEAD * unsent.size());
    }
}
