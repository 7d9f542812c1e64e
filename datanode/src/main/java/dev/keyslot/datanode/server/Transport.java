package dev.keyslot.datanode.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;

import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

/**
 * The socket transport every event loop and channel of the process uses: a channel must match the I/O
 * handler of the loop it is registered on, and client, bus, replication and MIGRATE connections share the
 * command thread's loop. Epoll where the native library loads, NIO elsewhere.
 */
public enum Transport {
    EPOLL("epoll") {
        @Override
        public IoHandlerFactory ioHandlerFactory() {
            return EpollIoHandler.newFactory();
        }

        @Override
        public Class<? extends ServerChannel> serverChannel() {
            return EpollServerSocketChannel.class;
        }

        @Override
        public ChannelFactory<Channel> socketChannels() {
            return EpollSocketChannel::new;
        }

        @Override
        public Class<? extends ServerChannel> serverDomainChannel() {
            return EpollServerDomainSocketChannel.class;
        }

        @Override
        public SocketAddress domainAddress(String path) {
            return new DomainSocketAddress(path);
        }
    },
    NIO("nio") {
        @Override
        public IoHandlerFactory ioHandlerFactory() {
            return NioIoHandler.newFactory();
        }

        @Override
        public Class<? extends ServerChannel> serverChannel() {
            return NioServerSocketChannel.class;
        }

        @Override
        public ChannelFactory<Channel> socketChannels() {
            return NioSocketChannel::new;
        }

        @Override
        public Class<? extends ServerChannel> serverDomainChannel() {
            return NioServerDomainSocketChannel.class;
        }

        @Override
        public SocketAddress domainAddress(String path) {
            return UnixDomainSocketAddress.of(path);
        }
    };

    private static final Transport SELECTED = Epoll.isAvailable() ? EPOLL : NIO;

    private final String apiName;

    Transport(String apiName) {
        this.apiName = apiName;
    }

    /** The transport of this process. */
    public static Transport selected() {
        return SELECTED;
    }

    public abstract IoHandlerFactory ioHandlerFactory();

    public abstract Class<? extends ServerChannel> serverChannel();

    /** A constructor reference, not Bootstrap's reflective factory: a peer that is down is retried every second. */
    public abstract ChannelFactory<Channel> socketChannels();

    /** The listening channel of a Unix domain socket (unixsocket). */
    public abstract Class<? extends ServerChannel> serverDomainChannel();

    /** The address of the Unix domain socket file at path, as this transport binds it. */
    public abstract SocketAddress domainAddress(String path);

    /** INFO's multiplexing_api. */
    public String apiName() {
        return apiName;
    }
}
