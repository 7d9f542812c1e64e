package dev.keyslot.datanode.replication;

import dev.keyslot.datanode.config.ConfigException;
import dev.keyslot.datanode.keyspace.Clock;
import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.Keyspace;
import dev.keyslot.datanode.keyspace.KeyspaceEvents;
import dev.keyslot.datanode.persistence.RdbLoader;
import dev.keyslot.datanode.persistence.SaveInfo;
import dev.keyslot.datanode.persistence.StreamedRdbLoad;
import dev.keyslot.datanode.persistence.rdb.RdbErrorLine;
import dev.keyslot.datanode.persistence.rdb.RdbFormatException;
import dev.keyslot.datanode.propagation.StreamWords;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.ClientPause;
import dev.keyslot.datanode.server.PausePurpose;
import dev.keyslot.datanode.server.Server;
import io.netty.buffer.ByteBuf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;

/**
 * Master–replica replication as Redis 7.0 does it, and the Java API cluster failover uses: become a replica
 * of a master ({@link #replicaOf}), be promoted keeping the old history as replid2 ({@link #promote}), and
 * read the offset and link state. Everything runs on the command thread.
 */
public final class Replication {
    public static final String READONLY = "READONLY You can't write against a read only replica.";
    public static final String NOREPLICAS = "NOREPLICAS Not enough good replicas to write.";

    /** The replica's view of its link, as ROLE and INFO name it. */
    public enum LinkState { NONE, CONNECT, CONNECTING, HANDSHAKE, SYNC, CONNECTED }

    /** Logically expired keys are kept: the master's DELs for them follow in the stream. */
    private static final RdbLoader.Options REPLICA_LOAD = new RdbLoader.Options(false, true);

    /** Asked before every command (ReplicationFilter), so kept parsed rather than looked up each time. */
    private long minReplicasToWrite;
    private long minReplicasMaxLag;
    private final Server server;
    private final ReplicationIds ids = new ReplicationIds();
    private final ReplicationStats stats = new ReplicationStats();
    private final ReplicaSet replicas;
    private final FullSync fullSync;
    private final WaitingClients waiting;
    private final CoordinatedFailover failover;
    private String masterHost;
    private int masterPort;
    private MasterLink link;
    private Client masterClient;
    private final MasterStreamErrors streamErrors;
    /** True once there is a history a master can continue: PSYNC then asks for it instead of "?". */
    private boolean hasHistory;
    private long linkDownSinceMillis;
    /** Cron ticks seen: the replication cron runs every so many, as Redis's run_with_period counts them. */
    private long cronTicks;
    /** Turns of the replication cron: replicas are pinged every repl-ping-replica-period turns, as Redis counts. */
    private long cronTurns;

    public Replication(Server server) {
        this.server = server;
        minReplicasToWrite = server.config().getLong("min-replicas-to-write");
        minReplicasMaxLag = server.config().getLong("min-replicas-max-lag");
        this.replicas = new ReplicaSet(server, ids, stats);
        this.streamErrors = new MasterStreamErrors(server);
        server.config().onChange((name, value) -> {
            if (name.equals("min-replicas-to-write")) {
                minReplicasToWrite = Long.parseLong(value);
            } else if (name.equals("min-replicas-max-lag")) {
                minReplicasMaxLag = Long.parseLong(value);
            }
            if (name.equals("min-replicas-to-write") || name.equals("min-replicas-max-lag")) {
                replicas.refreshGoodReplicas();
            }
        });
        this.fullSync = new FullSync(server, ids, replicas);
        this.waiting = new WaitingClients(this, replicas, server.clientPause());
        this.failover = new CoordinatedFailover(server, this, replicas);
        server.propagator().addTarget(replicas);
        server.onDisconnect(c -> {
            fullSync.forget(replicas.find(c));
            replicas.detach(c);
            waiting.forget(c);
        });
        server.executor().addFilter(new ReplicationFilter(this));
        server.clientPause().onEnd(this::resumeMasterStream);
        server.addCronTask(this::cron);
    }

