package dev.keyslot.datanode.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The data node's meters, all reading the latest {@link MetricsSnapshot}. Per-command calls and latency are
 * function timers over the statistics the executor already keeps for INFO commandstats, so metrics add no
 * work to command execution; a meter is registered the first time a command shows up with calls.
 */
final class ServerMeters {
    private final MeterRegistry registry;
    private volatile MetricsSnapshot snapshot = MetricsSnapshot.EMPTY;
    private final Set<String> commandsRegistered = new HashSet<>();
    private final Set<String> replicasRegistered = new HashSet<>();

    ServerMeters(MeterRegistry registry, int databases) {
        this.registry = registry;
        counter("keyslot.commands.processed", "Commands executed", null, MetricsSnapshot::commandsProcessed);
        counter("keyslot.keys.expired", "Keys deleted because their TTL passed", null, MetricsSnapshot::expiredKeys);
        counter("keyslot.keys.evicted", "Keys deleted to stay under maxmemory", null, MetricsSnapshot::evictedKeys);
        counter("keyslot.net.input", "Bytes read from clients", "bytes", MetricsSnapshot::netInputBytes);
        counter("keyslot.net.output", "Bytes written to clients", "bytes", MetricsSnapshot::netOutputBytes);
        Gauge.builder("keyslot.clients.connected", this, m -> m.snapshot.connectedClients())
                .description("Connected clients").register(registry);
        Gauge.builder("keyslot.memory.used", this, m -> m.snapshot.usedMemory())
                .description("used_memory: estimated bytes of the dataset and server structures")
                .baseUnit("bytes").register(registry);
        Gauge.builder("keyslot.replication.offset", this, m -> m.snapshot.replication().offset())
                .description("master_repl_offset: bytes of replication stream produced (or, on a replica, applied)")
                .baseUnit("bytes").register(registry);
        counter("keyslot.replication.sync.full", "Full resynchronizations served to replicas", null,
                s -> s.replication().fullSyncs());
        counter("keyslot.replication.sync.partial.ok", "Partial resynchronizations accepted", null,
                s -> s.replication().partialSyncsAccepted());
        counter("keyslot.replication.sync.partial.err", "Partial resynchronizations refused", null,
                s -> s.replication().partialSyncsRefused());
        persistenceMeters();
        for (int db = 0; db < databases; db++) {
            int index = db;
            Gauge.builder("keyslot.keys", this, m -> m.snapshot.keys(index))
                    .description("Keys in the database").tag("db", Integer.toString(db)).register(registry);
        }
    }

    /** The INFO persistence figures operators alert on: saves, their duration and failures, the AOF. */
    private void persistenceMeters() {
        gauge("keyslot.loading", "1 while the dataset loads at startup (clients get -LOADING)", null,
                p -> p.loading() ? 1 : 0);
        gauge("keyslot.rdb.changes.since.last.save", "rdb_changes_since_last_save", null,
                PersistenceFigures::changesSinceLastSave);
        gauge("keyslot.rdb.last.save.time", "rdb_last_save_time: unix time of the last successful save",
                "seconds", PersistenceFigures::lastSaveUnixSeconds);
        gauge("keyslot.rdb.bgsave.in.progress", "1 while a BGSAVE runs", null, p -> p.bgsaveInProgress() ? 1 : 0);
        gauge("keyslot.rdb.bgsave.last.duration", "Wall time of the last BGSAVE (-1 before any)", "seconds",
                p -> seconds(p.lastBgsaveMillis()));
        gauge("keyslot.rdb.bgsave.last.ok", "rdb_last_bgsave_status: 1 ok, 0 err", null,
                p -> p.lastBgsaveOk() ? 1 : 0);
        gauge("keyslot.rdb.last.cow", "rdb_last_cow_size: values copied to keep the last BGSAVE consistent",
                "bytes", PersistenceFigures::lastCopiedBytes);
        gauge("keyslot.snapshot.start.latest", "latest_fork_usec: command thread time to start the last snapshot",
                "seconds", p -> p.latestSnapshotStartMicros() / 1e6);
        gauge("keyslot.aof.enabled", "aof_enabled", null, p -> p.aof().enabled() ? 1 : 0);
        gauge("keyslot.aof.rewrite.in.progress", "1 while a BGREWRITEAOF runs", null,
                p -> p.aof().rewriteInProgress() ? 1 : 0);
        gauge("keyslot.aof.rewrite.last.duration", "Wall time of the last AOF rewrite (-1 before any)", "seconds",
                p -> seconds(p.aof().lastRewriteMillis()));
        counter("keyslot.aof.rewrites", "aof_rewrites: AOF rewrites since startup", null,
                s -> s.persistence().aof().rewrites());
        gauge("keyslot.aof.size.current", "aof_current_size", "bytes", p -> p.aof().currentSize());
        gauge("keyslot.aof.last.write.ok", "aof_last_write_status: 1 ok, 0 err", null,
                p -> p.aof().lastWriteOk() ? 1 : 0);
    }

    private static double seconds(long millis) {
        return millis < 0 ? -1 : millis / 1000.0;
    }

    private void gauge(String name, String description, String unit, ToDoubleFunction<PersistenceFigures> value) {
        Gauge.builder(name, this, m -> value.applyAsDouble(m.snapshot.persistence()))
                .description(description).baseUnit(unit).register(registry);
    }

    private void counter(String name, String description, String unit, ToDoubleFunction<MetricsSnapshot> value) {
        FunctionCounter.builder(name, this, m -> value.applyAsDouble(m.snapshot))
                .description(description).baseUnit(unit).register(registry);
    }

    /** Publishes a new snapshot and adds meters for commands and replicas seen for the first time. */
    void update(MetricsSnapshot latest) {
        snapshot = latest;
        for (String replica : latest.replication().replicaLag().keySet()) {
            if (replicasRegistered.add(replica)) {
                Gauge.builder("keyslot.replication.replica.lag", this, m -> m.snapshot.replication().lag(replica, 0))
                        .description("Seconds since the replica's last acknowledgement").baseUnit("seconds")
                        .tag("replica", replica).register(registry);
                Gauge.builder("keyslot.replication.replica.lag.bytes", this,
                                m -> m.snapshot.replication().lag(replica, 1))
                        .description("Replication stream the replica has not acknowledged yet").baseUnit("bytes")
                        .tag("replica", replica).register(registry);
            }
        }
        for (String command : latest.commands().keySet()) {
            if (commandsRegistered.add(command)) {
                FunctionTimer.builder("keyslot.command", this,
                                m -> m.snapshot.command(command).calls(),
                                m -> m.snapshot.command(command).micros(), TimeUnit.MICROSECONDS)
                        .description("Calls and execution time per command").tag("command", command)
                        .register(registry);
            }
        }
    }
}
