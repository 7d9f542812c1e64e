package dev.keyslot.datanode.memory;

import dev.keyslot.datanode.config.ServerConfig;
import dev.keyslot.datanode.keyspace.Keyspace;
import dev.keyslot.datanode.server.ClientMemory;
import dev.keyslot.datanode.server.Log;
import dev.keyslot.datanode.server.Server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * Memory accounting and the maxmemory limit: what INFO memory and the metrics report, and the settings
 * the {@link Evictor} obeys. used_memory is the dataset estimate kept by the keyspace and
 * {@link DatasetAccounting}, a fixed allowance for the server's own structures, and the clients' and the write
 * stream's buffers; JVM heap and process RSS are reported beside it. Read on the command thread.
 */
public final class MemoryMonitor {
    /** Stands for the server structures Redis counts in used_memory_startup (about 0.9 MB there). */
    static final long STARTUP_BYTES = 1 << 20;
    private static final long PAGE_SIZE = 4096;

    private final Keyspace keyspace;
    private final ClientMemory clients;
    private final Log log;
    private StreamBuffers streamBuffers = StreamBuffers.NONE;
    private LongSupplier clusterLinks = () -> 0;
    private long peak;
    private long maxmemory;
    private EvictionPolicy policy = EvictionPolicy.NOEVICTION;
    private int samples;
    private int evictionTenacity;
    private Evictor evictor;

    private MemoryMonitor(Keyspace keyspace, ClientMemory clients, Log log) {
        this.keyspace = keyspace;
        this.clients = clients;
        this.log = log;
    }

    /** Creates the memory subsystem for a server: access clock, accounting, eviction filter and cron work. */
    public static MemoryMonitor install(Server server) {
        MemoryMonitor monitor = new MemoryMonitor(server.keyspace(), server.clientMemory(), server.log());
        Executor commandLoop = task -> server.eventLoop().execute(task);
        monitor.evictor = new Evictor(server.keyspace(), monitor, commandLoop, server.lazyFree());
        monitor.configure(server.config());
        server.config().onChange((name, value) -> monitor.onConfigChange(server.config(), name));
        server.executor().addFilter(new OomFilter(monitor, monitor.evictor));
        server.executor().addObserver(new DatasetAccounting());
        AccountingSweep sweep = new AccountingSweep(server.keyspace());
        server.addCronTask(() -> {
            sweep.tick();
            monitor.notePeak();
        });
        return monitor;
    }

    private void configure(ServerConfig config) {
        maxmemory = config.getLong("maxmemory");
        policy = EvictionPolicy.byConfigName(config.get("maxmemory-policy"));
        samples = config.getInt("maxmemory-samples");
        evictionTenacity = config.getInt("maxmemory-eviction-tenacity");
    }

    private void onConfigChange(ServerConfig config, String name) {
        if (!name.startsWith("maxmemory") && !name.startsWith("lfu-")) {
            return;
        }
        configure(config);
        if (name.equals("maxmemory") && maxmemory != 0) {
            long used = usedMemory();
            if (maxmemory < used) {
                log.warning("WARNING: the new maxmemory value set via CONFIG SET (" + Long.toUnsignedString(maxmemory)
                        + ") is smaller than the current memory usage (" + used + "). This will result in key eviction"
                        + " and/or the inability to accept new write commands depending on the maxmemory-policy.");
            }
            // As Redis's eviction time event: not inside CONFIG SET, so the deletions are not part of its command
            // (a transaction's later commands still see the keys, and each DEL is propagated on its own).
            evictor.runSoon();
        }
    }

    /** The replication and AOF buffers: the server wires them once it has both. */
    public void countStreamBuffers(StreamBuffers buffers) {
        this.streamBuffers = buffers;
    }

    /** Cluster mode: the bus links' memory (INFO mem_cluster_links), which Redis counts in used_memory too. */
    public void countClusterLinks(LongSupplier bytes) {
        this.clusterLinks = bytes;
    }

    /**
     * used_memory: the dataset estimate, the startup allowance, the normal and Pub/Sub clients' buffers, the
     * write stream's buffers (replicas' output is the shared replication buffer's) and the cluster bus links, as
     * Redis counts them all.
     */
    public long usedMemory() {
        return STARTUP_BYTES + keyspace.datasetBytes() + clients.buffers() + streamBuffers.bytes()
                + clusterLinks.getAsLong();
    }

    /** What maxmemory is compared with: used_memory without what deleting keys cannot free (getMaxmemoryState). */
    public long usedMemoryForEviction() {
        return Math.max(0, usedMemory() - notCountedForEviction());
    }

    /** Used memory over maxmemory right now (Redis's pre_command_oom_state). */
    public boolean overMaxmemory() {
        return maxmemory > 0 && usedMemoryForEviction() > maxmemory;
    }

    /** INFO mem_not_counted_for_evict: see {@link StreamBuffers#notCountedForEviction}. */
    public long notCountedForEviction() {
        return streamBuffers.notCountedForEviction();
    }

    public long usedMemoryStartup() {
        return STARTUP_BYTES;
    }

    /** used_memory_overhead: all of used_memory but the dataset. */
    public long usedMemoryOverhead() {
        return usedMemory() - usedMemoryDataset();
    }

    /** used_memory_dataset: keys, values and their indexes. */
    public long usedMemoryDataset() {
        return keyspace.datasetBytes();
    }

    /** used_memory_peak: the highest used_memory seen by the cron or by a caller of this method. */
    public long usedMemoryPeak() {
        notePeak();
        return peak;
    }

    private void notePeak() {
        peak = Math.max(peak, usedMemory());
    }

    public long maxmemory() {
        return maxmemory;
    }

    /**
     * Whether values may be Redis's shared integer objects (OBJECT REFCOUNT, DEBUG OBJECT): not when maxmemory
     * evicts by LRU or LFU, where each key needs its own access clock.
     */
    public boolean sharesIntegers() {
        return maxmemory == 0 || !policy.evictsByAccess();
    }

    public EvictionPolicy policy() {
        return policy;
    }

    /** The maxmemory-policy name as CONFIG GET prints it. */
    public String maxmemoryPolicy() {
        return policy.configName();
    }

    /** total_eviction_exceeded_time in milliseconds (INFO stats). */
    public long evictionExceededMillisTotal() {
        return evictor.exceededMillisTotal();
    }

    /** current_eviction_exceeded_time in milliseconds (INFO stats). */
    public long evictionExceededMillisCurrent() {
        return evictor.exceededMillisCurrent();
    }

    int samples() {
        return samples;
    }

    int evictionTenacity() {
        return evictionTenacity;
    }

    /** used_memory_rss: resident set size of the process from /proc, or the committed heap elsewhere. */
    public long rssBytes() {
        try {
            String[] statm = Files.readString(Path.of("/proc/self/statm")).trim().split("\\s+");
            return Long.parseLong(statm[1]) * PAGE_SIZE;
        } catch (IOException | RuntimeException e) {
            return Runtime.getRuntime().totalMemory();
        }
    }

    /** mem_fragmentation_ratio: RSS over used_memory; on the JVM mostly heap headroom and runtime. */
    public double fragmentationRatio() {
        return (double) rssBytes() / usedMemory();
    }

    /** Heap the JVM has reserved from the OS (committed), whether or not live objects fill it. */
    public long jvmHeapCommitted() {
        return Runtime.getRuntime().totalMemory();
    }

    /** Heap occupied by objects, live or not yet collected. */
    public long jvmHeapUsed() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    /** The -Xmx limit; maxmemory above it cannot be reached. */
    public long jvmHeapMax() {
        return Runtime.getRuntime().maxMemory();
    }
}