    /**
     * Once the server runs: takes up the replication position the startup RDB was saved at, if any, then applies
     * the `replicaof` directive of the configuration file. clusterReplica tells whether nodes.conf made this
     * node a replica.
     */
    public void startFromConfig(SaveInfo.ReplicationMark loadedPosition, BooleanSupplier clusterReplica) {
        String directive = server.config().get("replicaof");
        server.eventLoop().execute(() -> {
            if (loadedPosition != null && loadedPosition.offset() != -1 && loadedPosition.streamDb() != -1) {
                resumeHistory(loadedPosition, !directive.isBlank() || clusterReplica.getAsBoolean());
            } else if (replicas.backlog() != null) {
                replicas.dropBacklog();
            }
            if (!directive.isBlank()) {
                String[] parts = directive.trim().split("\\s+");
                becomeReplica(parts[0], Integer.parseInt(parts[1]));
            }
        });
    }

    /**
     * Redis's loadDataFromDisk with a replication position in the RDB: a replica keeps it as a cached master, so
     * that its master can continue the stream from there (a restarted replica needs no full resync); a master
     * keeps it as its secondary ID with a backlog from there, so that its replicas can continue.
     */
    private void resumeHistory(SaveInfo.ReplicationMark position, boolean replica) {
        if (replica) {
            ids.adopt(position.replId(), position.offset());
            server.log().notice("Before turning into a replica, using my own master parameters to synthesize a cached "
                    + "master: I may be able to synchronize with the new master with just a partial transfer.");
            masterClient = newMasterClient();
            if (position.streamDb() < server.keyspace().count()) {
                masterClient.selectDb(server.keyspace().db(position.streamDb()));
            }
            hasHistory = true;
        } else {
            replicas.ensureBacklog();
            ids.continueAfterRestart(position.replId(), position.offset());
            replicas.backlog().rebase(position.offset());
        }
    }

    /**
     * How the startup RDB is loaded. A standalone master (no replicaof directive) starts its backlog first and
     * puts in it a DEL for each key found expired, as Redis does: its replicas, which continue the saved history,
     * still hold those keys. A replica keeps the keys found expired, as Redis does: its master's DELs for them
     * are still to come. A node in cluster mode takes the role its nodes.conf gives, as Redis reads that first.
     *
     * @param clusterReplica whether nodes.conf makes this node a cluster replica
     */
    public RdbLoader.Options startupLoadOptions(boolean clusterReplica) {
        if (clusterReplica || !server.config().get("replicaof").isBlank()) {
            return REPLICA_LOAD;
        }
        replicas.ensureBacklog();
        return new RdbLoader.Options(false, false, (db, key) -> replicas.feed(db.id(),
                new byte[][] {StreamWords.deletion(server.config().getBool("lazyfree-lazy-expire")), key}));
    }

    /**
     * The replication position a save records (Redis's rdbPopulateSaveInfo): a master's when it has a backlog,
     * a replica's when it follows a master's stream; null otherwise.
     */
    public SaveInfo.ReplicationMark savedPosition() {
        if (masterHost == null) {
            return replicas.backlog() == null ? null
                    : new SaveInfo.ReplicationMark(replicas.streamDb(), ids.replid(), ids.offset());
        }
        return hasHistory && masterClient != null
                ? new SaveInfo.ReplicationMark(masterClient.db().id(), ids.replid(), ids.offset()) : null;
    }

    // ---- Java API ----------------------------------------------------------------------------------------

    /** INFO mem_total_replication_buffers: the buffer the backlog and the replicas' output share. */
    public long replicationBufferBytes() {
        return replicas.bufferBytes();
    }

    /** INFO mem_clients_slaves: the part of the shared replication buffer counted as the replicas'. */
    public long replicaOutputBytes() {
        return replicas.replicasBytes();
    }

