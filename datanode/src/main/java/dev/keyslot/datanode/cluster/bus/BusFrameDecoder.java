package dev.keyslot.datanode.cluster.bus;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;

/**
 * Splits the bus stream into messages. A frame whose first 8 bytes are not "RCmb" plus a plausible
 * length closes the link (as Redis does); a whole frame that fails validation is dropped and counted.
 */
final class BusFrameDecoder extends ByteToMessageDecoder {
    /** Redis reads at most the largest message struct at once but accepts larger gossip-heavy PINGs. */
    private static final long MAX_FRAME = 64L * 1024 * 1024;
    private final BusStats stats;

    BusFrameDecoder(BusStats stats) {
        this.stats = stats;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= 8) {
            int start = in.readerIndex();
            if (!ClusterMessage.plausibleFrame(in, start) || in.getUnsignedInt(start + 4) > MAX_FRAME) {
                stats.malformed++;
                in.skipBytes(in.readableBytes());
                ctx.close();
                return;
            }
            int totlen = (int) in.getUnsignedInt(start + 4);
            if (in.readableBytes() < totlen) {
                return;
            }
            ByteBuf frame = in.readSlice(totlen);
            ClusterMessage message = ClusterMessage.decode(frame);
            if (message == null) {
                stats.malformed++;
                continue;
            }
            stats.received(message.type, totlen);
            out.add(message);
        }
    }
}
