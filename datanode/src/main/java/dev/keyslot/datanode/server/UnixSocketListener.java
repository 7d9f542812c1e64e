package dev.keyslot.datanode.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * Redis's unixsocket: clients also connect through a Unix domain socket file, served like the TCP port. A
 * file left at the path by an earlier run is replaced; unixsocketperm, when set, is applied to the new one.
 */
final class UnixSocketListener {
    private final Server server;
    private Channel channel;
    private Path path;

    UnixSocketListener(Server server) {
        this.server = server;
    }

    void start(EventLoopGroup group, String socketPath, int permissions) throws InterruptedException {
        path = Path.of(socketPath);
        Transport transport = Transport.selected();
        try {
            Files.deleteIfExists(path);
            channel = new ServerBootstrap()
                    .group(group)
                    .channel(transport.serverDomainChannel())
                    .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ClientConnection.install(server, ch);
                        }
                    })
                    .bind(transport.domainAddress(socketPath)).sync().channel();
            if (permissions != 0) {
                Files.setPosixFilePermissions(path, posix(permissions));
            }
        } catch (IOException | RuntimeException e) {
            server.log().warning("Failed opening Unix socket: " + e.getMessage());
            throw new IllegalStateException("Failed opening Unix socket " + socketPath, e);
        }
        server.log().notice("The server is now ready to accept connections at " + socketPath);
    }

    private static Set<PosixFilePermission> posix(int mode) {
        Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values();
        // values() runs from OWNER_READ (0400) down to OTHERS_EXECUTE (0001).
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (0400 >> i)) != 0) {
                out.add(bits[i]);
            }
        }
        return out;
    }

    /** Closes the listener and removes the socket file, as Redis does on exit. */
    void stop() {
        if (channel != null) {
            channel.close();
            channel = null;
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // The file is replaced at the next start anyway.
            }
        }
    }
}