    /** INFO mem_replication_backlog: the part of the shared replication buffer counted as the backlog's. */
    public long backlogBytes() {
        return replicas.backlogBytes();
    }

    /** The part of the shared replication buffer beyond the backlog's size, which maxmemory does not count. */
    public long replicationBufferBeyondBacklog() {
        return replicas.beyondBacklogBytes();
    }

    public boolean isReplica() {
        return masterHost != null;
    }

    /** A replica that refuses writes from its clients (replica-read-only). */
    public boolean readOnlyReplica() {
        return isReplica() && server.config().getBool("replica-read-only");
    }

    /** A replica without its master that serves no data meanwhile (replica-serve-stale-data no). */
    public boolean stale() {
        return isReplica() && !linkUp() && !server.config().getBool("replica-serve-stale-data");
    }

    /** A master with min-replicas-to-write and -max-lag set: its writes depend on how many replicas are in sync. */
    public boolean writesNeedReplicas() {
        return !isReplica() && minReplicasToWrite > 0 && minReplicasMaxLag > 0;
    }

    /** A master with fewer replicas in sync than min-replicas-to-write: writes are refused. */
    public boolean tooFewReplicasToWrite() {
        return writesNeedReplicas() && goodReplicas() < minReplicasToWrite;
    }

    public String masterHost() {
        return masterHost;
    }

    public int masterPort() {
        return masterPort;
    }

    /** master_repl_offset: on a replica, the master's stream processed so far. */
    public long offset() {
        return ids.offset();
    }

    /**
     * The offset a cluster node announces (Redis's replicationGetSlaveOffset on a replica): a replica holding
     * none of its master's stream, as during a full sync, says 0, which its master's CLUSTER SHARDS shows as
     * "loading".
     */
    public long announcedOffset() {
        if (masterHost == null) {
            return ids.offset();
        }
        return hasHistory && masterClient != null ? ids.offset() : 0;
    }

    /** +FULLRESYNC: the history held so far is not the master's any more (Redis drops its cached master). */
    void fullResyncAnnounced() {
        hasHistory = false;
    }

    public String replid() {
        return ids.replid();
    }

    public String replid2() {
        return ids.replid2();
    }

    public long secondOffset() {
        return ids.secondOffset();
    }

    public LinkState linkState() {
        if (masterHost == null) {
            return LinkState.NONE;
        }
        if (link == null) {
            return LinkState.CONNECT;
        }
        return switch (link.state) {
            case CONNECTING -> LinkState.CONNECTING;
            case RECEIVE_PING_REPLY, RECEIVE_HANDSHAKE_REPLIES, RECEIVE_PSYNC_REPLY -> LinkState.HANDSHAKE;
            case TRANSFER -> LinkState.SYNC;
            case CONNECTED -> LinkState.CONNECTED;
        };
    }

    public boolean linkUp() {
        return linkState() == LinkState.CONNECTED;
    }

    /** The fields of INFO replication. */
    public void appendInfo(StringBuilder out) {
        ReplicationInfo.append(server, this, out);
    }

    /** Asks the replicas for their offsets at once (REPLCONF GETACK into the stream), as a shutdown does. */
    public void requestAcknowledgements() {
        if (!isReplica() && !replicas.replicas().isEmpty()) {
            replicas.appendCommand(WaitingClients.GETACK);
        }
    }

    /** The replicas attached to this node now. */
    public java.util.List<ReplicaStatus> replicas() {
        long now = System.currentTimeMillis();
        java.util.List<ReplicaStatus> out = new java.util.ArrayList<>();
        for (ReplicaLink l : replicas.replicas()) {
            long lag = l.state == ReplicaLink.State.ONLINE ? (now - l.ackMillis) / 1000 : 0;
            out.add(new ReplicaStatus(l.ip(), l.listeningPort, l.state.infoName, l.ackOffset, lag));
        }
        return out;
    }

    public ReplicationStats stats() {
        return stats;
    }

