package dev.keyslot.datanode.server;

import dev.keyslot.datanode.tls.TlsConfigException;
import dev.keyslot.datanode.tls.TlsContexts;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.FastThreadLocalThread;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Binds the client port (and the TLS port when set) on every `bind` address and runs all connections on a
 * single event loop, the command thread, on the process's {@link Transport}.
 */
final class NetworkListener {
    private final Server server;
    private EventLoopGroup group;
    private Listeners plain;
    private Listeners tls;
    private UnixSocketListener unix;

    NetworkListener(Server server) {
        this.server = server;
    }

    void start() throws InterruptedException {
        Transport transport = Transport.selected();
        // A FastThreadLocalThread: on any other thread Netty 4.2's Recycler hands out a new object per get, so
        // every pooled buffer and outbound entry would be allocated afresh (about 300 bytes per request).
        group = new MultiThreadIoEventLoopGroup(1, r -> {
            Thread t = new FastThreadLocalThread(r, "keyslot-main");
            t.setDaemon(false);
            return t;
        }, transport.ioHandlerFactory());
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, server.config().getInt("tcp-backlog"))
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                // A client's half-close is answered before the connection closes (ClientConnection).
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childOption(ChannelOption.SO_KEEPALIVE, server.config().getLong("tcp-keepalive") > 0)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ClientConnection.install(server, ch);
                    }
                });
        plain = new Listeners("TCP", bootstrap);
        // Each TLS connection takes the context current when it is accepted, so a reload reaches new ones only.
        tls = new Listeners("TLS", bootstrap.clone().childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ClientConnection.install(server, ch);
                ch.pipeline().addFirst("tls", server.tls().clientPortHandler(ch.alloc()));
            }
        }));
        String bind = server.config().get("bind");
        plain.bindAtStartup(bind, server.config().getInt("port"));
        if (TlsContexts.wanted(server.config()::get)) {
            loadTls();
        }
        int tlsPort = server.config().getInt("tls-port");
        if (tlsPort != 0) {
            tls.bindAtStartup(bind, tlsPort);
        }
        String unixSocket = server.config().get("unixsocket");
        if (!unixSocket.isEmpty()) {
            unix = new UnixSocketListener(server);
            unix.start(group, unixSocket, Integer.parseInt(server.config().get("unixsocketperm"), 8));
        }
    }

    private void loadTls() {
        try {
            server.tls().load();
        } catch (TlsConfigException e) {
            server.log().warning(e.getMessage());
            server.log().warning("Failed to configure TLS. Check logs for more info.");
            stop();
            throw new IllegalStateException("Failed to configure TLS. Check logs for more info.", e);
        }
    }

    /** The listening sockets of one port (plain or TLS) on every bind address. */
    private final class Listeners {
        private final String kind;
        private final ServerBootstrap bootstrap;
        /** The listening channels; guarded by itself (binds complete on the event loop, SHUTDOWN and stop() race). */
        private final List<Channel> channels = new ArrayList<>();
        /** Set by close(): a bind that completes afterwards closes its channel instead of keeping it. */
        private boolean closed;
        private int boundPort;

        Listeners(String kind, ServerBootstrap bootstrap) {
            this.kind = kind;
            this.bootstrap = bootstrap;
        }

        void bindAtStartup(String bind, int port) throws InterruptedException {
            for (Target t : targets(bind, port)) {
                if (t.host().equals("::*") && anyOpen(NetworkListener::isWildcard)) {
                    // The IPv4 wildcard socket of a dual-stack JVM already accepts IPv6 too.
                    continue;
                }
                try {
                    Channel ch = bootstrap.bind(t.address()).sync().channel();
                    keep(ch);
                    boundPort = ((InetSocketAddress) ch.localAddress()).getPort();
                    if (port == 0) {
                        port = boundPort;
                    }
                } catch (Exception e) {
                    if (t.optional()) {
                        continue;
                    }
                    server.log().warning("Warning: Could not create server TCP listening socket " + t.host() + ":"
                            + port + ": bind: " + describe(e));
                    server.log().warning("Failed listening on port " + port + " (" + kind + "), aborting.");
                    stop();
                    throw new BindFailedException(port, kind, e);
                }
            }
        }

        /**
         * Closes the listeners the new list does not keep, checks synchronously that every required new address
         * can be bound (so CONFIG SET can fail like Redis's), then opens the new listeners on the event loop.
         * Closing first, as Redis does, lets a specific address take the port a wildcard listener of ours held.
         * On failure the closed listeners are opened again. Port 0 closes all.
         *
         * @return false when a required address cannot be bound
         */
        boolean rebind(String bind, int port) {
            List<Target> targets = port == 0 ? List.of() : targets(bind, port);
            List<InetSocketAddress> closed = new ArrayList<>();
            synchronized (channels) {
                channels.removeIf(ch -> {
                    boolean kept = targets.stream().anyMatch(t -> t.address().equals(ch.localAddress()));
                    if (!kept) {
                        closed.add((InetSocketAddress) ch.localAddress());
                        ch.close();
                    }
                    return !kept;
                });
            }
            for (Target t : targets) {
                if (t.optional() || t.host().equals("::*") || isOpen(t.address())) {
                    continue;
                }
                try (ServerSocket probe = new ServerSocket()) {
                    probe.setReuseAddress(true);
                    probe.bind(t.address());
                } catch (IOException e) {
                    server.log().warning("Warning: Could not create server TCP listening socket " + t.host() + ":"
                            + port + ": bind: " + describe(e));
                    for (InetSocketAddress address : closed) {
                        open(new Target(address.getHostString(), address, false), address.getPort());
                    }
                    return false;
                }
            }
            boundPort = port;
            for (Target t : targets) {
                if (!isOpen(t.address())) {
                    open(t, port);
                }
            }
            return true;
        }

        private boolean isOpen(InetSocketAddress address) {
            return anyOpen(ch -> ch.localAddress().equals(address));
        }

        private boolean anyOpen(Predicate<Channel> test) {
            synchronized (channels) {
                return channels.stream().anyMatch(test);
            }
        }

        /** Keeps a channel just bound, or closes it when the listeners were closed meanwhile. */
        private void keep(Channel ch) {
            synchronized (channels) {
                if (!closed) {
                    channels.add(ch);
                    return;
                }
            }
            ch.close();
        }

        private void open(Target t, int port) {
            bootstrap.bind(t.address()).addListener((ChannelFutureListener) f -> {
                if (f.isSuccess()) {
                    keep(f.channel());
                } else if (!t.optional()) {
                    server.log().warning("Warning: Could not create server TCP listening socket " + t.host()
                            + ":" + port + ": bind: " + describe(f.cause()));
                }
            });
        }

        /** Closes every listener; SHUTDOWN on the event loop and stop() from another thread may both call it. */
        void close(boolean canWait) {
            List<Channel> open;
            synchronized (channels) {
                closed = true;
                open = new ArrayList<>(channels);
                channels.clear();
            }
            for (Channel ch : open) {
                var closing = ch.close();
                if (canWait) {
                    closing.awaitUninterruptibly(5000);
                }
            }
        }
    }

    /** One `bind` address: "-" marks addresses that may be unavailable. */
    private record Target(String host, InetSocketAddress address, boolean optional) {
    }

    private static List<Target> targets(String bind, int port) {
        List<Target> targets = new ArrayList<>();
        for (String address : bind.trim().split("\\s+")) {
            // bind "" listens on no address at all: only the Unix socket, if any, takes connections.
            if (address.isEmpty()) {
                continue;
            }
            boolean optional = address.startsWith("-");
            String host = optional ? address.substring(1) : address;
            InetSocketAddress target = switch (host) {
                case "*" -> new InetSocketAddress(port);
                case "::*" -> new InetSocketAddress("::", port);
                default -> new InetSocketAddress(host, port);
            };
            targets.add(new Target(host, target, optional));
        }
        return targets;
    }

    /** CONFIG SET port / bind: see {@link Listeners#rebind}. */
    boolean rebind(String bind, int port) {
        return plain.rebind(bind, port);
    }

    /** CONFIG SET tls-port / bind: the TLS listeners, whose contexts the caller has loaded when port is not 0. */
    boolean rebindTls(String bind, int port) {
        return tls.rebind(bind, port);
    }

    private static boolean isWildcard(Channel c) {
        return ((InetSocketAddress) c.localAddress()).getAddress().isAnyLocalAddress();
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        if (m != null && m.contains("Address already in use")) {
            return "Address already in use";
        }
        if (m != null && m.contains("Cannot assign requested address")) {
            return "Cannot assign requested address";
        }
        return m;
    }

    /** The concrete addresses the client port is bound to; the cluster bus binds the same ones. */
    java.util.List<String> bindAddresses() {
        java.util.List<String> addresses = new ArrayList<>();
        for (Channel ch : plain.channels) {
            addresses.add(((InetSocketAddress) ch.localAddress()).getAddress().getHostAddress());
        }
        return addresses;
    }

    EventLoop commandLoop() {
        return group.next();
    }

    int boundPort() {
        return plain.boundPort;
    }

    int boundTlsPort() {
        return tls.boundPort;
    }

    /**
     * Closes the listeners and stops the event loop. From another thread it waits until the ports are
     * free, so a restarted server can bind them again; on the event loop itself (SHUTDOWN) it cannot wait.
     */
    void stop() {
        boolean canWait = group != null && !group.next().inEventLoop();
        if (plain != null) {
            plain.close(canWait);
        }
        if (tls != null) {
            tls.close(canWait);
        }
        if (unix != null) {
            unix.stop();
        }
        if (group != null) {
            var terminating = group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS);
            if (canWait) {
                terminating.awaitUninterruptibly(5000);
            }
        }
    }

    /** Thrown when a required listening socket cannot be bound; startup aborts. */
    static final class BindFailedException extends RuntimeException {
        BindFailedException(int port, String kind, Throwable cause) {
            super("Failed listening on port " + port + " (" + kind + "), aborting.", cause);
        }
    }
}
