package dev.keyslot.datanode.replication;

import dev.keyslot.datanode.server.Server;
import dev.keyslot.datanode.server.Transport;
import dev.keyslot.datanode.tls.TlsErrors;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The replica's connection to its master (Redis's syncWithMaster and readSyncBulkPayload): the handshake
 * (PING, AUTH, REPLCONF listening-port and capa, PSYNC), the snapshot payload ($length or $EOF:mark),
 * then the command stream, cut into commands for {@link Replication} to apply. Lives on the command thread.
 */
final class MasterLink extends ByteToMessageDecoder {
    enum State {
        CONNECTING("connecting"),
        RECEIVE_PING_REPLY("handshake"),
        RECEIVE_HANDSHAKE_REPLIES("handshake"),
        RECEIVE_PSYNC_REPLY("handshake"),
        TRANSFER("sync"),
        CONNECTED("connected");

        final String roleName;

        State(String roleName) {
            this.roleName = roleName;
        }
    }

    private static final int EOF_MARK_LENGTH = 40;
    private static final byte[] NEWLINE = {'\n'};

    private final Replication replication;
    private final Server server;
    final String host;
    final int port;
    private Channel channel;
    State state = State.CONNECTING;
    long lastIoMillis = System.currentTimeMillis();
    long transferStartedMillis;
    long transferSize = -1;
    long transferRead;
    private int pendingHandshakeReplies;
    private boolean authPending;
    private String fullSyncReplid;
    private long fullSyncOffset;
    private byte[] eofMark;
    private ReceivedPayload payload;
    private boolean loadingPayload;
    private boolean readingPaused;
    private boolean closed;

    MasterLink(Replication replication, Server server, String host, int port) {
        this.replication = replication;
        this.server = server;
        this.host = host;
        this.port = port;
    }