    /**
     * For cluster failover: milliseconds since this replica last heard from its master (since the link went
     * down when it is down), or -1 when it holds no data from this master yet and must not be promoted.
     */
    public long masterDataAgeMillis() {
        if (masterHost == null || !hasHistory || masterClient == null) {
            return -1;
        }
        long now = System.currentTimeMillis();
        if (linkUp()) {
            return now - link.lastIoMillis;
        }
        return linkDownSinceMillis == 0 ? 0 : now - linkDownSinceMillis;
    }

    /** REPLICAOF host port; call on the command thread. Returns false when already replicating that master. */
    public boolean replicaOf(String host, int port) {
        if (masterHost != null && masterHost.equalsIgnoreCase(host) && masterPort == port) {
            return false;
        }
        becomeReplica(host, port);
        return true;
    }

    /**
     * DEBUG REPLICATE: argv goes to the replicas (and the backlog) as it is, in whatever database the stream
     * last selected, and nowhere else. A replica passes its master's stream on, so it adds nothing.
     */
    public void replicateAsIs(byte[][] argv) {
        if (!isReplica()) {
            replicas.appendCommand(argv);
        }
    }

    /** DEBUG CHANGE-REPL-ID: a new replication ID and no previous one, so that no replica can continue. */
    public void changeIds() {
        server.log().warning("Changing replication IDs after receiving DEBUG change-repl-id");
        ids.renew();
    }

    /** REPLICAOF NO ONE: a master again, with a new replication ID; the old one stays valid as replid2. */
    public void promote() {
        if (masterHost == null) {
            return;
        }
        masterHost = null;
        showMasterInConfig();
        server.log().setRole('M');
        closeLink();
        unlistMasterClient();
        masterClient = null;
        ids.shift();
        replicas.ensureBacklog();
        replicas.setPropagating(true);
        setExpiryOwned(true);
        replicas.disconnectAll();
        hasHistory = true;
        server.aof().restartAfterSync();
        server.log().notice("Setting secondary replication ID to " + ids.replid2() + ", valid up to offset: "
                + ids.secondOffset() + ". New replication ID is " + ids.replid());
        server.roleChanged();
    }

    /** FAILOVER's switch to a replica of its target, offering our own history to continue (replicationSetMaster). */
    void failOverTo(String host, int port) {
        becomeReplica(host, port);
    }

    // ---- replica side ------------------------------------------------------------------------------------

    private void becomeReplica(String host, int port) {
        boolean wasMaster = masterHost == null;
        masterHost = host;
        masterPort = port;
        showMasterInConfig();
        // Redis marks its log lines S on a replica, M on a master.
        server.log().setRole('S');
        closeLink();
        if (wasMaster) {
            // Redis's replicationCacheMasterUsingMyself: our own history may be continued by the new master.
            hasHistory = hasHistory || replicas.backlog() != null || ids.offset() > 0;
            replicas.setPropagating(false);
            setExpiryOwned(false);
        }
        // Clients blocked while this node was a master (or waiting on its former master's data) cannot be
        // served here: Redis answers them UNBLOCKED and disconnects them, WAIT included.
        server.blocking().disconnectAll();
        waiting.disconnectAll();
        linkDownSinceMillis = System.currentTimeMillis();
        server.log().notice("Connecting to MASTER " + host + ":" + port);
        connect();
        server.roleChanged();
    }

    /**
     * The replicaof option reads as the current master (Redis's getter): CONFIG GET shows it and CONFIG REWRITE
     * writes it, so that a restarted replica comes back replicating the same master.
     */
    private void showMasterInConfig() {
        try {
            server.config().set("replicaof", masterHost == null ? "no one" : masterHost + " " + masterPort);
        } catch (ConfigException e) {
            throw new IllegalStateException("a master address that replicaof does not take: " + e.getMessage(), e);
        }
    }

