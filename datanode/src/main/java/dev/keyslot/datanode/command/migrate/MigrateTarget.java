package dev.keyslot.datanode.command.migrate;

import dev.keyslot.datanode.server.Transport;
import dev.keyslot.datanode.tls.LinkSecurity;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.LineBasedFrameDecoder;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A cached connection to a MIGRATE target. Requests are pipelined RESP commands whose replies are single
 * lines (+OK / -ERR ...). Everything runs on one event loop: the command thread's, which nothing blocks
 * (unlike Redis, whose MIGRATE waits on a synchronous socket), or a private one for a MIGRATE inside EXEC or a
 * script, whose caller waits for the outcome.
 */
final class MigrateTarget {
    /** The outcome of one batch: the reply lines in order, or an I/O failure. */
    record Outcome(List<String> lines, String ioError, boolean writeFailed) {
    }

    private static final class Pending {
        final int expectedLines;
        final List<String> lines = new ArrayList<>();
        final Consumer<Outcome> done;
        ScheduledFuture<?> timeout;

        Pending(int expectedLines, Consumer<Outcome> done) {
            this.expectedLines = expectedLines;
            this.done = done;
        }
    }

    private final EventLoop loop;
    private final String host;
    private final int port;
    private final LinkSecurity security;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private Channel channel;
    private boolean broken;
    long lastDbid = -1;
    long lastUse;

    MigrateTarget(EventLoop loop, String host, int port, LinkSecurity security) {
        this.loop = loop;
        this.security = security;
        this.host = host;
        this.port = port;
    }

    boolean broken() {
        return broken;
    }

    /** Connects; completes with null on success or an error text (Redis's IOERR connecting message). */
    void connect(long timeoutMillis, Consumer<String> connected) {
        Bootstrap b = new Bootstrap().group(loop)
                .channelFactory(Transport.selected().socketChannels())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(timeoutMillis, Integer.MAX_VALUE))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        security.secureConnecting(ch.pipeline(), ch.alloc(), host, port);
                        ch.pipeline().addLast(new LineBasedFrameDecoder(64 * 1024));
                        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ByteBuf line = (ByteBuf) msg;
                                try {
                                    lineReceived(line.toString(StandardCharsets.ISO_8859_1).stripTrailing());
                                } finally {
                                    line.release();
                                }
                            }

                            @Override
                            public void channelInactive(ChannelHandlerContext ctx) {
                                fail("reading", false);
                            }

                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                fail("reading", false);
                            }
                        });
                    }
                });
        b.connect(new InetSocketAddress(host, port)).addListener(f -> {
            if (f.isSuccess()) {
                channel = ((io.netty.channel.ChannelFuture) f).channel();
                connected.accept(null);
            } else {
                broken = true;
                // Redis's blocking connect only waits for writability: a refused connection "connects"
                // and then fails on the first write, so only a real timeout reports "connecting".
                connected.accept(f.cause() instanceof io.netty.channel.ConnectTimeoutException
                        ? "IOERR error or timeout connecting to the client"
                        : "IOERR error or timeout writing to target instance");
            }
        });
    }

    /** Sends one pipelined batch expecting the given number of reply lines, within timeoutMillis. */
    void send(byte[] request, int expectedLines, long timeoutMillis, Consumer<Outcome> done) {
        lastUse = System.currentTimeMillis();
        Pending p = new Pending(expectedLines, done);
        pending.add(p);
        p.timeout = loop.schedule(() -> fail("reading", false), timeoutMillis, TimeUnit.MILLISECONDS);
        channel.writeAndFlush(channel.alloc().buffer(request.length).writeBytes(request)).addListener(f -> {
            if (!f.isSuccess()) {
                fail("writing", true);
            }
        });
    }

    private void lineReceived(String line) {
        Pending p = pending.peek();
        if (p == null) {
            return;
        }
        p.lines.add(line);
        if (p.lines.size() == p.expectedLines) {
            pending.poll();
            p.timeout.cancel(false);
            p.done.accept(new Outcome(p.lines, null, false));
        }
    }

    /** A timeout or I/O error: every waiting batch fails and the connection is dropped from the cache. */
    private void fail(String direction, boolean writing) {
        broken = true;
        Pending p;
        while ((p = pending.poll()) != null) {
            p.timeout.cancel(false);
            p.done.accept(new Outcome(p.lines, "IOERR error or timeout " + direction + " to target instance", writing));
        }
        close();
    }

    void close() {
        broken = true;
        if (channel != null) {
            channel.close();
        }
    }
}
