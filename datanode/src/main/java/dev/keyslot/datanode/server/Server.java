package dev.keyslot.datanode.server;

import dev.keyslot.datanode.command.CommandExecutor;
import dev.keyslot.datanode.command.CommandGroups;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.config.ServerConfig;
import dev.keyslot.datanode.keyspace.ActiveExpiry;
import dev.keyslot.datanode.keyspace.Clock;
import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.KeyspaceEvents;
import dev.keyslot.datanode.keyspace.Keyspace;
import dev.keyslot.datanode.memory.MemoryMonitor;
import dev.keyslot.datanode.metrics.MetricsEndpoint;
import io.netty.channel.EventLoop;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The data node: configuration, keyspace, command table and clients, all driven by one event loop thread
 * (like Redis's main thread) so commands are atomic without locks. {@link NetworkListener} owns sockets.
 */
public final class Server {
    private final ServerConfig config;
    private final Log log;
    private final ServerStats stats = new ServerStats();
    private final Keyspace keyspace;
    private final CommandTable commands = new CommandTable();
    private final CommandExecutor executor;
    private final ClientRegistry clients = new ClientRegistry();
    private final ActiveExpiry activeExpiry = new ActiveExpiry();
    private final List<Consumer<Client>> disconnectListeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> cronTasks = new CopyOnWriteArrayList<>();
    private final long startedAtMillis = System.currentTimeMillis();
    private final String runId = RunId.generate();
    private final NetworkListener network;
    private final MemoryMonitor memory;
    private final MetricsEndpoint metrics;
    private volatile long maxBulkLength;
    private volatile boolean authRequired;

    public Server(ServerConfig config, Log log) {
        this.config = config;
        this.log = log;
        this.keyspace = new Keyspace(config.getInt("databases"), Clock.SYSTEM, new StatsEvents());
        this.executor = new CommandExecutor(commands, stats);
        this.network = new NetworkListener(this);
        refreshCachedConfig();
        config.onChange((name, value) -> refreshCachedConfig());
        // Installed before the command groups so the OOM check precedes their filters, as in Redis.
        this.memory = MemoryMonitor.install(this);
        CommandGroups.registerAll(this, commands);
        this.metrics = new MetricsEndpoint(this);
    }

    private void refreshCachedConfig() {
        maxBulkLength = config.getLong("proto-max-bulk-len");
        authRequired = !config.get("requirepass").isEmpty();
        log.setLevel(config.get("loglevel"));
    }

    /** Binds the listening sockets and starts the cron; returns once ready to accept connections. */
    public void start() throws InterruptedException {
        network.start();
        long period = Math.max(1, 1000 / Math.max(1, config.getInt("hz")));
        eventLoop().scheduleAtFixedRate(this::cron, period, period, TimeUnit.MILLISECONDS);
        metrics.start();
    }

    public void stop() {
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

    private void cron() {
        stats.expiredKeys += activeExpiry.run(keyspace.all(), 25_000);
        if (config.getBool("activerehashing")) {
            keyspace.rehash(1);
        }
        ClientTimeouts.closeIdle(this);
        for (Runnable task : cronTasks) {
            task.run();
        }
    }

    /** Runs task on every cron tick (hz times a second) on the command thread. */
    public void addCronTask(Runnable task) {
        cronTasks.add(task);
    }

    void clientConnected(Client c) {
        clients.add(c);
        stats.connectionsReceived++;
    }

    void clientDisconnected(Client c) {
        clients.remove(c);
        for (Consumer<Client> l : disconnectListeners) {
            l.accept(c);
        }
        c.reply().release();
    }

    /** Subscriptions, blocking and transactions release their per-client state here. */
    public void onDisconnect(Consumer<Client> listener) {
        disconnectListeners.add(listener);
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

    public ClientRegistry clients() {
        return clients;
    }

    public long startedAtMillis() {
        return startedAtMillis;
    }

    public String runId() {
        return runId;
    }

    public boolean authRequired() {
        return authRequired;
    }

    public long maxBulkLength() {
        return maxBulkLength;
    }

    /** Creates a client not bound to a socket (scripts, AOF loading, replication stream). */
    public Client createInternalClient() {
        return new Client(clients.nextId(), this, null, new dev.keyslot.datanode.protocol.Reply(
                io.netty.buffer.UnpooledByteBufAllocator.DEFAULT));
    }

    Client newClient(io.netty.channel.Channel channel) {
        return new Client(clients.nextId(), this, channel, new dev.keyslot.datanode.protocol.Reply(channel.alloc()));
    }

    /** Keyspace statistics: hits, misses, expired and evicted counts. */
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