    /** Replicas don't expire keys themselves: their master sends DELs; expired keys only read as missing. */
    private void setExpiryOwned(boolean owned) {
        for (Database db : server.keyspace().all()) {
            db.setExpireOnAccess(owned);
        }
    }

    private void connect() {
        server.log().notice("MASTER <-> REPLICA sync started");
        link = new MasterLink(this, server, masterHost, masterPort);
        link.connect();
    }

    private void closeLink() {
        MasterLink l = link;
        link = null;
        if (l != null) {
            markDownIfConnected(l);
            unlistMasterClient();
            l.close();
        }
    }

    /** The link is up: the master client is listed with the connections, on the link's socket. */
    private void listMasterClient(MasterLink l) {
        masterClient.setMasterLink(l.channel());
        server.listLinkClient(masterClient, true);
    }

    /** The link is gone: the master client is kept aside (Redis's cached master), out of the connections. */
    private void unlistMasterClient() {
        if (masterClient != null) {
            masterClient.setMasterLink(null);
            server.listLinkClient(masterClient, false);
        }
    }

    /**
     * The link is down since the moment a connected link was lost (Redis's repl_down_since): failed attempts
     * to reconnect afterwards do not renew it, so the age of our data keeps growing while the master is gone.
     */
    private void markDownIfConnected(MasterLink l) {
        if (l.state == MasterLink.State.CONNECTED) {
            linkDownSinceMillis = System.currentTimeMillis();
        }
    }

    /** The PSYNC arguments: our history's ID and the next offset we need, or "?" "-1" without a history. */
    String[] psyncPosition() {
        return hasHistory ? new String[] {ids.replid(), Long.toString(ids.offset() + 1)} : new String[] {"?", "-1"};
    }

    /** CLIENT KILL of the master client: the link is lost now, even if a long command still runs. */
    public void masterClientKilled() {
        MasterLink l = link;
        if (l != null) {
            server.log().warning("Connection with master lost.");
            l.close();
        }
    }

    void linkLost(MasterLink l) {
        if (l != link) {
            return;
        }
        link = null;
        markDownIfConnected(l);
        unlistMasterClient();
    }

    /** +CONTINUE: the master continues our history, possibly under a new ID (a promoted sibling). */
    void continued(String newReplid) {
        if (!newReplid.isEmpty() && !newReplid.equals(ids.replid())) {
            ids.continueAs(newReplid);
            server.log().notice("Master replication ID changed to " + newReplid);
            replicas.disconnectAll();
        }
        replicas.ensureBacklog();
        if (masterClient == null) {
            masterClient = newMasterClient();
        }
        listMasterClient(link);
        linkDownSinceMillis = 0;
    }

    /**
     * repl-diskless-load: swapdb always reads the payload straight into memory, on-empty-db only while the
     * dataset is empty; otherwise (disabled) it goes to disk first (Redis's useDisklessLoad).
     */
    boolean loadsFromSocket() {
        String mode = server.config().get("repl-diskless-load");
        return swapdb() || (mode.equals("on-empty-db") && server.keyspace().totalKeys() == 0);
    }

    /** swapdb loads aside then swaps, in cluster mode too (Redis 7.0 swaps the slot-to-keys map with the data). */
    private boolean swapdb() {
        return server.config().get("repl-diskless-load").equals("swapdb");
    }

    /** A payload written to temp-unixtime.pid.rdb in dir, renamed to the RDB file once complete. */
    ReceivedPayload payloadFile(int tailSize) throws IOException {
        Path dir = Path.of(server.config().get("dir"));
        String temp = "temp-" + System.currentTimeMillis() / 1000 + "." + ProcessHandle.current().pid() + ".rdb";
        return ReceivedPayload.onDisk(tailSize, dir.resolve(temp), server.persistence().file(false).path());
    }

    /** Where a full sync's payload is loaded: aside for swapdb (async: the old dataset served meanwhile). */
    private record LoadTarget(Keyspace keyspace, boolean swap, boolean async, boolean fromSocket, long startedMillis) {
    }

