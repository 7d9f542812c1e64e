package dev.keyslot.datanode.replication;

import dev.keyslot.datanode.config.ConfigException;

import dev.keyslot.datanode.propagation.PropagationTarget;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The master side: the replicas attached to this node, and the replication stream in the shared replication
 * buffer that is both the backlog and every replica's output ({@link ReplicationBuffer}). As a master the stream
 * is the propagated commands; as a replica with replicas of its own it is the master's stream passed on byte for
 * byte ({@link #appendStream}), so the whole chain shares one history. Runs on the command thread.
 */
final class ReplicaSet implements PropagationTarget {
    private static final byte[][] PING = StreamEncoding.command("PING");
    private static final byte[] NEWLINE = {'\n'};

    private final Server server;
    private final ReplicationIds ids;
    private final ReplicationStats stats;
    private final List<ReplicaLink> replicas = new ArrayList<>();
    /** What connections announced with REPLCONF before asking to sync. */
    private final Map<Client, ReplicaLink> handshakes = new HashMap<>();
    /** The backlog and the replicas' output; null while this node keeps no backlog. */
    private ReplicationBuffer buffer;
    /** The database the stream last selected; -1 forces a SELECT before the next command. */
    private int selectedDb = -1;
    private boolean flushScheduled;
    private final Runnable flushTask = this::flushReplicas;
    private boolean trimScheduled;
    private final Runnable trimTask = this::trimMore;
    private boolean propagating = true;
    private long lastReplicaGoneMillis = System.currentTimeMillis();
    private int goodReplicas;
    private OutputLimit outputLimit;

    ReplicaSet(Server server, ReplicationIds ids, ReplicationStats stats) {
        this.server = server;
        this.ids = ids;
        this.stats = stats;
        this.outputLimit = OutputLimit.of(server.config().get("client-output-buffer-limit"));
        server.config().onChange((name, value) -> {
            if (name.equals("repl-backlog-size")) {
                backlogSizeChanged(server.config().getLong(name));
            } else if (name.equals("client-output-buffer-limit")) {
                outputLimit = OutputLimit.of(server.config().get("client-output-buffer-limit"));
            }
        });
    }

    private void backlogSizeChanged(long size) {
        if (size < ReplicationBuffer.MIN_BACKLOG_SIZE) {
            try {
                server.config().set("repl-backlog-size", Long.toString(ReplicationBuffer.MIN_BACKLOG_SIZE));
            } catch (ConfigException e) {
                throw new IllegalStateException(e);
            }
        } else if (buffer != null) {
            buffer.resize(size);
            trim(ReplicationBuffer.TRIM_BLOCKS_PER_CALL);
        }
    }

    /** False while this node is a replica: its stream then is its master's, not its own commands. */
    void setPropagating(boolean propagating) {
        this.propagating = propagating;
        selectedDb = -1;
    }

    @Override
    public boolean active() {
        return propagating && buffer != null;
    }

    @Override
    public boolean replication() {
        return true;
    }

    @Override
    public void feed(int db, byte[][] argv) {
        if (db != selectedDb) {
            appendCommand(StreamEncoding.command("SELECT", Integer.toString(db)));
            selectedDb = db;
        }
        appendCommand(argv);
    }

    /** Adds a command without selecting a database first (PING, REPLCONF GETACK). */
    void appendCommand(byte[][] argv) {
        ByteBuf encoded = StreamEncoding.encode(PooledByteBufAllocator.DEFAULT, argv);
        appendStream(encoded);
        encoded.release();
    }

    /** INFO mem_total_replication_buffers: the shared buffer, backlog and replicas' output in one. */
    long bufferBytes() {
        return buffer == null ? 0 : buffer.memory();
    }

    /**
     * INFO mem_replication_backlog, as Redis splits the shared buffer: up to repl-backlog-size is the backlog's,
     * and all of it while no replica is attached.
     */
    long backlogBytes() {
        return bufferBytes() - replicasBytes();
    }

    /** INFO mem_clients_slaves: what the shared buffer holds beyond the backlog's size while replicas use it. */
    long replicasBytes() {
        return replicas.isEmpty() ? 0 : beyondBacklogBytes();
    }

    /**
     * What the shared buffer holds beyond the backlog's size, replicas or not: Redis keeps it out of the memory
     * maxmemory compares (freeMemoryGetNotCountedMemory), as deleting keys cannot free it, and what a dropped replica
     * held is still being trimmed away a few blocks at a time.
     */
    long beyondBacklogBytes() {
        return buffer == null ? 0 : Math.max(0, buffer.memory() - buffer.backlogSize());
    }

    /** Adds bytes to the stream: the shared buffer and the offset. The caller keeps its buffer. */
    void appendStream(ByteBuf part) {
        if (buffer == null) {
            return;
        }
        boolean blockAdded = buffer.append(part);
        ids.advance(part.readableBytes());
        Client writer = server.executor().currentClient();
        if (writer != null) {
            writer.setReplicationWriteOffset(ids.offset());
        }
        if (!replicas.isEmpty()) {
            if (blockAdded) {
                enforceOutputLimits();
            }
            scheduleFlush();
        }
        if (blockAdded) {
            trim(ReplicationBuffer.TRIM_BLOCKS_PER_CALL);
        }
    }

    /** As Redis, whenever the buffer grew by a block: a replica that needs too much of it is dropped. */
    private void enforceOutputLimits() {
        OutputLimit limit = outputLimit;
        long now = System.currentTimeMillis();
        for (ReplicaLink r : replicas) {
            if (limit.exceeded(r, outputBufferBytes(r), buffer.backlogSize(), now)) {
                server.log().warning("Client " + describe(r)
                        + " scheduled to be closed ASAP for overcoming of output buffer limits.");
                r.close();
            }
        }
    }

    /**
     * A replica's output buffer: its part of the shared buffer, as CLIENT LIST omem shows it and the output buffer
     * limits judge it.
     */
    private long outputBufferBytes(ReplicaLink r) {
        return r.outputBufferBytes(buffer);
    }

    /** Drops up to maxBlocks of the oldest blocks that neither the backlog nor any replica needs; how many. */
    private int trim(int maxBlocks) {
        if (buffer == null) {
            return 0;
        }
        long oldestNeeded = ReplicaLink.NOTHING_NEEDED;
        for (ReplicaLink r : replicas) {
            oldestNeeded = Math.min(oldestNeeded, r.neededOffset());
        }
        return buffer.trim(oldestNeeded, maxBlocks);
    }

    /**
     * Redis trims ten times the usual number of blocks before each sleep of its event loop: what a dropped replica
     * held is given back over a few turns of the loop, other work running in between.
     */
    private void scheduleTrim() {
        if (!trimScheduled) {
            trimScheduled = true;
            server.eventLoop().execute(trimTask);
        }
    }

    private void trimMore() {
        trimScheduled = false;
        int max = 10 * ReplicationBuffer.TRIM_BLOCKS_PER_CALL;
        if (trim(max) == max) {
            scheduleTrim();
        }
    }

    private void scheduleFlush() {
        if (!flushScheduled) {
            flushScheduled = true;
            server.eventLoop().execute(flushTask);
        }
    }

    private void flushReplicas() {
        flushScheduled = false;
        for (ReplicaLink r : replicas) {
            r.sendMore(buffer);
        }
        trimMore();
    }

    /** A replica's socket takes more again: it is sent what it has not had yet. */
    private void writable(ReplicaLink r) {
        r.sendMore(buffer);
        trim(ReplicationBuffer.TRIM_BLOCKS_PER_CALL);
    }

    /** The first byte of a new history's stream must select its database again. */
    void forceSelect() {
        selectedDb = -1;
    }

    void ensureBacklog() {
        if (buffer == null) {
            buffer = newBuffer();
        }
    }

    private ReplicationBuffer newBuffer() {
        return new ReplicationBuffer(PooledByteBufAllocator.DEFAULT, server.config().getLong("repl-backlog-size"),
                ids.offset());
    }

    /** A restarted master without a history to continue keeps no backlog (Redis frees it after loading). */
    void dropBacklog() {
        freeBuffer();
        selectedDb = -1;
    }

    private void freeBuffer() {
        if (buffer != null) {
            buffer.release();
            buffer = null;
        }
    }

    /**
     * A new history was adopted (full resync from our master): nothing before it can be continued. The replicas
     * were disconnected when the resync began, so none still needs the old stream.
     */
    void resetBacklog() {
        freeBuffer();
        buffer = newBuffer();
        selectedDb = -1;
    }

    /** The backlog, null while there is none. */
    ReplicationBuffer backlog() {
        return buffer;
    }

    /** The database the stream is in: the last one it selected, 0 before any (the next write selects one). */
    int streamDb() {
        return Math.max(selectedDb, 0);
    }

    List<ReplicaLink> replicas() {
        return replicas;
    }

    ReplicaLink find(Client c) {
        for (ReplicaLink r : replicas) {
            if (r.client == c) {
                return r;
            }
        }
        return null;
    }

    /** The replica-to-be's announcements (REPLCONF listening-port, capa) before its PSYNC. */
    ReplicaLink handshake(Client c) {
        ReplicaLink r = find(c);
        return r != null ? r : handshakes.computeIfAbsent(c, ReplicaLink::new);
    }

    /** Registers a replica that asked to sync (Redis's syncCommand): a first replica creates the backlog. */
    ReplicaLink attach(Client c) {
        ReplicaLink r = handshake(c);
        handshakes.remove(c);
        replicas.add(r);
        c.markReplica(() -> outputBufferBytes(r), () -> writable(r));
        c.exemptFromTimeout(true);
        if (replicas.size() == 1 && buffer == null) {
            ids.renew();
            ensureBacklog();
            server.log().notice("Replication backlog created, my new replication IDs are '" + ids.replid()
                    + "' and '" + ids.replid2() + "'");
        }
        return r;
    }

    /**
     * PSYNC's partial path: when the replica is on our history and the backlog still has what it misses,
     * answers +CONTINUE, sends the missing part and puts it online; false means a full resync is needed.
     */
    boolean tryContinue(ReplicaLink r, String askedReplid, long psyncOffset) {
        if (!ids.canContinue(askedReplid, psyncOffset)) {
            if (!askedReplid.equals("?")) {
                server.log().notice("Partial resynchronization not accepted: Replication ID mismatch (Replica asked for '"
                        + askedReplid + "', my replication IDs are '" + ids.replid() + "' and '" + ids.replid2() + "')");
            } else {
                server.log().notice("Full resync requested by replica " + describe(r));
            }
            return false;
        }
        if (buffer == null || !buffer.covers(psyncOffset)) {
            server.log().notice("Unable to partial resync with replica " + describe(r)
                    + " for lack of backlog (Replica request was: " + psyncOffset + ").");
            return false;
        }
        attach(r.client);
        String line = r.capaPsync2 ? "+CONTINUE " + ids.replid() + "\r\n" : "+CONTINUE\r\n";
        r.channel().write(Unpooled.copiedBuffer(line, StandardCharsets.US_ASCII), r.channel().voidPromise());
        long length = buffer.endOffset() + 1 - psyncOffset;
        r.startStreamAt(psyncOffset);
        putOnline(r);
        server.log().notice("Partial resynchronization request from " + describe(r) + " accepted. Sending "
                + length + " bytes of backlog starting from offset " + psyncOffset + ".");
        stats.partialSyncsAccepted++;
        return true;
    }

    void detach(Client c) {
        handshakes.remove(c);
        ReplicaLink r = find(c);
        if (r != null) {
            replicas.remove(r);
            r.close();
            trim(ReplicationBuffer.TRIM_BLOCKS_PER_CALL);
            scheduleTrim();
            c.exemptFromTimeout(false);
            server.log().notice("Connection with replica " + describe(r) + " lost.");
            if (replicas.isEmpty()) {
                lastReplicaGoneMillis = System.currentTimeMillis();
            }
            refreshGoodReplicas();
        }
    }

    /** Closes every replica connection: they reconnect and learn a new history (Redis's disconnectSlaves). */
    void disconnectAll() {
        for (ReplicaLink r : List.copyOf(replicas)) {
            r.close();
        }
    }

    /** REPLCONF ACK: the replica has processed the stream up to offset. */
    void acknowledged(ReplicaLink r, long offset) {
        r.ackOffset = Math.max(r.ackOffset, offset);
        r.ackMillis = System.currentTimeMillis();
        if (r.state == ReplicaLink.State.WAIT_ACK) {
            putOnline(r);
            server.log().notice("Synchronization with replica " + describe(r) + " succeeded");
        }
    }

    /** Online replicas whose acknowledgement is at most min-replicas-max-lag seconds old. */
    int goodReplicas() {
        return goodReplicas;
    }

    void putOnline(ReplicaLink r) {
        r.goOnline(buffer);
        refreshGoodReplicas();
    }

    /**
     * Recounts the good replicas, as Redis does whenever a replica comes online or goes, either setting changes,
     * and every cron turn; the lag is counted in whole seconds of the clock, as Redis's unixtime counts it.
     */
    void refreshGoodReplicas() {
        long maxLag = server.config().getLong("min-replicas-max-lag");
        if (server.config().getLong("min-replicas-to-write") == 0 || maxLag == 0) {
            return;
        }
        long nowSeconds = System.currentTimeMillis() / 1000;
        int good = 0;
        for (ReplicaLink r : replicas) {
            boolean online = r.state == ReplicaLink.State.ONLINE || r.state == ReplicaLink.State.WAIT_ACK;
            if (online && nowSeconds - r.ackMillis / 1000 <= maxLag) {
                good++;
            }
        }
        goodReplicas = good;
    }

    /**
     * The replication cron's turn: a PING into the stream when ping (a master's only), newlines to replicas
     * waiting for a snapshot, timeouts, backlog TTL.
     */
    void cron(long now, boolean master, boolean ping) {
        if (master && ping && !replicas.isEmpty()) {
            appendCommand(PING);
        }
        long timeout = server.config().getLong("repl-timeout") * 1000;
        for (ReplicaLink r : List.copyOf(replicas)) {
            if (r.state == ReplicaLink.State.WAIT_BGSAVE_START) {
                r.channel().writeAndFlush(Unpooled.wrappedBuffer(NEWLINE), r.channel().voidPromise());
            } else if (r.state == ReplicaLink.State.ONLINE && r.capaPsync2 && now - r.ackMillis > timeout) {
                server.log().warning("Disconnecting timedout replica (streaming sync): " + describe(r));
                r.close();
            }
        }
        // What replicas' sockets took since the last writes may free blocks.
        scheduleTrim();
        long ttl = server.config().getLong("repl-backlog-ttl") * 1000;
        if (master && replicas.isEmpty() && buffer != null && ttl > 0 && now - lastReplicaGoneMillis > ttl) {
            // Without the backlog our history cannot be continued: a future replica starts a new one.
            ids.renew();
            freeBuffer();
            server.log().notice("Replication backlog freed after " + ttl / 1000
                    + " seconds without connected replicas.");
        }
        refreshGoodReplicas();
    }

    String describe(ReplicaLink r) {
        return r.ip() + ":" + r.listeningPort;
    }
}
