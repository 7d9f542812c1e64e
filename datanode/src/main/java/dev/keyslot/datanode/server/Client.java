package dev.keyslot.datanode.server;

import dev.keyslot.datanode.acl.User;
import dev.keyslot.datanode.command.BlockedCall;
import dev.keyslot.datanode.command.CommandSpec;
import dev.keyslot.datanode.command.transaction.MultiState;
import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.protocol.Reply;
import dev.keyslot.datanode.protocol.RespDecoder;
import dev.keyslot.datanode.pubsub.ClientSubscriptions;
import dev.keyslot.datanode.tracking.ClientTracking;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;

import java.net.InetSocketAddress;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A connected client: its connection, protocol version, selected database, authentication, name and the
 * per-feature state (transactions, subscriptions, blocking) that commands keep between requests.
 */
public final class Client {
    private final long id;
    private final Server server;
    private final Channel channel;
    private final Reply reply;
    private final long createdAtMillis;
    private Database db;
    private String name;
    private String libName;
    private String libVersion;
    private boolean authenticated;
    private User user;
    /** Arguments of the running command hidden from the slow log (passwords): a bit per position below 64. */
    private long redactedArguments;
    /** Every argument from this position on is hidden (ACL SETUSER's rules). */
    private int redactedFrom = Integer.MAX_VALUE;
    private long lastInteractionMillis;
    private CommandSpec lastCommand;
    private boolean closeAfterReply;
    /** CLIENT REPLY SKIP mutes only the next command's reply. */
    private boolean skipNextReply;
    private boolean replyOff;
    private boolean noEvict;
    /** Argument count and total argument bytes of the request being executed (CLIENT LIST qbuf-free...). */
    private int lastArgc;
    /** Cluster mode: ASKING was sent for the next command; READONLY allows reads on a replica. */
    private boolean asking;
    private boolean readOnlyReplicaReads;
    /** Subscribed, blocked and replica clients are not closed by the idle `timeout`. */
    private int timeoutExemptions;
    /** While blocked, further requests wait unprocessed (Redis stops processing a blocked client's input). */
    private boolean inputPaused;
    private Consumer<byte[][]> requeue;
    private Consumer<Object> inputDiversion;
    /**
     * Redis's CLIENT_BLOCKED: waiting in a blocking command or WAIT that has not replied yet, or with a
     * request held by a client pause.
     */
    private boolean blocked;
    /** The command it blocked in, accounted when the wait ends; cleared by the next command. */
    private BlockedCall blockedCall;
    private Runnable inputResumer = this::flush;
    private final MultiState multi = new MultiState();
    private final ClientSubscriptions subscriptions = new ClientSubscriptions();
    private final ClientTracking tracking = new ClientTracking();
    /** Set while commands must not block (inside EXEC, scripts): blocking commands then act as timed out. */
    private boolean denyBlocking;
    /** Queued in the {@link ReplyBarrier} until the AOF is written. */
    private boolean heldByBarrier;
    /** Queued in {@link PendingWrites} for the end of the event-loop pass. */
    private boolean pendingWrite;
    /** The replica side's link to its master: its commands are obeyed (no read-only, stale or OOM checks). */
    private boolean replicationMaster;
    /** The master client's socket: the replica's link, which CLIENT LIST shows and CLIENT KILL closes. */
    private Channel masterLink;
    private boolean loadingAof;
    private boolean replayWaitsForScripts;
    /** A replica of this node, attached with SYNC or PSYNC (CLIENT LIST/KILL type replica). */
    private boolean replica;
    /** For a replica: its share of the replication buffer, which is all its output buffer. */
    private LongSupplier replicationOutput = () -> 0;
    /** For a replica: sends it more of the replication stream once its socket takes more. */
    private Runnable writableAgain = () -> { };
    /** The replication offset after this client's last command: what WAIT waits for replicas to reach. */
    private long replicationWriteOffset;
    /** In MONITOR mode ({@link Monitors}). */
    private boolean monitoring;
    /** The client Lua scripts and functions run their redis.call commands as. */
    private boolean scriptRunner;
    /** Being closed for its output buffer: no more requests run, no more replies are kept (CLIENT_CLOSE_ASAP). */
    private boolean closingAsap;
    /** The request being processed, part of the client's memory meanwhile (CLIENT LIST argv-mem); else null. */
    private byte[][] runningArgv;
    /** The memory last counted for this client in {@link ClientMemory}'s total. */
    private long accountedMemory;
    /** The decoder of this client's connection: the request being read is part of its memory. */
    private RespDecoder decoder;
    /** When the output buffer was first seen at or above the soft limit, in seconds; 0 while below it. */
    private long softLimitSinceSeconds;