    /**
     * The snapshot of a full resync arrived (written to disk): replaces the dataset with it, a slice at a
     * time on the command thread, then follows the master's history from its offset on. Meanwhile clients
     * get -LOADING. When it cannot be loaded the link is closed.
     */
    void loadPayload(MasterLink l, ReceivedPayload payload, long size, String masterReplid, long masterOffset) {
        load(l, payload, false, masterReplid, masterOffset, (in, target) ->
                server.persistence().loadStepwise(in, size, REPLICA_LOAD, target.keyspace(), target.async()));
    }

    /**
     * A diskless full sync begins (Redis's diskless load): the payload is parsed while it arrives, its keys
     * stored a batch at a time on the command thread, so -LOADING (or, with swapdb on the same history, the
     * old dataset) and the loading_* progress start with the transfer, and the payload never sits whole in
     * memory. size is 0 for a payload ended by eofMark, which the parser checks after the image. A transfer
     * cut midway fails the load: the link is closed and the sync retried.
     */
    void streamPayload(MasterLink l, ReceivedPayload payload, long size, byte[] eofMark, String masterReplid,
                       long masterOffset) {
        StreamedRdbLoad.Trailer trailer = eofMark == null ? rest -> { } : rest -> checkEndMark(rest, eofMark);
        load(l, payload, true, masterReplid, masterOffset, (in, target) ->
                server.persistence().loadStreamed(in, size, REPLICA_LOAD, target.keyspace(), target.async(), trailer));
    }

    /** Prepares the target, opens the payload and loads it with loader; the end or failure is handled as for any load. */
    private void load(MasterLink l, ReceivedPayload payload, boolean fromSocket, String masterReplid, long masterOffset,
                      BiFunction<InputStream, LoadTarget, CompletableFuture<RdbLoader.Result>> loader) {
        LoadTarget target = prepareLoad(masterReplid, fromSocket);
        InputStream in;
        try {
            in = payload.open();
        } catch (IOException e) {
            payload.discard();
            payloadFailed(l, target, e);
            return;
        }
        loader.apply(in, target).whenComplete((result, e) -> loadEnded(l, target, result, masterReplid, masterOffset, e));
    }

    private static void checkEndMark(InputStream rest, byte[] eofMark) throws IOException {
        if (!Arrays.equals(rest.readNBytes(eofMark.length), eofMark)) {
            throw new IOException("Replication stream EOF marker is broken");
        }
    }

    private LoadTarget prepareLoad(String masterReplid, boolean fromSocket) {
        replicas.disconnectAll();
        server.aof().stopForSync();
        server.persistence().cancelBgsave();
        boolean swap = swapdb();
        boolean async = swap && masterReplid.equals(ids.replid());
        Keyspace target = swap ? new Keyspace(server.keyspace().count(), Clock.SYSTEM, new KeyspaceEvents() { })
                : server.keyspace();
        if (swap) {
            // In cluster mode the keys loaded aside are indexed by slot too, and the index swaps in with them.
            for (int i = 0; i < target.count(); i++) {
                target.db(i).indexLike(server.keyspace().db(i));
            }
        } else {
            server.log().notice("MASTER <-> REPLICA sync: Flushing old data");
            emptyDataForSync();
            // The emptied dataset is at no offset of any history: should this load not complete, the next
            // attempt must be a full resync, never a +CONTINUE over missing keys (Redis drops its cached master).
            hasHistory = false;
        }
        server.log().notice("MASTER <-> REPLICA sync: Loading DB in memory");
        return new LoadTarget(target, swap, async, fromSocket, System.currentTimeMillis());
    }

    /** Redis's flush before (or after a failed) full sync load: in the background under replica-lazy-flush. */
    private void emptyDataForSync() {
        if (server.config().getBool("replica-lazy-flush")) {
            server.lazyFree().flushed(server.keyspace().totalKeys());
            server.lazyFree().scriptsFlushed(server.scripting().functions().functionCount());
        }
        server.emptyData();
    }

