package dev.keyslot.datanode.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelPipeline;

/** Puts TLS in front of a link (tls-cluster bus links, MIGRATE connections), or nothing for plain text. */
public interface LinkSecurity {
    LinkSecurity PLAIN = new LinkSecurity() {
        @Override
        public void secureAccepted(ChannelPipeline pipeline, ByteBufAllocator alloc) {
        }

        @Override
        public void secureConnecting(ChannelPipeline pipeline, ByteBufAllocator alloc, String host, int port) {
        }
    };

    void secureAccepted(ChannelPipeline pipeline, ByteBufAllocator alloc);

    void secureConnecting(ChannelPipeline pipeline, ByteBufAllocator alloc, String host, int port);
}