    Client(long id, Server server, Channel channel, Reply reply) {
        this.id = id;
        this.server = server;
        this.channel = channel;
        this.reply = reply;
        this.createdAtMillis = System.currentTimeMillis();
        this.lastInteractionMillis = createdAtMillis;
        this.db = server.keyspace().db(0);
        if (channel != null) {
            reply.setGrowthObserver(() -> server.outputBufferLimits().enforce(this, false));
        }
        if (channel == null) {
            setAuthenticated(true, server.acl().superuser());
        } else {
            server.acl().resetClient(this);
        }
    }

    public long id() {
        return id;
    }

    public Server server() {
        return server;
    }

    /** Whether this client came in on the TLS port. */
    public boolean overTls() {
        return channel != null && channel.pipeline().get(SslHandler.class) != null;
    }

    public Channel channel() {
        return channel;
    }

    public Reply reply() {
        return reply;
    }

    public Database db() {
        return db;
    }

    public void selectDb(Database db) {
        this.db = db;
    }

    public String name() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String libName() {
        return libName;
    }

    public void setLibName(String libName) {
        this.libName = libName;
    }

    public String libVersion() {
        return libVersion;
    }

    public void setLibVersion(String libVersion) {
        this.libVersion = libVersion;
    }

    public boolean authenticated() {
        return authenticated;
    }

    public void setAuthenticated(boolean authenticated, User user) {
        this.authenticated = authenticated;
        this.user = user;
    }

    /** True when the client must authenticate before running commands (Redis's authRequired). */
    public boolean authRequired() {
        return !authenticated && server.acl().authRequired();
    }

    public User user() {
        return user;
    }

    /** Hides argv[position] of the running command from the slow log, as Redis's redactClientCommandArgument. */
    public void redactArgument(int position) {
        if (position < 64) {
            redactedArguments |= 1L << position;
        } else {
            redactedFrom = Math.min(redactedFrom, position);
        }
    }

    public void redactArgumentsFrom(int position) {
        redactedFrom = Math.min(redactedFrom, position);
    }

    public boolean argumentRedacted(int position) {
        return position >= redactedFrom || (position < 64 && (redactedArguments & (1L << position)) != 0);
    }

    /** Called before each command handler runs. */
    public void clearRedactions() {
        redactedArguments = 0;
        redactedFrom = Integer.MAX_VALUE;
    }

    public long createdAtMillis() {
        return createdAtMillis;
    }

    public long lastInteractionMillis() {
        return lastInteractionMillis;
    }

    public void touch(long now) {
        lastInteractionMillis = now;
    }

    public CommandSpec lastCommand() {
        return lastCommand;
    }

    public void setLastCommand(CommandSpec lastCommand) {
        this.lastCommand = lastCommand;
    }

    /** Reply, then close the connection (QUIT, protocol errors, CLIENT KILL of self). */
    public void closeAfterReply() {
        closeAfterReply = true;
    }

    public boolean closingAfterReply() {
        return closeAfterReply;
    }

    public boolean replyOff() {
        return replyOff;
    }

    public void setReplyMode(boolean off, boolean skipNext) {
        this.replyOff = off;
        this.skipNextReply = skipNext;
    }

    /** Called before each command: applies CLIENT REPLY OFF/SKIP to this command's reply. */
    public void beginCommand() {
        blockedCall = null;
        if (skipNextReply) {
            skipNextReply = false;
            reply.setMuted(true);
        } else {
            reply.setMuted(replyOff);
        }
    }

    public boolean noEvict() {
        return noEvict;
    }

    public void setNoEvict(boolean noEvict) {
        this.noEvict = noEvict;
    }

    public int lastArgc() {
        return lastArgc;
    }

    public void setLastArgc(int lastArgc) {
        this.lastArgc = lastArgc;
    }

    public boolean asking() {
        return asking;
    }

    public void setAsking(boolean asking) {
        this.asking = asking;
    }

    public boolean readOnlyReplicaReads() {
        return readOnlyReplicaReads;
    }

    public void setReadOnlyReplicaReads(boolean readOnly) {
        this.readOnlyReplicaReads = readOnly;
    }

    public boolean isExemptFromTimeout() {
        return timeoutExemptions > 0;
    }

    /** Pass true when a feature starts needing the connection kept while idle, false when it stops. */
    public void exemptFromTimeout(boolean exempt) {
        timeoutExemptions += exempt ? 1 : -1;
    }

