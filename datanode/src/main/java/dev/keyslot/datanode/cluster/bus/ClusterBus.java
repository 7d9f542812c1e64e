package dev.keyslot.datanode.cluster.bus;

import dev.keyslot.datanode.cluster.ClusterNode;
import dev.keyslot.datanode.server.Transport;
import dev.keyslot.datanode.tls.LinkSecurity;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The cluster bus transport: listens on the bus port and opens outbound links, all on the command
 * thread's event loop so the cluster state needs no locking. Decoded messages go to the {@link Handler}.
 */
public final class ClusterBus {
    /** Receives bus events on the command thread. */
    public interface Handler {
        void messageReceived(ClusterLink link, ClusterMessage message);

        /** An outbound link connected: the first PING or MEET goes out now. */
        void outboundConnected(ClusterLink link);

        /** Nothing listens at the node's bus address any more (connection refused): its process is gone. */
        void outboundRefused(ClusterLink link);
    }

    private final EventLoop loop;
    private final Handler handler;
    private final LongSupplier clock;
    private final BusStats stats = new BusStats();
    private final List<Channel> listeners = new ArrayList<>();
    /**
     * Every accepted connection until it closes, including those no message has matched to a node yet: closing
     * the bus must refuse them all, or a peer whose only link is unmatched keeps it open and never learns that
     * this node is gone before its node timeout.
     */
    private final ChannelGroup accepted;
    private final Transport transport = Transport.selected();
    private final LinkSecurity security;
    private final ChannelFactory<Channel> outboundChannels = transport.socketChannels();

    public ClusterBus(EventLoop loop, Handler handler, LongSupplier clock, LinkSecurity security) {
        this.loop = loop;
        this.handler = handler;
        this.clock = clock;
        this.security = security;
        this.accepted = new DefaultChannelGroup(loop);
    }

    public BusStats stats() {
        return stats;
    }

    /** Binds the bus port on each address; throws when a required address cannot be bound. */
    public void listen(List<String> addresses, int port) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap()
                .group(loop)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        accepted.add(ch);
                        ClusterLink link = new ClusterLink(ch, null, true, clock.getAsLong(), stats);
                        security.secureAccepted(ch.pipeline(), ch.alloc());
                        install(ch, link);
                    }
                });
        for (String address : addresses) {
            listeners.add(b.bind(new InetSocketAddress(address, port)).sync().channel());
        }
    }

    /**
     * Opens the outbound link to node. Must run on the event loop: registration then happens inline, so
     * the node's link is set before this returns and the next cron tick will not connect twice.
     */
    public ClusterLink connect(ClusterNode node, int connectTimeoutMillis, String sourceAddress) {
        ClusterLink[] created = new ClusterLink[1];
        Bootstrap b = new Bootstrap()
                .group(loop)
                .channelFactory(outboundChannels)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        created[0] = new ClusterLink(ch, node, false, clock.getAsLong(), stats);
                        security.secureConnecting(ch.pipeline(), ch.alloc(), node.ip, node.cport);
                        install(ch, created[0]);
                    }
                });
        Channel ch = b.register().channel();
        ClusterLink link = created[0];
        if (link == null) {
            throw new IllegalStateException("cluster links must be opened on the event loop");
        }
        node.link = link;
        InetSocketAddress target = new InetSocketAddress(node.ip, node.cport);
        var connecting = sourceAddress.isEmpty() ? ch.connect(target)
                : ch.connect(target, new InetSocketAddress(sourceAddress, 0));
        connecting.addListener(f -> {
            if (f.isSuccess()) {
                if (!link.isClosed()) {
                    handler.outboundConnected(link);
                }
            } else {
                link.close();
                if (f.cause() instanceof java.net.ConnectException) {
                    handler.outboundRefused(link);
                }
            }
        });
        return link;
    }

    private void install(Channel ch, ClusterLink link) {
        ch.pipeline().addLast("frames", new BusFrameDecoder(stats));
        ch.pipeline().addLast("bus", new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (!link.isClosed()) {
                    handler.messageReceived(link, (ClusterMessage) msg);
                }
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                link.close();
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                link.close();
            }
        });
    }

    /** Closes the bus listeners and every accepted connection; on the event loop the closes complete inline. */
    public void close() {
        for (Channel c : listeners) {
            c.close();
        }
        listeners.clear();
        accepted.close();
    }
}