    private void loadEnded(MasterLink l, LoadTarget target, RdbLoader.Result result, String masterReplid, long masterOffset,
                           Throwable e) {
        if (e != null) {
            payloadFailed(l, target, e);
            return;
        }
        if (l != link) {
            // Promoted or pointed elsewhere while loading: this master's history is not followed.
            return;
        }
        if (target.swap()) {
            try {
                server.persistence().installFunctions(result.functionLibraries(), "flush");
            } catch (RdbFormatException failed) {
                payloadFailed(l, target, failed);
                return;
            }
            server.log().notice("MASTER <-> REPLICA sync: Swapping active DB with loaded DB");
            for (int i = 0; i < target.keyspace().count(); i++) {
                server.keyspace().db(i).swapWith(target.keyspace().db(i));
            }
            server.lazyFree().flushed(target.keyspace().totalKeys());
            server.log().notice("MASTER <-> REPLICA sync: Discarding old DB in background");
        }
        ids.adopt(masterReplid, masterOffset);
        replicas.resetBacklog();
        hasHistory = true;
        unlistMasterClient();
        masterClient = newMasterClient();
        listMasterClient(l);
        stats.fullSyncsReceived++;
        stats.lastFullSyncMillis = System.currentTimeMillis() - l.transferStartedMillis;
        linkDownSinceMillis = 0;
        server.log().notice("MASTER <-> REPLICA sync: Finished with success (loaded in "
                + (System.currentTimeMillis() - target.startedMillis()) + " ms)");
        l.payloadLoaded();
        server.aof().restartAfterSync();
    }