    /** CLIENT LIST's flag b and what INFO's blocked_clients counts. */
    public boolean blocked() {
        return blocked;
    }

    public void setBlocked(boolean blocked) {
        this.blocked = blocked;
    }

    public BlockedCall blockedCall() {
        return blockedCall;
    }

    public void setBlockedCall(BlockedCall call) {
        this.blockedCall = call;
    }

    public boolean inputPaused() {
        return inputPaused;
    }

    /**
     * Holds back this client's further requests until {@link #resumeInput()}. The socket keeps being
     * read, as in Redis, so a disconnect is noticed while blocked.
     */
    public void pauseInput() {
        inputPaused = true;
    }

    /** Processes the requests that arrived while paused, then flushes. */
    public void resumeInput() {
        inputPaused = false;
        inputResumer.run();
    }

    /**
     * Holds back this client's further requests, argv first (a request taken from it that must wait), until
     * {@link #resumeInput()}. False for a client without a connection, which has no requests to hold back.
     */
    public boolean pauseInputBefore(byte[][] argv) {
        if (requeue == null) {
            return false;
        }
        inputPaused = true;
        requeue.accept(argv);
        return true;
    }

    /** Sends this client's requests to consumer instead of executing them (a Lua debugger session); null ends it. */
    public void divertInput(Consumer<Object> consumer) {
        inputDiversion = consumer;
    }

    /** Where this client's requests go instead of the executor, or null. */
    Consumer<Object> inputDiversion() {
        return inputDiversion;
    }

    void setRequeue(Consumer<byte[][]> requeue) {
        this.requeue = requeue;
    }

    /** The connection handler installs how held-back requests are replayed. */
    void setInputResumer(Runnable inputResumer) {
        this.inputResumer = inputResumer;
    }

    /** MULTI/EXEC and WATCH state. */
    public MultiState multi() {
        return multi;
    }

    /** Pub/sub channels and patterns this client is subscribed to. */
    public ClientSubscriptions subscriptions() {
        return subscriptions;
    }

    /** CLIENT TRACKING state for client-side caching. */
    public ClientTracking tracking() {
        return tracking;
    }

    public boolean denyBlocking() {
        return denyBlocking;
    }

    public void setDenyBlocking(boolean denyBlocking) {
        this.denyBlocking = denyBlocking;
    }

    public boolean isReplicationMaster() {
        return replicationMaster;
    }

    /** Redis's mustObeyClient: the master's stream or the AOF being loaded, applied as written. */
    public boolean mustObey() {
        return replicationMaster || loadingAof;
    }

    /**
     * Whether a script this client runs may outlive the busy threshold and leave the command to finish later:
     * clients with a connection, and the AOF replay while it can wait for the script (Redis serves other
     * clients, -LOADING, while a slow script from the AOF runs).
     */
    public boolean mayLeaveScriptRunning() {
        return channel() != null || replayWaitsForScripts;
    }

    /** For the AOF replay client: whether the replay of the command it runs now can wait for a slow script. */
    public void setReplayWaitsForScripts(boolean waits) {
        this.replayWaitsForScripts = waits;
    }

    /** Marks the client that replays the AOF at startup. */
    public void markLoadingAof() {
        this.loadingAof = true;
    }

    public void markReplicationMaster() {
        this.replicationMaster = true;
    }

    /** The master client's commands now arrive on link (null once the link is gone). */
    public void setMasterLink(Channel link) {
        this.masterLink = link;
    }

    /** The socket this client's commands arrive on: its own, or the master link; null for an internal client. */
    public Channel socket() {
        return channel != null ? channel : masterLink;
    }

    public boolean isReplica() {
        return replica;
    }

    /**
     * The client asked to sync: from now on it may not touch keys, and a reply to it closes its link. Its output
     * buffer is what output reports (its share of the replication buffer); writable is run whenever its socket
     * can take more after it could not.
     */
    public void markReplica(LongSupplier output, Runnable writable) {
        this.replica = true;
        this.replicationOutput = output;
        this.writableAgain = writable;
        reply.setErrorObserver(error -> ReplicaReplies.errorReplied(server, this, error));
    }

    /** The socket can take more output again. */
    void writable() {
        writableAgain.run();
    }

    public boolean isMonitoring() {
        return monitoring;
    }

    void setMonitoring(boolean monitoring) {
        this.monitoring = monitoring;
    }

    public boolean runsScripts() {
        return scriptRunner;
    }

    public void markScriptRunner() {
        this.scriptRunner = true;
    }

    public long replicationWriteOffset() {
        return replicationWriteOffset;
    }

