package dev.keyslot.datanode.server;

import dev.keyslot.datanode.acl.Acl;
import dev.keyslot.datanode.cluster.Cluster;
import dev.keyslot.datanode.cluster.ClusterRouter;
import dev.keyslot.datanode.cluster.ClusterSettings;
import dev.keyslot.datanode.cluster.KeyspaceClusterHooks;
import dev.keyslot.datanode.cluster.NodesFile;
import dev.keyslot.datanode.command.CommandExecutor;
import dev.keyslot.datanode.command.CommandGroups;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.RequestClock;
import dev.keyslot.datanode.config.CommandRename;
import dev.keyslot.datanode.config.ConfigException;
import dev.keyslot.datanode.config.ConfigLoader;
import dev.keyslot.datanode.config.ServerConfig;
import dev.keyslot.datanode.keyspace.ActiveExpiry;
import dev.keyslot.datanode.keyspace.CompositeKeyspaceEvents;
import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.KeyspaceEvents;
import dev.keyslot.datanode.keyspace.Keyspace;
import dev.keyslot.datanode.keyspace.ReplicaKeysWithExpire;
import dev.keyslot.datanode.memory.LazyFree;
import dev.keyslot.datanode.server.blocking.BlockingManager;
import dev.keyslot.datanode.pubsub.KeyspaceNotifier;
import dev.keyslot.datanode.pubsub.PubSub;
import dev.keyslot.datanode.pubsub.Pushes;
import dev.keyslot.datanode.tracking.Tracking;
import dev.keyslot.datanode.memory.MemoryMonitor;
import dev.keyslot.datanode.metrics.MetricsEndpoint;
import dev.keyslot.datanode.propagation.DeletionPropagation;
import dev.keyslot.datanode.propagation.Propagator;
import dev.keyslot.datanode.replication.Replication;
import dev.keyslot.datanode.persistence.Persistence;
import dev.keyslot.datanode.persistence.SaveInfo;
import dev.keyslot.datanode.persistence.aof.Aof;
import dev.keyslot.datanode.tls.TlsContexts;
import io.netty.channel.EventLoop;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The data node: configuration, keyspace, command table and clients, all driven by one event loop thread
 * (like Redis's main thread) so commands are atomic without locks. {@link NetworkListener} owns sockets.
 */
public final class Server {
    private final ServerConfig config;
    private final Log log;
    private final ServerStats stats = new ServerStats();
    private final LazyFree lazyFree;
    private final CompositeKeyspaceEvents keyspaceEvents = new CompositeKeyspaceEvents();
    private final RequestClock clock = new RequestClock();
    private final Keyspace keyspace;
    private final CommandTable commands = new CommandTable();
    private final CommandExecutor executor;
    private final Propagator propagator = new Propagator();
    private final ClientRegistry clients = new ClientRegistry();
    private final ReplyBarrier replyBarrier = new ReplyBarrier(this);
    private final PendingWrites pendingWrites = new PendingWrites(this);
    private final OutputBufferLimits outputBufferLimits;
    private final ClientMemory clientMemory;
    private final ActiveExpiry activeExpiry = new ActiveExpiry();
    private final ReplicaKeysWithExpire replicaKeysWithExpire = new ReplicaKeysWithExpire();
    private final List<Consumer<Client>> disconnectListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<Client>> resetListeners = new CopyOnWriteArrayList<>();
    private final Pushes pushes;
    private final PubSub pubsub;
    private final KeyspaceNotifier notifications;
    private final Tracking tracking;
    private final List<Runnable> cronTasks = new CopyOnWriteArrayList<>();
    private final ShutdownSequence shutdown;
    private final OomScoreAdjustment oomScore;
    private final long cronPeriodMillis;
    private final long startedAtMillis = System.currentTimeMillis();
    private final String runId = RunId.generate();
    private final NetworkListener network;
    private final TlsContexts tls;
    private Cluster cluster;
    private final SlowLog slowLog;
    private final Monitors monitors;
    private final LatencyMonitor latencyMonitor;
    private final ClientPause clientPause;
    private final LatencyHistograms latencyHistograms;
    private final InstantaneousMetrics instantaneousMetrics = new InstantaneousMetrics(stats);
    /** What happens once SHUTDOWN or a signal has stopped the server: System.exit in the real process. */
    private volatile IntConsumer exitAction = status -> { };
    /** DEBUG SET-ACTIVE-EXPIRE 0 turns the cron's expiry cycle off (tests of lazy expiry use it). */
    private volatile boolean activeExpireEnabled = true;
    /** DEBUG PAUSE-CRON: no periodic work at all. */
    private volatile boolean cronPaused;
    /** DEBUG SET-DISABLE-DENY-SCRIPTS: scripts may call even the commands flagged noscript. */
    private volatile boolean scriptsMayCallAnyCommand;
    /** DEBUG SET-SKIP-CHECKSUM-VALIDATION: RESTORE payloads and RDB files are loaded whatever their CRC. */
    private volatile boolean skipChecksumValidation;
    /** While a script runs detached from the command thread the cron leaves the keyspace alone. */
    private volatile java.util.function.BooleanSupplier cronSuspended = () -> false;
    private final BlockingManager blocking;
    private final dev.keyslot.datanode.scripting.Scripting scripting;
    private final MemoryMonitor memory;
    private final MetricsEndpoint metrics;
    private final Replication replication;
    private final Aof aof;
    private volatile boolean started;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile long maxBulkLength;
    private volatile long maxQueryBuffer;
    private final Persistence persistence;
    private Acl acl;

    public Server(ServerConfig config, Log log) {
        this.config = config;
        this.lazyFree = new LazyFree(config, stats);
        this.cronPeriodMillis = Math.max(1, 1000 / Math.max(1, config.getInt("hz")));
        this.log = log;
        this.keyspace = new Keyspace(config.getInt("databases"), clock, keyspaceEvents);
        keyspaceEvents.add(new StatsEvents());
        keyspaceEvents.add(lazyFree);
        keyspaceEvents.add(new ReplicaExpiryTracking(this, replicaKeysWithExpire));
        this.latencyMonitor = new LatencyMonitor(config);
        this.outputBufferLimits = new OutputBufferLimits(this);
        addCronTask(outputBufferLimits::cron);
        this.clientMemory = new ClientMemory(this);
        addCronTask(clientMemory::cron);
        this.executor = new CommandExecutor(commands, stats, log, propagator, keyspace.copyOnWrite(), clock,
                latencyMonitor);
        keyspaceEvents.add(new DeletionPropagation(propagator, config));
        this.pushes = new Pushes(executor);
        this.pubsub = new PubSub(pushes);
        this.notifications = new KeyspaceNotifier(pubsub, config);
        keyspaceEvents.add(notifications);
        onDisconnect(pubsub::forget);
        onClientReset(pubsub::forget);
        this.tracking = new Tracking(this);
        this.tls = new TlsContexts(config, log);
        this.network = new NetworkListener(this);
        this.slowLog = new SlowLog(config);
        this.clientPause = new ClientPause(this);
        this.latencyHistograms = new LatencyHistograms(config);
        executor.addTimingObserver(slowLog);
        executor.addTimingObserver(latencyHistograms);
        executor.addGate(clientPause);
        executor.addFilter(clientPause);
        this.monitors = new Monitors(this, () -> persistence().loading());
        executor.addObserver(monitors);
        executor.addFilter(new ReplicaKeyspaceFilter());
        onDisconnect(monitors::remove);
        onClientReset(monitors::remove);
        refreshCachedConfig();
        config.onChange((name, value) -> refreshCachedConfig());
        this.blocking = new BlockingManager(this);
        // Installed before the command groups so the OOM check precedes their filters, as in Redis.
        this.memory = MemoryMonitor.install(this);
        config.onApply("port", value -> {
            if (!network.rebind(config.proposed("bind"), Integer.parseInt(value))) {
                throw new ConfigException("Unable to listen on this port. Check server logs.");
            }
        });
        config.onApply("tls-port", value -> {
            int tlsPort = Integer.parseInt(value);
            if (tlsPort != 0) {
                tls.loadIfAbsent();
            }
            if (!network.rebindTls(config.proposed("bind"), tlsPort)) {
                throw new ConfigException("Unable to listen on this port. Check server logs.");
            }
        });
        config.onApply("bind", value -> {
            int port = listeningPort(config.proposed("port"), network.boundPort());
            int tlsPort = listeningPort(config.proposed("tls-port"), network.boundTlsPort());
            if (!network.rebind(value, port)) {
                throw new ConfigException("Failed to bind to specified addresses.");
            }
            if (!network.rebindTls(value, tlsPort)) {
                network.rebind(config.get("bind"), port);
                throw new ConfigException("Failed to bind to specified addresses.");
            }
        });
        this.replication = new Replication(this);
        this.persistence = new Persistence(this);
        persistence.setReplicationMark(replication::savedPosition);
        this.scripting = new dev.keyslot.datanode.scripting.Scripting(this);
        this.aof = Aof.install(this);
        memory.countStreamBuffers(new WriteStreamBuffers(replication, aof));
        CommandGroups.registerAll(this, commands);
        this.acl = new Acl(this);
        config.setCurrentUserLines(acl::userLines);
        this.metrics = new MetricsEndpoint(this);
        this.shutdown = new ShutdownSequence(this);
        this.oomScore = new OomScoreAdjustment(this);
        oomScore.install();
    }

    /** The port a listener keeps across a bind change: the configured one, or the one chosen for port 0. */
    private static int listeningPort(String configured, int bound) {
        int port = Integer.parseInt(configured);
        return port == 0 ? bound : port;
    }

    private void refreshCachedConfig() {
        maxBulkLength = config.getLong("proto-max-bulk-len");
        maxQueryBuffer = config.getLong("client-query-buffer-limit");
        log.setLevel(config.get("loglevel"));
        keyspace.access().configure(config.get("maxmemory-policy").endsWith("-lfu"),
                config.getLong("lfu-log-factor"), config.getLong("lfu-decay-time"));
    }

    /** Binds the listening sockets and starts the cron; returns once ready to accept connections. */
    public void start() throws Exception {
        start(() -> {
        });
    }

    /**
     * As {@link #start()}, running onListening once the listeners are open and before the dataset loads:
     * Redis prints its startup banner there, and tools that restart a server connect as soon as they see it.
     */
    public void start(Runnable onListening) throws Exception {
        renameCommands();
        SystemFigures.loadInBackground();
        acl.loadAtStartup();
        persistence.startingUp(true);
        network.start();
        onListening.run();
        started = true;
        SaveInfo.ReplicationMark loadedPosition = null;
        try {
            if (!aof.loadAtStartup()) {
                boolean clusterReplica = clusterReplicaAtStartup();
                loadedPosition = persistence.loadAtStartup(replication.startupLoadOptions(clusterReplica));
                aof.openAtStartup();
            }
        } catch (RuntimeException e) {
            network.stop();
            throw e;
        }
        if (ClusterSettings.enabled(config)) {
            startCluster();
        }
        persistence.startingUp(false);
        // Like Redis, only once the dataset and the cluster configuration are in place (clients connecting
        // earlier got -LOADING).
        log.notice("Ready to accept connections tcp");
        eventLoop().scheduleAtFixedRate(this::cron, cronPeriodMillis, cronPeriodMillis, TimeUnit.MILLISECONDS);
        metrics.start();
        replication.startFromConfig(loadedPosition, () -> cluster != null && cluster.myself().isReplica());
        // On the command thread, after any role the configuration gives has been taken.
        eventLoop().execute(oomScore::applyQuietly);
    }

    /** Redis reads nodes.conf before the dataset: a replica there loads as a replica. */
    private boolean clusterReplicaAtStartup() {
        return ClusterSettings.enabled(config)
                && new NodesFile(new ClusterSettings(config).nodesFilePath()).myselfIsReplica();
    }

    /** After a change between master and replica: the OOM score of the new role. */
    public void roleChanged() {
        oomScore.applyQuietly();
    }

    /** The config file's rename-command lines; a bad one is a fatal config error, as when Redis reads it. */
    private void renameCommands() throws ConfigLoader.FatalConfigError {
        for (CommandRename r : config.commandRenames()) {
            try {
                commands.rename(r.from(), r.to());
            } catch (IllegalArgumentException e) {
                throw r.refused(e.getMessage());
            }
        }
    }

    /** Cluster mode: nodes.conf, the bus on port+10000 and key routing, set up on the command thread. */
    private void startCluster() throws Exception {
        Cluster c = new Cluster(config, log, eventLoop(), replyBarrier,
                new KeyspaceClusterHooks(keyspace.db(0), log, pubsub, clientPause, replication),
                System::currentTimeMillis, tls.links());
        c.start(network.bindAddresses(), eventLoop());
        cluster = c;
        memory.countClusterLinks(c::linksMemory);
        ClusterRouter router = new ClusterRouter(c);
        executor.addFilter(router);
        addCronTask(() -> blocking.failWaiters(router::redirectionOfBlocked));
        executor.addObserver((client, spec, argv, micros, dirty) -> {
            if (!spec.name().equals("asking")) {
                client.setAsking(false);
            }
        });
    }

    /** True once the event loop runs: a shutdown can then be scheduled on it. */
    public boolean started() {
        return started;
    }

    /** The cluster of this node, or null when cluster mode is off. */
    public Cluster cluster() {
        return cluster;
    }

    /** The append-only file: BGREWRITEAOF, INFO and CONFIG SET appendonly reach it here. */
    public Aof aof() {
        return aof;
    }

    /** Read batches' replies, written once the event loop has read every ready socket. */
    PendingWrites pendingWrites() {
        return pendingWrites;
    }

    /** Replies wait here until the append-only file holds the writes they acknowledge. */
    public ReplyBarrier replyBarrier() {
        return replyBarrier;
    }

    /** Keys a writable replica's own clients gave a TTL, which the replica expires itself. */
    public ReplicaKeysWithExpire replicaKeysWithExpire() {
        return replicaKeysWithExpire;
    }

    /** Master–replica replication: role, offsets, links; the API cluster failover uses. */
    public Replication replication() {
        return replication;
    }

    /** The write stream to replicas and the AOF: commands rewrite or add to it through this. */
    public Propagator propagator() {
        return propagator;
    }

    /**
     * Closes the cluster bus, the metrics endpoint and the listeners; a second call (SHUTDOWN, then a test's
     * close) does nothing.
     */
    public void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        if (cluster != null) {
            if (eventLoop().inEventLoop()) {
                cluster.stop();
            } else {
                eventLoop().submit(cluster::stop).awaitUninterruptibly(5000);
            }
        }
        metrics.close();
        network.stop();
    }

    /** The port serving Prometheus metrics, 0 when metrics are off. */
    public int metricsPort() {
        return metrics.port();
    }

    /** The thread that runs every command and every keyspace change. */
    public EventLoop eventLoop() {
        return network.commandLoop();
    }

    public int port() {
        return network.boundPort();
    }

    /** The TLS contexts of the client port, the bus and outgoing links. */
    public TlsContexts tls() {
        return tls;
    }

    /** The bound TLS port, 0 when tls-port is off. */
    public int tlsPort() {
        return network.boundTlsPort();
    }

    private void cron() {
        if (cronPaused || cronSuspended.getAsBoolean()) {
            return;
        }
        // A dataset loading in slices (AOF at startup, a replica's payload) is not the dataset yet: as Redis,
        // which runs no serverCron while loading, neither expire keys of it nor snapshot it.
        boolean loading = persistence.loading();
        // Expiring deletes keys, so a client pause (which holds writes back) suspends it too. Replicas expire
        // only the keys their own clients gave a TTL: their master's DELs expire the rest. A cluster replica
        // is one from the start, as for Redis's iAmMaster, before its cluster cron connects it to its master.
        // Each expired key is counted by the keyspace's keyExpired event.
        if (activeExpireEnabled && !loading && !clientPause.isActive()) {
            if (replication.isReplica() || (cluster != null && cluster.myself().isReplica())) {
                replicaKeysWithExpire.expireSome(keyspace.all());
            } else {
                activeExpiry.run(keyspace.all(), 25_000);
            }
        }
        if (config.getBool("activerehashing")) {
            keyspace.rehash(1);
        }
        ClientTimeouts.closeIdle(this);
        instantaneousMetrics.sample();
        if (!loading) {
            persistence.cron();
        }
        for (Runnable task : cronTasks) {
            task.run();
        }
    }

    /** Milliseconds between cron ticks: 1000 / hz, as configured at startup. */
    public long cronPeriodMillis() {
        return cronPeriodMillis;
    }

    /** Memory of the connected clients: part of used_memory, bounded by maxmemory-clients. */
    public ClientMemory clientMemory() {
        return clientMemory;
    }

    OutputBufferLimits outputBufferLimits() {
        return outputBufferLimits;
    }

    /** Runs task on every cron tick (hz times a second) on the command thread. */
    public void addCronTask(Runnable task) {
        cronTasks.add(task);
    }

    void clientConnected(Client c) {
        clients.add(c);
        stats.connectionsReceived++;
    }

    /**
     * The replica's master client while its link is up: listed with the connections (CLIENT LIST, KILL and
     * connected_clients count it, as Redis does), yet no connection was accepted for it.
     */
    public void listLinkClient(Client c, boolean listed) {
        if (listed) {
            clients.add(c);
        } else {
            clients.remove(c);
        }
    }

    void clientDisconnected(Client c) {
        clients.remove(c);
        clientMemory.forget(c);
        for (Consumer<Client> l : disconnectListeners) {
            l.accept(c);
        }
        c.reply().release();
    }

    /** RESET: features (transactions, subscriptions, tracking) drop their per-client state here. */
    public void onClientReset(Consumer<Client> listener) {
        resetListeners.add(listener);
    }

    /** Returns a connection to its just-connected state (the RESET command). */
    public void resetClient(Client c) {
        for (Consumer<Client> l : resetListeners) {
            l.accept(c);
        }
        c.selectDb(keyspace.db(0));
        c.reply().setProtocol(2);
        c.setName(null);
        acl.resetClient(c);
        c.setReplyMode(false, false);
        c.reply().setMuted(false);
        c.setNoEvict(false);
    }

    public void setExitAction(IntConsumer exitAction) {
        this.exitAction = exitAction;
    }

    /**
     * Redis's serverPanic, for a state the node must not go on from (nothing is saved): logs why, closes every
     * connection and the listeners, then exits with status 1.
     */
    public void panic(String reason) {
        log.warning("------------------------------------------------");
        log.warning("!!! Software Failure. Press left mouse button to continue");
        log.warning("Guru Meditation: " + reason);
        exitFatally();
    }

    /** Redis's exit(1) once a fatal error is logged: closes every connection and the listeners, saves nothing. */
    public void exitFatally() {
        for (Client c : List.copyOf(clients.all())) {
            if (c.channel() != null) {
                c.channel().close();
            }
        }
        stop();
        exitAction.accept(1);
    }

    /**
     * The last step of a {@link ShutdownSequence}: stops a BGSAVE, saves when asked, closes every connection
     * and the listeners, then exits. Returns false, still running, when the save failed and force is off.
     */
    boolean exitAfterSaving(boolean save, boolean force) {
        if (!aof.beforeShutdown(force)) {
            return false;
        }
        if (!persistence.beforeShutdown(save, force)) {
            return false;
        }
        // Listeners first: a client that sees its connection closed and reconnects must be refused, as by an
        // exited redis-server, not accepted by a process about to exit.
        stop();
        for (Client c : List.copyOf(clients.all())) {
            if (c.channel() != null) {
                c.channel().close();
            }
        }
        log.warning("Redis is now ready to exit, bye bye...");
        exitAction.accept(0);
        return true;
    }

    /** RDB files: SAVE, BGSAVE, save points, loading, and the snapshots replication and AOF build on. */
    public Persistence persistence() {
        return persistence;
    }

    public void setCronSuspended(java.util.function.BooleanSupplier suspended) {
        this.cronSuspended = suspended;
    }

    /** Whether the cron is suspended: a script runs detached and its thread owns the keyspace. */
    public boolean cronSuspended() {
        return cronSuspended.getAsBoolean();
    }

    public void setActiveExpireEnabled(boolean enabled) {
        this.activeExpireEnabled = enabled;
    }

    public void setCronPaused(boolean paused) {
        this.cronPaused = paused;
    }

    public boolean scriptsMayCallAnyCommand() {
        return scriptsMayCallAnyCommand;
    }

    public void setScriptsMayCallAnyCommand(boolean allowed) {
        this.scriptsMayCallAnyCommand = allowed;
    }

    public boolean skipsChecksumValidation() {
        return skipChecksumValidation;
    }

    public void setSkipChecksumValidation(boolean skip) {
        this.skipChecksumValidation = skip;
    }

    public Monitors monitors() {
        return monitors;
    }

    public SlowLog slowLog() {
        return slowLog;
    }

    public LatencyMonitor latencyMonitor() {
        return latencyMonitor;
    }

    public LatencyHistograms latencyHistograms() {
        return latencyHistograms;
    }

    public InstantaneousMetrics instantaneousMetrics() {
        return instantaneousMetrics;
    }

    public ShutdownSequence shutdown() {
        return shutdown;
    }

    public ClientPause clientPause() {
        return clientPause;
    }

    /** Subscriptions, blocking and transactions release their per-client state here. */
    public void onDisconnect(Consumer<Client> listener) {
        disconnectListeners.add(listener);
    }

    /** Adds a subsystem that reacts to keyspace changes (WATCH, client-side caching, blocked clients). */
    public void addKeyspaceListener(KeyspaceEvents listener) {
        keyspaceEvents.add(listener);
    }

    public PubSub pubsub() {
        return pubsub;
    }

    /** Keyspace notifications: commands report their events here. */
    public KeyspaceNotifier notifications() {
        return notifications;
    }

    /** Client-side caching (CLIENT TRACKING); INFO reads its counters. */
    public Tracking tracking() {
        return tracking;
    }

    /** Out-of-band writes to clients (pub/sub messages, invalidations). */
    public Pushes pushes() {
        return pushes;
    }

    public ServerConfig config() {
        return config;
    }

    public Log log() {
        return log;
    }

    public ServerStats stats() {
        return stats;
    }

    public LazyFree lazyFree() {
        return lazyFree;
    }

    public Keyspace keyspace() {
        return keyspace;
    }

    /** Memory accounting and maxmemory: used_memory and friends for INFO and metrics. */
    public MemoryMonitor memory() {
        return memory;
    }

    public CommandTable commands() {
        return commands;
    }

    public CommandExecutor executor() {
        return executor;
    }

    /**
     * Redis's emptyData: every database and the function libraries, before a dataset is replaced whole (a full
     * sync, DEBUG RELOAD). FLUSHALL keeps the functions.
     */
    public void emptyData() {
        keyspace.flushAll();
        scripting.functions().flush();
    }

    /** EVAL scripts and function libraries: the script groups and INFO read it. */
    public dev.keyslot.datanode.scripting.Scripting scripting() {
        return scripting;
    }

    public BlockingManager blocking() {
        return blocking;
    }

    public ClientRegistry clients() {
        return clients;
    }

    public long startedAtMillis() {
        return startedAtMillis;
    }

    public String runId() {
        return runId;
    }

    /** ACL users, authentication and permission checks. */
    public Acl acl() {
        return acl;
    }

    /** client-query-buffer-limit. */
    public long maxQueryBuffer() {
        return maxQueryBuffer;
    }

    public long maxBulkLength() {
        return maxBulkLength;
    }

    /** Creates a client not bound to a socket (scripts, AOF loading, replication stream). */
    public Client createInternalClient() {
        return createInternalClient(io.netty.buffer.UnpooledByteBufAllocator.DEFAULT);
    }

    /** An internal client whose replies are allocated by allocator (one that releases every reply may pool them). */
    public Client createInternalClient(io.netty.buffer.ByteBufAllocator allocator) {
        return new Client(clients.nextId(), this, null, new dev.keyslot.datanode.protocol.Reply(allocator));
    }

    Client newClient(io.netty.channel.Channel channel) {
        return new Client(clients.nextId(), this, channel, new dev.keyslot.datanode.protocol.Reply(channel.alloc()));
    }

    /** Keyspace statistics: expired and evicted counts. */
    private final class StatsEvents implements KeyspaceEvents {
        @Override
        public void keyExpired(Database db, byte[] key) {
            stats.expiredKeys++;
        }

        @Override
        public void keyEvicted(Database db, byte[] key) {
            stats.evictedKeys++;
        }
    }
}