    private void payloadFailed(MasterLink l, LoadTarget target, Throwable e) {
        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                ? e.getCause() : e;
        if (target.fromSocket()) {
            logSocketLoadFailure(cause);
        }
        server.log().warning("Failed trying to load the MASTER synchronization DB from "
                + (target.fromSocket() ? "socket" : "disk") + ": " + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()));
        if (target.swap()) {
            server.lazyFree().flushed(target.keyspace().totalKeys());
            server.log().notice("MASTER <-> REPLICA sync: Discarding temporary DB in background");
        } else {
            emptyDataForSync();
        }
        l.close();
    }

    /**
     * Redis's rdbReportError for a diskless load: corrupt data, or a transfer cut short, which Redis takes
     * for a lost connection and recovers from by syncing again.
     */
    private void logSocketLoadFailure(Throwable cause) {
        if (cause instanceof RdbFormatException corrupt) {
            server.log().warning(RdbErrorLine.of(corrupt) + ". Failure loading rdb format");
        } else {
            server.log().warning(RdbErrorLine.of("Unexpected EOF reading RDB file (" + cause.getMessage() + ")")
                    + ". Failure loading rdb format from socket, assuming connection error, resuming operation.");
        }
    }

    private Client newMasterClient() {
        Client c = server.createInternalClient();
        c.markReplicationMaster();
        // The master may stay silent for long between PINGs: `timeout` is for clients, not for it (as in Redis).
        c.exemptFromTimeout(true);
        c.setReplyMode(true, false);
        c.reply().setErrorObserver(streamErrors);
        return c;
    }

    /** One command of the master's stream: executed as the master client, then passed on unchanged. */
    void applyFromMaster(byte[][] argv, ByteBuf raw) {
        if (argv.length > 0) {
            showExpired(true);
            try {
                streamErrors.applying(argv);
                server.executor().process(masterClient, argv);
            } finally {
                showExpired(false);
            }
        }
        replicas.appendStream(raw);
    }

    private void showExpired(boolean show) {
        for (Database db : server.keyspace().all()) {
            db.setShowExpired(show);
        }
    }

    /** A pause or a busy script ended: what they held back of the master's stream is applied now. */
    public void resumeMasterStream() {
        if (link != null) {
            link.resumeStream();
        }
    }

    /**
     * Whether a busy script holds back the master's stream (Redis's processInputBuffer): applying it now would
     * answer -BUSY and lose the master's writes, so it waits in the link's buffer until the script ends.
     */
    boolean heldByBusyScript() {
        return server.scripting().runner().busy();
    }

    /** Whether a client pause holds back this command of the master's stream, and all that follows it. */
    boolean heldByPause(byte[][] argv) {
        return masterClient != null && server.clientPause().wouldHold(masterClient, argv);
    }

    /** slave_read_repl_offset: the master's stream read so far, applied or not. */
    public long readOffset() {
        return ids.offset() + (link == null ? 0 : link.unappliedBytes());
    }

    /** REPLCONF GETACK from our master. */
    void ackRequested() {
        if (link != null) {
            link.sendAck(ids.offset());
        }
    }

    // ---- master side -------------------------------------------------------------------------------------

    ReplicaSet replicaSet() {
        return replicas;
    }

    FullSync fullSync() {
        return fullSync;
    }

    WaitingClients waiting() {
        return waiting;
    }

    CoordinatedFailover failover() {
        return failover;
    }

    ReplicationIds ids() {
        return ids;
    }

    MasterLink link() {
        return link;
    }

    long linkDownSinceMillis() {
        return linkDownSinceMillis;
    }

    /** CLIENT UNBLOCK of a client blocked in WAIT; false when it is not waiting. */
    public boolean unblockWaiter(Client c, boolean withError) {
        return waiting.unblock(c, withError);
    }

    /** Clients blocked in WAIT with a timeout (INFO clients_in_timeout_table). */
    public int waitingWithTimeout() {
        return waiting.countWithTimeout();
    }

    /**
     * Redis pings replicas during a client pause, except in a manual failover's (FAILOVER with a TIMEOUT, or
     * CLUSTER FAILOVER's): a PING would move the offset the replica must reach.
     */
    private boolean pingsWithheld() {
        ClientPause pause = server.clientPause();
        return pause.isActive() && (failover.active() ? failover.hasDeadline() : pause.isPausedFor(PausePurpose.FAILOVER));
    }

    /** A full sync's snapshot is being written (Redis counts it in rdb_bgsave_in_progress, its child being an RDB one). */
    public boolean syncSnapshotRunning() {
        return fullSync.snapshotRunning();
    }

    /** Replicas in sync now, as min-replicas-to-write counts them. */
    public int goodReplicas() {
        return replicas.goodReplicas();
    }

    private void cron() {
        // Every tick rather than once a second: a failover's timeout is kept to the cron's precision, as in Redis.
        failover.check();
        long now = System.currentTimeMillis();
        // Redis turns its replication cron ten times faster during a failover: the switch to the new master,
        // and every retry to reach it, happen within 100 ms.
        long ticksPerTurn = (failover.active() ? 100 : 1000) / server.cronPeriodMillis();
        if (cronTicks++ % Math.max(1, ticksPerTurn) != 0) {
            fullSync.tick(now);
            return;
        }
        boolean ping = cronTurns++ % Math.max(1, server.config().getLong("repl-ping-replica-period")) == 0;
        replicas.cron(now, masterHost == null, ping && !pingsWithheld());
        fullSync.tick(now);
        waiting.expire();
        if (masterHost == null) {
            return;
        }
        if (link == null) {
            connect();
            return;
        }
        if (link.loadingPayload()) {
            link.sendKeepAlive();
        }
        long timeout = server.config().getLong("repl-timeout") * 1000;
        if (!link.readingPaused() && now - link.lastIoMillis > timeout) {
            server.log().warning(link.state == MasterLink.State.CONNECTED
                    ? "MASTER timeout: no data nor PING received..."
                    : "Timeout connecting to the MASTER...");
            closeLink();
            return;
        }
        if (link.state == MasterLink.State.CONNECTED) {
            link.sendAck(ids.offset());
        }
    }
}