    void connect() {
        Bootstrap b = new Bootstrap()
                .group(server.eventLoop())
                .channelFactory(Transport.selected().socketChannels())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                        (int) Math.min(Integer.MAX_VALUE, server.config().getLong("repl-timeout") * 1000))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (server.config().getBool("tls-replication")) {
                            ch.pipeline().addLast("tls", server.tls().outgoingHandler(ch.alloc(), host, port));
                        }
                        ch.pipeline().addLast("master", MasterLink.this);
                    }
                });
        // Like Redis, the replication link leaves from bind-source-addr, so the master sees this node's address.
        String source = server.config().get("bind-source-addr");
        var connecting = source.isEmpty() ? b.connect(host, port)
                : b.connect(new InetSocketAddress(host, port), new InetSocketAddress(source, 0));
        connecting.addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                server.log().warning("Error condition on socket for SYNC: " + f.cause().getMessage());
                linkDown();
            }
        });
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        if (closed) {
            channel.close();
            return;
        }
        server.log().notice("Non blocking connect for SYNC fired the event.");
        state = State.RECEIVE_PING_REPLY;
        send(StreamEncoding.command("PING"));
    }

    private void send(byte[][] argv) {
        channel.writeAndFlush(StreamEncoding.encode(channel.alloc(), argv), channel.voidPromise());
    }

    private void sendHandshake() {
        String auth = server.config().get("masterauth");
        String user = server.config().get("masteruser");
        pendingHandshakeReplies = 0;
        authPending = !auth.isEmpty();
        if (authPending) {
            send(user.isEmpty() ? StreamEncoding.command("AUTH", auth) : StreamEncoding.command("AUTH", user, auth));
            pendingHandshakeReplies++;
        }
        int announcedPort = server.config().getInt("replica-announce-port");
        send(StreamEncoding.command("REPLCONF", "listening-port",
                Integer.toString(announcedPort != 0 ? announcedPort : listeningPort())));
        pendingHandshakeReplies++;
        String announcedIp = server.config().get("replica-announce-ip");
        if (!announcedIp.isEmpty()) {
            send(StreamEncoding.command("REPLCONF", "ip-address", announcedIp));
            pendingHandshakeReplies++;
        }
        send(StreamEncoding.command("REPLCONF", "capa", "eof", "capa", "psync2"));
        pendingHandshakeReplies++;
        state = State.RECEIVE_HANDSHAKE_REPLIES;
    }

    /** With tls-replication the master is told the TLS port, where it can reach this replica the same way. */
    private int listeningPort() {
        if (server.config().getBool("tls-replication") && server.tlsPort() != 0) {
            return server.tlsPort();
        }
        return server.port();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        lastIoMillis = System.currentTimeMillis();
        boolean progress = true;
        while (progress && !closed && !loadingPayload && in.isReadable()) {
            progress = switch (state) {
                case CONNECTING -> false;
                case RECEIVE_PING_REPLY, RECEIVE_HANDSHAKE_REPLIES, RECEIVE_PSYNC_REPLY -> handshakeLine(in);
                case TRANSFER -> transfer(in);
                case CONNECTED -> stream(in);
            };
        }
    }

    /** One line, CR stripped; null when incomplete. */
    private static String line(ByteBuf in) {
        int end = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
        if (end < 0) {
            return null;
        }
        String s = in.toString(in.readerIndex(), end - in.readerIndex(), StandardCharsets.ISO_8859_1);
        in.readerIndex(end + 1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    private boolean handshakeLine(ByteBuf in) {
        String reply = line(in);
        if (reply == null) {
            return false;
        }
        if (reply.isEmpty()) {
            return true;
        }
        switch (state) {
            case RECEIVE_PING_REPLY -> {
                if (!reply.startsWith("+") && !reply.startsWith("-NOAUTH") && !reply.startsWith("-NOPERM")
                        && !reply.startsWith("-ERR operation not permitted")) {
                    fail("Error reply to PING from master: '" + reply + "'");
                    return false;
                }
                server.log().notice("Master replied to PING, replication can continue...");
                sendHandshake();
            }
            case RECEIVE_HANDSHAKE_REPLIES -> {
                if (authPending) {
                    authPending = false;
                    if (reply.startsWith("-")) {
                        fail("Unable to AUTH to MASTER: " + reply);
                        return false;
                    }
                } else if (reply.startsWith("-")) {
                    server.log().notice("(Non critical) Master does not understand REPLCONF: " + reply);
                }
                if (--pendingHandshakeReplies == 0) {
                    sendPsync();
                }
            }
            default -> psyncReply(reply);
        }
        return true;
    }

    private void sendPsync() {
        String[] cached = replication.psyncPosition();
        if (cached[0].equals("?")) {
            server.log().notice("Partial resynchronization not possible (no cached master)");
        } else {
            server.log().notice("Trying a partial resynchronization (request " + cached[0] + ":" + cached[1] + ").");
        }
        // FAILOVER's last step: the target, our replica until now, becomes the master continuing our history.
        send(replication.failover().inProgress() ? StreamEncoding.command("PSYNC", cached[0], cached[1], "FAILOVER")
                : StreamEncoding.command("PSYNC", cached[0], cached[1]));
        state = State.RECEIVE_PSYNC_REPLY;
    }

    private void psyncReply(String reply) {
        if (reply.startsWith("+FULLRESYNC")) {
            String[] parts = reply.split(" ");
            if (parts.length < 3) {
                fail("Master replied with wrong +FULLRESYNC syntax.");
                return;
            }
            fullSyncReplid = parts[1];
            fullSyncOffset = Long.parseLong(parts[2]);
            server.log().notice("Full resync from master: " + fullSyncReplid + ":" + fullSyncOffset);
            replication.fullResyncAnnounced();
            state = State.TRANSFER;
            transferStartedMillis = System.currentTimeMillis();
            transferSize = -1;
            replication.failover().psyncAnswered(true);
            return;
        }
        if (reply.startsWith("+CONTINUE")) {
            String newReplid = reply.length() > 10 ? reply.substring(10).trim() : "";
            server.log().notice("Successful partial resynchronization with master.");
            state = State.CONNECTED;
            replication.continued(newReplid);
            server.log().notice("MASTER <-> REPLICA sync: Master accepted a Partial Resynchronization.");
            replication.failover().psyncAnswered(true);
            return;
        }
        fail(reply.startsWith("-NOMASTERLINK") || reply.startsWith("-LOADING")
                ? "Master is currently unable to PSYNC but should be in the future: " + reply
                : "Unexpected reply to PSYNC from master: " + reply);
        replication.failover().psyncAnswered(false);
    }

    private boolean transfer(ByteBuf in) {
        if (payload == null) {
            String header = line(in);
            if (header == null) {
                return false;
            }
            if (header.isEmpty()) {
                return true;
            }
            if (header.startsWith("-")) {
                fail("MASTER aborted replication with an error: " + header.substring(1));
                return false;
            }
            boolean toDisk = !replication.loadsFromSocket();
            String target = toDisk ? "to disk" : "to parser";
            if (header.startsWith("$EOF:") && header.length() - 5 >= EOF_MARK_LENGTH) {
                eofMark = header.substring(5, 5 + EOF_MARK_LENGTH).getBytes(StandardCharsets.ISO_8859_1);
                // As Redis: the size of a streamed payload is unknown, reported as 0.
                transferSize = 0;
                server.log().notice("MASTER <-> REPLICA sync: receiving streamed RDB from master with EOF " + target);
            } else {
                eofMark = null;
                transferSize = Long.parseLong(header.substring(1));
                server.log().notice("MASTER <-> REPLICA sync: receiving " + transferSize + " bytes from master " + target);
            }
            try {
                payload = toDisk ? replication.payloadFile(EOF_MARK_LENGTH)
                        : ReceivedPayload.streamed(EOF_MARK_LENGTH, new PayloadPipe(flow));
            } catch (IOException e) {
                fail("Opening the temp file needed for MASTER <-> REPLICA synchronization: " + e.getMessage());
                return false;
            }
            transferRead = 0;
            if (payload.streamed()) {
                replication.streamPayload(this, payload, transferSize, eofMark, fullSyncReplid, fullSyncOffset);
                if (closed) {
                    return false;
                }
            }
        }
        int take = eofMark != null ? in.readableBytes()
                : (int) Math.min(in.readableBytes(), transferSize - transferRead);
        boolean complete;
        try {
            payload.append(in.readRetainedSlice(take));
            transferRead += take;
            if (eofMark != null) {
                complete = payload.endsWith(eofMark);
                if (complete) {
                    transferRead -= EOF_MARK_LENGTH;
                }
            } else {
                complete = transferRead == transferSize;
            }
            if (complete) {
                payload.complete(eofMark != null ? EOF_MARK_LENGTH : 0);
            }
        } catch (IOException e) {
            fail("Write error or short write writing to the DB dump file needed for MASTER <-> REPLICA "
                    + "synchronization: " + e.getMessage());
            return false;
        }
        if (complete) {
            ReceivedPayload received = payload;
            payload = null;
            // The master's stream waits in the socket until the payload is loaded (Redis stops reading too).
            loadingPayload = true;
            channel.config().setAutoRead(false);
            if (!received.streamed()) {
                replication.loadPayload(this, received, transferRead, fullSyncReplid, fullSyncOffset);
            }
            return false;
        }
        return true;
    }

    /** The parser of a streamed payload holds enough unread bytes, or has caught up with them. */
    private final PayloadPipe.Flow flow = new PayloadPipe.Flow() {
        @Override
        public void pause() {
            readingPaused = true;
            channel.config().setAutoRead(false);
        }

        @Override
        public void resume() {
            server.eventLoop().execute(() -> {
                readingPaused = false;
                lastIoMillis = System.currentTimeMillis();
                if (!closed && !loadingPayload) {
                    channel.config().setAutoRead(true);
                }
            });
        }
    };

    /**
     * The payload is loaded: the command stream that followed it is applied now, and reading resumes. A
     * streamed payload whose image ended before the transfer did is refused.
     */
    void payloadLoaded() {
        if (payload != null) {
            fail("MASTER <-> REPLICA sync: the payload goes on after the end of its RDB");
            return;
        }
        loadingPayload = false;
        if (closed) {
            return;
        }
        state = State.CONNECTED;
        if (eofMark != null) {
            // A diskless master sends the stream only once this first ACK says the snapshot is loaded.
            sendAck(replication.offset());
        }
        lastIoMillis = System.currentTimeMillis();
        ByteBuf pending = internalBuffer();
        if (pending.isReadable()) {
            stream(pending);
        }
        channel.config().setAutoRead(true);
    }

    /** True while a payload is being loaded: received, or still arriving for a streamed one. */
    boolean loadingPayload() {
        return loadingPayload || (payload != null && payload.streamed());
    }

    /**
     * True while this link does not read its socket on purpose (a payload being loaded, or a streamed one
     * whose parser has fallen behind): silence from the master then says nothing about the master.
     */
    boolean readingPaused() {
        return loadingPayload || readingPaused;
    }

    /** While loading, an empty line now and then tells the master this replica is alive (as Redis does). */
    void sendKeepAlive() {
        if (channel != null && channel.isActive()) {
            channel.writeAndFlush(Unpooled.wrappedBuffer(NEWLINE), channel.voidPromise());
        }
    }

    private boolean stream(ByteBuf in) {
        int start = in.readerIndex();
        byte[][] argv;
        while (!replication.heldByBusyScript() && (argv = CommandFrames.next(in)) != null) {
            int end = in.readerIndex();
            if (argv.length > 0 && replication.heldByPause(argv)) {
                // Left in the buffer, still read behind it, until the pause ends (resumeStream).
                in.readerIndex(start);
                break;
            }
            replication.applyFromMaster(argv, in.slice(start, end - start));
            start = end;
            if (closed || state != State.CONNECTED) {
                break;
            }
        }
        return false;
    }

    /** A pause or a busy script ended: the stream held back in the buffer is applied now. */
    void resumeStream() {
        if (state == State.CONNECTED && !closed && !loadingPayload) {
            ByteBuf pending = internalBuffer();
            if (pending.isReadable()) {
                stream(pending);
            }
        }
    }

    /** Bytes of the stream read from the master but not applied yet (held by a pause or a busy script). */
    long unappliedBytes() {
        return state == State.CONNECTED && !loadingPayload ? internalBuffer().readableBytes() : 0;
    }

    void sendAck(long offset) {
        if (channel != null && channel.isActive()) {
            send(StreamEncoding.command("REPLCONF", "ACK", Long.toString(offset)));
        }
    }

    private void fail(String message) {
        server.log().warning(message);
        close();
    }

    /** Ends the link; the replication cron reconnects while this node is still a replica. */
    void close() {
        closed = true;
        if (channel != null) {
            channel.close();
        }
        linkDown();
    }

    /** Closed or lost: a payload still arriving will not complete (its parser, if any, is told so). */
    private void linkDown() {
        closed = true;
        if (payload != null) {
            payload.discard();
            payload = null;
        }
        replication.linkLost(this);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (!closed) {
            server.log().warning("Connection with master lost.");
        }
        linkDown();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (state == State.CONNECTING || state == State.RECEIVE_PING_REPLY) {
            // The TLS handshake failed: Redis reports it as the failed connect of syncWithMaster.
            fail("Error condition on socket for SYNC: " + TlsErrors.describe(cause));
            return;
        }
        fail("Error in the link with the master: " + cause.getMessage());
    }

    Channel channel() {
        return channel;
    }

    boolean isChannel(Channel c) {
        return channel == c;
    }
}
