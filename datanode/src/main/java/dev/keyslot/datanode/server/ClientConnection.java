package dev.keyslot.datanode.server;

import dev.keyslot.datanode.acl.ProtectedMode;
import dev.keyslot.datanode.command.connection.ClientInfoLine;
import dev.keyslot.datanode.protocol.ProtocolError;
import dev.keyslot.datanode.protocol.RespDecoder;
import dev.keyslot.datanode.tls.TlsErrors;
import dev.keyslot.datanode.util.Repr;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

import java.util.ArrayDeque;

/**
 * The pipeline of one client connection: the RESP decoder (which also counts input bytes) and this handler,
 * which feeds requests to the command executor and queues the accumulated replies of each read batch for
 * {@link PendingWrites}.
 */
final class ClientConnection extends ChannelInboundHandlerAdapter {
    private final Server server;
    private Client client;
    /** Requests decoded while the client was blocked, replayed in order once it is served. */
    private final ArrayDeque<Object> heldBack = new ArrayDeque<>();

    private ClientConnection(Server server) {
        this.server = server;
    }

    static void install(Server server, Channel ch) {
        ClientConnection handler = new ClientConnection(server);
        ch.pipeline().addLast("resp", new RespDecoder(new RespDecoder.Limits() {
            @Override
            public long maxBulkLength() {
                return server.maxBulkLength();
            }

            @Override
            public boolean authenticated() {
                return handler.client == null || !handler.client.authRequired();
            }

            @Override
            public void received(int bytes) {
                server.stats().netInputBytes += bytes;
                handler.touch();
            }

            @Override
            public long maxQueryBuffer() {
                return server.maxQueryBuffer();
            }

            @Override
            public void queryBufferExceeded(byte[] firstBytes) {
                handler.closeForQueryBuffer(firstBytes);
            }
        }));
        ch.pipeline().addLast("client", handler);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        client = server.newClient(ctx.channel());
        if (server.clients().size() >= server.config().getLong("maxclients")) {
            server.stats().rejectedConnections++;
            client.reply().error("ERR max number of clients reached");
            client.closeAfterReply();
            client.flush();
            client = null;
            return;
        }
        if (ProtectedMode.refuses(server.config().getBool("protected-mode"), server.acl().defaultUser(),
                ctx.channel().remoteAddress())) {
            server.stats().rejectedConnections++;
            client.reply().error(ProtectedMode.DENIED);
            client.closeAfterReply();
            client.flush();
            client = null;
            return;
        }
        client.setDecoder(ctx.pipeline().get(RespDecoder.class));
        client.setInputResumer(this::replayHeldBack);
        client.setRequeue(heldBack::addFirst);
        server.clientConnected(client);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (client == null || client.closingAfterReply() || client.closingAsap()) {
            return;
        }
        var diversion = client.inputDiversion();
        if (diversion != null) {
            diversion.accept(msg);
            return;
        }
        if (client.inputPaused()) {
            heldBack.add(msg);
            return;
        }
        handle(msg);
    }

    /** Redis closes a client (other than its master) whose query buffer outgrew client-query-buffer-limit. */
    private void closeForQueryBuffer(byte[] firstBytes) {
        if (client == null || client.closingAsap() || client.isReplicationMaster()) {
            return;
        }
        StringBuilder initial = new StringBuilder();
        Repr.append(initial, firstBytes);
        server.log().warning("Closing client that reached max query buffer length: "
                + ClientInfoLine.format(client, null, null) + " (qbuf initial bytes: " + initial + ")");
        client.closeAsap();
    }

    /** Once per socket read, as Redis stamps lastinteraction when it reads, not per pipelined request. */
    private void touch() {
        if (client != null) {
            client.touch(System.currentTimeMillis());
        }
    }

    private void handle(Object msg) {
        if (msg instanceof byte[][] argv) {
            server.executor().process(client, argv);
            if (client.isReplica()) {
                ReplicaReplies.afterCommand(server, client);
            }
        } else if (msg instanceof ProtocolError error) {
            client.reply().setMuted(false);
            client.reply().error(error.message());
            server.stats().countError(error.message());
            client.closeAfterReply();
            client.flush();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (client != null) {
            // Like Redis after each read: the client's memory is counted and maxmemory-clients applied, once a
            // client over its output buffer limit is out of the count (Redis checks that limit as replies grow).
            if (!server.outputBufferLimits().enforce(client, false)) {
                server.clientMemory().update(client, true);
            }
            server.pendingWrites().add(client);
        }
    }

    /** Runs the requests held back while blocked, until one blocks again. */
    private void replayHeldBack() {
        if (client == null) {
            return;
        }
        Object msg;
        while (!client.inputPaused() && !client.closingAfterReply() && !client.closingAsap()
                && (msg = heldBack.poll()) != null) {
            handle(msg);
        }
        client.sendReplies();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (client != null && ctx.channel().isWritable()) {
            client.writable();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (client != null) {
            heldBack.clear();
            server.clientDisconnected(client);
            client = null;
        }
    }

    /**
     * A failed TLS handshake: logged as Redis does, and only this connection is closed. The end of a client's
     * input (a half-close, as `nc -N` sends after its last request): the replies to what it sent are written
     * first, as Redis writes them before its next read notices the end; a blocked client is closed at once.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof ChannelInputShutdownEvent) {
            if (client == null || client.inputPaused()) {
                ctx.close();
            } else {
                client.closeAfterReply();
                server.pendingWrites().add(client);
            }
            return;
        }
        if (event instanceof SslHandshakeCompletionEvent done && !done.isSuccess()) {
            server.log().warning("Error accepting a client connection: " + TlsErrors.describe(done.cause()));
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        if (tls != null && !tls.handshakeFuture().isSuccess()) {
            // Already reported by the handshake event.
            ctx.close();
            return;
        }
        // Connection resets and the like: Redis closes the client silently at verbose log level.
        server.log().verbose("Client closed connection: " + cause.getMessage());
        ctx.close();
    }
}