    public void setReplicationWriteOffset(long offset) {
        this.replicationWriteOffset = offset;
    }

    public String remoteAddress() {
        Channel socket = socket();
        if (overUnixSocket()) {
            return unixSocketAddress();
        }
        return format(socket == null ? null : socket.remoteAddress());
    }

    public String localAddress() {
        Channel socket = socket();
        if (overUnixSocket()) {
            return unixSocketAddress();
        }
        return format(socket == null ? null : socket.localAddress());
    }

    /** Whether this client came in on the unixsocket (CLIENT LIST flag U). */
    public boolean overUnixSocket() {
        return channel != null && !(channel.localAddress() instanceof InetSocketAddress) && channel.localAddress() != null;
    }

    /** Redis names both ends of a Unix socket connection by the socket's path, with port 0. */
    private String unixSocketAddress() {
        return server.config().get("unixsocket") + ":0";
    }

    private static String format(java.net.SocketAddress address) {
        if (address instanceof InetSocketAddress isa) {
            return isa.getAddress().getHostAddress() + ":" + isa.getPort();
        }
        return address == null ? "" : address.toString();
    }

    boolean heldByBarrier() {
        return heldByBarrier;
    }

    void setHeldByBarrier(boolean held) {
        this.heldByBarrier = held;
    }

    boolean pendingWrite() {
        return pendingWrite;
    }

    void setPendingWrite(boolean pending) {
        this.pendingWrite = pending;
    }

    /**
     * CLIENT LIST omem, what client-output-buffer-limit bounds: the replies not yet sent, still being built or
     * written but not yet taken by the socket. Up to 16 KB they are in the buffer every client has in Redis (tot-mem
     * counts it, omem does not); beyond it Redis allocates reply blocks of 16 KB or more, so all of it is counted.
     * A replica's is its share of the shared replication buffer, as Redis counts it.
     */
    public long outputBufferBytes() {
        if (replica) {
            return replicationOutput.getAsLong();
        }
        long bytes = reply.pendingBytes() + (channel == null ? 0 : UnsentBytes.of(channel));
        return bytes <= ClientMemory.BASE ? 0 : bytes;
    }

    public boolean closingAsap() {
        return closingAsap;
    }

    /**
     * Closes the connection without sending what is pending; requests already read are not run. The close
     * itself completes after the current command, as Redis frees such clients before it sleeps.
     */
    void closeAsap() {
        server.clientMemory().forget(this);
        closingAsap = true;
        reply.discard();
        channel.eventLoop().execute(() -> channel.close());
    }

    public void setRunningArgv(byte[][] argv) {
        runningArgv = argv;
    }

    /** CLIENT LIST argv-mem: as Redis counts it, the argument bytes and a pointer each, while a request runs. */
    public long argvMemory() {
        byte[][] argv = runningArgv;
        if (argv == null) {
            return 0;
        }
        long bytes = 8L * argv.length;
        for (byte[] a : argv) {
            bytes += a.length;
        }
        return bytes;
    }

    long accountedMemory() {
        return accountedMemory;
    }

    void setAccountedMemory(long bytes) {
        accountedMemory = bytes;
    }

    public RespDecoder decoder() {
        return decoder;
    }

    void setDecoder(RespDecoder decoder) {
        this.decoder = decoder;
    }

    long softLimitSinceSeconds() {
        return softLimitSinceSeconds;
    }

    void setSoftLimitSinceSeconds(long seconds) {
        softLimitSinceSeconds = seconds;
    }

    /** Counts the pending replies in INFO's total_net_output_bytes, then writes them as {@link #flush} does. */
    public void sendReplies() {
        server.stats().netOutputBytes += reply.pendingBytes();
        flush();
    }

    /**
     * Writes whatever replies are pending to the socket (end of a read batch, or a wake-up), once the
     * append-only file holds the writes they acknowledge.
     */
    public void flush() {
        if (channel == null || server.replyBarrier().hold(this)) {
            return;
        }
        writeOut();
    }

    void writeOut() {
        if (closingAsap || server.outputBufferLimits().enforce(this, false)) {
            return;
        }
        var out = reply.take();
        if (out != null) {
            if (closeAfterReply) {
                channel.writeAndFlush(out).addListener(io.netty.channel.ChannelFutureListener.CLOSE);
            } else {
                channel.writeAndFlush(out, channel.voidPromise());
                // What the socket did not take stays in the output buffer, which a client that does not read grows.
                if (!server.outputBufferLimits().enforce(this, false)) {
                    server.clientMemory().update(this, false);
                }
            }
        } else if (closeAfterReply) {
            channel.close();
        }
    }
}
