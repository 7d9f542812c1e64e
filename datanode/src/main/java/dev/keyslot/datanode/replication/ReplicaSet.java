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
 * The master side: the replicas attached to this node, the backlog, and the replication stream that feeds
 * both. As a master the stream is the propagated commands; as a replica with replicas of its own it is the
 * master's stream passed on byte for byte ({@link #appendStream}), so the whole chain shares one history.
 * Runs on the command thread.
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
    private Backlog backlog;
    /** The database the stream last selected; -1 forces a SELECT before the next command. */
    private int selectedDb = -1;
    private boolean flushScheduled;
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
        if (size < Backlog.MIN_SIZE) {
            try {
                server.config().set("repl-backlog-size", Long.toString(Backlog.MIN_SIZE));
            } catch (ConfigException e) {
                throw new IllegalStateException(e);
            }
        } else if (backlog != null) {
            backlog.resize(size);
        }
    }

    /** False while this node is a replica: its stream then is its master's, not its own commands. */
    void setPropagating(boolean propagating) {
        this.propagating = propagating;
        selectedDb = -1;
    }

    @Override
    public boolean active() {
        return propagating && backlog != null;
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

    /** INFO mem_replication_backlog: the history the backlog holds for partial resynchronizations. */
    long backlogBytes() {
        return backlog == null ? 0 : backlog.histlen();
    }

    /** INFO mem_clients_slaves: what the replicas have still to receive. */
    long outputBufferBytes() {
        long bytes = 0;
        for (ReplicaLink r : replicas) {
            bytes += r.outputBufferBytes();
        }
        return bytes;
    }

    /** Adds bytes to the stream: the backlog, the offset, and every replica. The caller keeps its buffer. */
    void appendStream(ByteBuf part) {
        if (backlog == null) {
            return;
        }
        backlog.append(part);
        ids.advance(part.readableBytes());
        Client writer = server.executor().currentClient();
        if (writer != null) {
            writer.setReplicationWriteOffset(ids.offset());
        }
        if (replicas.isEmpty()) {
            return;
        }
        OutputLimit limit = outputLimit;
        long now = System.currentTimeMillis();
        for (ReplicaLink r : replicas) {
            r.send(part);
            if (limit.exceeded(r, r.outputBufferBytes(), backlog.size(), now)) {
                server.log().warning("Client " + describe(r)
                        + " scheduled to be closed ASAP for overcoming of output buffer limits.");
                r.channel().close();
            }
        }
        scheduleFlush();
    }

    private void scheduleFlush() {
        if (!flushScheduled) {
            flushScheduled = true;
            server.eventLoop().execute(this::flushReplicas);
        }
    }

    private void flushReplicas() {
        flushScheduled = false;
        for (ReplicaLink r : replicas) {
            if (r.state == ReplicaLink.State.ONLINE) {
                r.channel().flush();
            }
        }
    }

    /** The first byte of a new history's stream must select its database again. */
    void forceSelect() {
        selectedDb = -1;
    }

    void ensureBacklog() {
        if (backlog == null) {
            backlog = new Backlog(server.config().getLong("repl-backlog-size"), ids.offset());
        }
    }

    /** A restarted master without a history to continue keeps no backlog (Redis frees it after loading). */
    void dropBacklog() {
        backlog = null;
        selectedDb = -1;
    }

    /** A new history was adopted (full resync from our master): nothing before it can be continued. */
    void resetBacklog() {
        backlog = new Backlog(server.config().getLong("repl-backlog-size"), ids.offset());
        selectedDb = -1;
    }

    Backlog backlog() {
        return backlog;
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
        c.markReplica(r::heldBytes);
        c.exemptFromTimeout(true);
        if (replicas.size() == 1 && backlog == null) {
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
        if (backlog == null || !backlog.covers(psyncOffset)) {
            server.log().notice("Unable to partial resync with replica " + describe(r)
                    + " for lack of backlog (Replica request was: " + psyncOffset + ").");
            return false;
        }
        attach(r.client);
        String line = r.capaPsync2 ? "+CONTINUE " + ids.replid() + "\r\n" : "+CONTINUE\r\n";
        r.channel().write(Unpooled.copiedBuffer(line, StandardCharsets.US_ASCII), r.channel().voidPromise());
        ByteBuf missing = backlog.copyFrom(psyncOffset);
        int length = missing.readableBytes();
        r.channel().write(missing, r.channel().voidPromise());
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
            r.release();
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
            r.channel().close();
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
        r.goOnline();
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
                r.channel().close();
            }
        }
        long ttl = server.config().getLong("repl-backlog-ttl") * 1000;
        if (master && replicas.isEmpty() && backlog != null && ttl > 0 && now - lastReplicaGoneMillis > ttl) {
            // Without the backlog our history cannot be continued: a future replica starts a new one.
            ids.renew();
            backlog = null;
            server.log().notice("Replication backlog freed after " + ttl / 1000
                    + " seconds without connected replicas.");
        }
        refreshGoodReplicas();
    }

    String describe(ReplicaLink r) {
        return r.ip() + ":" + r.listeningPort;
    }
}
