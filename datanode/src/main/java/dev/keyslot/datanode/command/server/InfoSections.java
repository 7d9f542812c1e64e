package dev.keyslot.datanode.command.server;

import dev.keyslot.datanode.command.CommandSpec;
import dev.keyslot.datanode.config.ConfigLoader;
import dev.keyslot.datanode.config.ServerConfig;
import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.memory.MemoryMonitor;
import dev.keyslot.datanode.pubsub.ChannelKind;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;
import dev.keyslot.datanode.server.Transport;
import dev.keyslot.datanode.server.ServerStats;
import dev.keyslot.datanode.server.SystemFigures;

import java.util.Locale;
import java.util.Map;

/** Writes INFO sections: "# Title" then "field:value" lines, each ending in CRLF. */
final class InfoSections {
    private final Server server;

    InfoSections(Server server) {
        this.server = server;
    }

    void append(String section, StringBuilder out) {
        String title = section.equals("cpu") ? "CPU"
                : Character.toUpperCase(section.charAt(0)) + section.substring(1);
        out.append("# ").append(title).append("\r\n");
        switch (section) {
            case "server" -> serverSection(out);
            case "clients" -> clients(out);
            case "memory" -> memory(out);
            case "persistence" -> persistence(out);
            case "stats" -> stats(out);
            case "replication" -> server.replication().appendInfo(out);
            case "cpu" -> cpu(out);
            case "commandstats" -> commandStats(out);
            case "errorstats" -> errorStats(out);
            case "latencystats" -> latencyStats(out);
            case "cluster" -> field(out, "cluster_enabled", server.config().getBool("cluster-enabled") ? 1 : 0);
            case "keyspace" -> keyspace(out);
            default -> {
                // "modules": no modules exist, so the section is only its title.
            }
        }
    }

    private static void field(StringBuilder out, String name, Object value) {
        out.append(name).append(':').append(value).append("\r\n");
    }

    private void serverSection(StringBuilder out) {
        ServerConfig config = server.config();
        long now = System.currentTimeMillis();
        long uptime = (now - server.startedAtMillis()) / 1000;
        field(out, "redis_version", ConfigLoader.REDIS_VERSION);
        field(out, "redis_git_sha1", "00000000");
        field(out, "redis_git_dirty", 0);
        field(out, "redis_build_id", "0");
        field(out, "redis_mode", "standalone");
        field(out, "os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        field(out, "arch_bits", System.getProperty("sun.arch.data.model", "64"));
        field(out, "monotonic_clock", "POSIX clock_gettime");
        field(out, "multiplexing_api", Transport.selected().apiName());
        field(out, "atomicvar_api", "jvm");
        field(out, "gcc_version", "0.0.0");
        field(out, "process_id", ProcessHandle.current().pid());
        field(out, "process_supervised", "no");
        field(out, "run_id", server.runId());
        field(out, "tcp_port", server.port());
        field(out, "server_time_usec", now * 1000);
        field(out, "uptime_in_seconds", uptime);
        field(out, "uptime_in_days", uptime / 86400);
        field(out, "hz", config.get("hz"));
        field(out, "configured_hz", config.get("hz"));
        field(out, "lru_clock", (now / 1000) & ((1 << 24) - 1));
        field(out, "executable", ProcessHandle.current().info().command().orElse(""));
        field(out, "config_file", config.configFile() == null ? "" : config.configFile());
        field(out, "io_threads_active", 0);
        if (server.shutdown().inProgress()) {
            field(out, "shutdown_in_milliseconds", server.shutdown().millisLeft());
        }
    }

    private void clients(StringBuilder out) {
        long maxOutput = 0;
        int replicas = 0;
        for (Client c : server.clients().all()) {
            maxOutput = Math.max(maxOutput, c.outputBufferBytes());
            if (c.isReplica()) {
                replicas++;
            }
        }
        // As Redis, replicas are not counted: they show under the replication section.
        field(out, "connected_clients", server.clients().size() - replicas);
        // Redis's estimate: an inbound and an outbound link per known node.
        field(out, "cluster_connections",
                server.cluster() == null ? 0 : (server.cluster().state().nodeCount() - 1) * 2);
        field(out, "maxclients", server.config().get("maxclients"));
        field(out, "client_recent_max_input_buffer", 0);
        field(out, "client_recent_max_output_buffer", maxOutput);
        field(out, "blocked_clients", server.clients().blocked());
        field(out, "tracking_clients", server.tracking().trackingClients());
        // Blocked with a timeout: in a blocking command or WAIT, not held by a pause.
        field(out, "clients_in_timeout_table", server.blocking().blockedWithTimeout()
                + server.replication().waitingWithTimeout());
    }

    private void memory(StringBuilder out) {
        Runtime rt = Runtime.getRuntime();
        // used_memory is what maxmemory compares and eviction frees: the dataset as measured plus the server's own
        // allowance, which falls as soon as keys go. The JVM heap with its not yet collected garbage is the
        // allocator's view.
        MemoryMonitor memory = server.memory();
        long used = memory.usedMemory();
        long peak = memory.usedMemoryPeak();
        long heapUsed = rt.totalMemory() - rt.freeMemory();
        long rss = SystemFigures.residentBytes();
        // The unsigned setting's bits, printed signed as Redis's %lld does (18446744073709551615 reads -1).
        long maxmemory = Long.parseUnsignedLong(server.config().get("maxmemory"));
        long startup = memory.usedMemoryStartup();
        long dataset = memory.usedMemoryDataset();
        field(out, "used_memory", used);
        field(out, "used_memory_human", human(used));
        field(out, "used_memory_rss", rss);
        field(out, "used_memory_rss_human", human(rss));
        field(out, "used_memory_peak", peak);
        field(out, "used_memory_peak_human", human(peak));
        field(out, "used_memory_peak_perc", percent(used, peak));
        field(out, "used_memory_overhead", memory.usedMemoryOverhead());
        field(out, "used_memory_startup", startup);
        field(out, "used_memory_dataset", dataset);
        field(out, "used_memory_dataset_perc", percent(dataset, used));
        field(out, "allocator_allocated", heapUsed);
        field(out, "allocator_active", rt.totalMemory());
        field(out, "allocator_resident", rss);
        long total = SystemFigures.totalSystemMemory();
        field(out, "total_system_memory", total);
        field(out, "total_system_memory_human", human(total));
        var scripting = server.scripting();
        long vmEval = scripting.evalVmBytes();
        long vmFunctions = scripting.functionsVmBytes();
        long scripts = scripting.evalCacheBytes() + scripting.functionsBytes();
        field(out, "used_memory_lua", vmEval);
        field(out, "used_memory_vm_eval", vmEval);
        field(out, "used_memory_lua_human", human(vmEval));
        field(out, "used_memory_scripts_eval", scripting.evalCacheBytes());
        field(out, "number_of_cached_scripts", scripting.cachedScripts());
        field(out, "number_of_functions", scripting.functionCount());
        field(out, "number_of_libraries", scripting.libraryCount());
        field(out, "used_memory_vm_functions", vmFunctions);
        field(out, "used_memory_vm_total", vmEval + vmFunctions);
        field(out, "used_memory_vm_total_human", human(vmEval + vmFunctions));
        field(out, "used_memory_functions", scripting.functionsBytes());
        field(out, "used_memory_scripts", scripts);
        field(out, "used_memory_scripts_human", human(scripts));
        field(out, "maxmemory", maxmemory);
        field(out, "maxmemory_human", human(maxmemory));
        field(out, "maxmemory_policy", server.config().get("maxmemory-policy"));
        field(out, "allocator_frag_ratio", "1.00");
        field(out, "allocator_frag_bytes", 0);
        field(out, "allocator_rss_ratio", ratio(rss, rt.totalMemory()));
        field(out, "allocator_rss_bytes", rss - rt.totalMemory());
        field(out, "rss_overhead_ratio", "1.00");
        field(out, "rss_overhead_bytes", 0);
        field(out, "mem_fragmentation_ratio", ratio(rss, used));
        field(out, "mem_fragmentation_bytes", rss - used);
        field(out, "mem_not_counted_for_evict", memory.notCountedForEviction());
        field(out, "mem_replication_backlog", server.replication().backlogBytes());
        field(out, "mem_total_replication_buffers", server.replication().replicationBufferBytes());
        field(out, "mem_clients_slaves", server.replication().replicaOutputBytes());
        field(out, "mem_clients_normal", server.clientMemory().total());
        field(out, "mem_cluster_links", MemoryCommands.clusterLinkBytes(server));
        field(out, "mem_aof_buffer", server.aof().bufferBytes());
        field(out, "mem_allocator", "jvm");
        field(out, "active_defrag_running", 0);
        field(out, "lazyfree_pending_objects", 0);
        field(out, "lazyfreed_objects", server.stats().lazyfreedObjects);
    }

    private void persistence(StringBuilder out) {
        server.persistence().info(out);
        server.aof().info(out);
        server.persistence().loadingInfo(out);
    }

    private void stats(StringBuilder out) {
        ServerStats s = server.stats();
        field(out, "total_connections_received", s.connectionsReceived);
        field(out, "total_commands_processed", s.commandsProcessed);
        field(out, "instantaneous_ops_per_sec", server.instantaneousMetrics().opsPerSecond());
        field(out, "total_net_input_bytes", s.netInputBytes);
        field(out, "total_net_output_bytes", s.netOutputBytes);
        field(out, "total_net_repl_input_bytes", 0);
        field(out, "total_net_repl_output_bytes", 0);
        field(out, "instantaneous_input_kbps", twoDecimals(server.instantaneousMetrics().inputKbps()));
        field(out, "instantaneous_output_kbps", twoDecimals(server.instantaneousMetrics().outputKbps()));
        field(out, "instantaneous_input_repl_kbps", "0.00");
        field(out, "instantaneous_output_repl_kbps", "0.00");
        field(out, "rejected_connections", s.rejectedConnections);
        field(out, "sync_full", server.replication().stats().fullSyncs());
        field(out, "sync_partial_ok", server.replication().stats().partialSyncsAccepted());
        field(out, "sync_partial_err", server.replication().stats().partialSyncsRefused());
        field(out, "expired_keys", s.expiredKeys);
        field(out, "expired_stale_perc", "0.00");
        field(out, "expired_time_cap_reached_count", 0);
        field(out, "expire_cycle_cpu_milliseconds", 0);
        field(out, "evicted_keys", s.evictedKeys);
        field(out, "evicted_clients", s.evictedClients);
        field(out, "total_eviction_exceeded_time", 0);
        field(out, "current_eviction_exceeded_time", 0);
        field(out, "keyspace_hits", s.keyspaceHits);
        field(out, "keyspace_misses", s.keyspaceMisses);
        field(out, "pubsub_channels", server.pubsub().channelCount(ChannelKind.GLOBAL));
        field(out, "pubsub_patterns", server.pubsub().patternCount());
        field(out, "pubsubshard_channels", server.pubsub().channelCount(ChannelKind.SHARD));
        // A snapshot's start (capturing every entry on the command thread) is this server's fork.
        field(out, "latest_fork_usec", s.latestSnapshotStartMicros);
        field(out, "total_forks", s.snapshotsStarted);
        field(out, "migrate_cached_sockets", s.migrateCachedSockets);
        field(out, "slave_expires_tracked_keys", server.replicaKeysWithExpire().size());
        for (String zero : new String[] {"active_defrag_hits", "active_defrag_misses", "active_defrag_key_hits",
                "active_defrag_key_misses", "total_active_defrag_time", "current_active_defrag_time"}) {
            field(out, zero, 0);
        }
        field(out, "tracking_total_keys", server.tracking().trackedKeys());
        field(out, "tracking_total_items", server.tracking().trackedItems());
        field(out, "tracking_total_prefixes", server.tracking().prefixCount());
        field(out, "unexpected_error_replies", s.unexpectedErrorReplies);
        field(out, "total_error_replies", s.totalErrorReplies);
        field(out, "dump_payload_sanitizations", 0);
        field(out, "total_reads_processed", s.commandsProcessed);
        field(out, "total_writes_processed", s.commandsProcessed);
        for (String zero : new String[] {"io_threaded_reads_processed", "io_threaded_writes_processed",
                "reply_buffer_shrinks", "reply_buffer_expands"}) {
            field(out, zero, 0);
        }
    }

    private void cpu(StringBuilder out) {
        double[] process = SystemFigures.processCpuSeconds();
        double[] main = SystemFigures.currentThreadCpuSeconds();
        field(out, "used_cpu_sys", seconds(process[0]));
        field(out, "used_cpu_user", seconds(process[1]));
        field(out, "used_cpu_sys_children", seconds(0));
        field(out, "used_cpu_user_children", seconds(0));
        field(out, "used_cpu_sys_main_thread", seconds(main[0]));
        field(out, "used_cpu_user_main_thread", seconds(main[1]));
    }

    private void commandStats(StringBuilder out) {
        for (CommandSpec spec : server.commands().all()) {
            if (spec.hasSubcommands()) {
                for (CommandSpec sub : spec.subcommands().values()) {
                    commandStat(out, sub);
                }
            } else {
                commandStat(out, spec);
            }
        }
    }

    private static void commandStat(StringBuilder out, CommandSpec spec) {
        if (spec.calls == 0 && spec.failedCalls == 0 && spec.rejectedCalls == 0) {
            return;
        }
        double perCall = spec.calls == 0 ? 0 : (double) spec.microseconds / spec.calls;
        field(out, "cmdstat_" + spec.fullName(), "calls=" + spec.calls + ",usec=" + spec.microseconds
                + ",usec_per_call=" + String.format(Locale.ROOT, "%.2f", perCall)
                + ",rejected_calls=" + spec.rejectedCalls + ",failed_calls=" + spec.failedCalls);
    }

    private void errorStats(StringBuilder out) {
        for (Map.Entry<String, Long> e : server.stats().errorsByCode.entrySet()) {
            field(out, "errorstat_" + e.getKey(), "count=" + e.getValue());
        }
    }

    private void latencyStats(StringBuilder out) {
        if (!server.config().getBool("latency-tracking")) {
            return;
        }
        String[] percentiles = server.config().get("latency-tracking-info-percentiles").split(" ");
        server.latencyHistograms().forEach((spec, histogram) -> {
            if (histogram.count() == 0) {
                return;
            }
            StringBuilder line = new StringBuilder();
            for (String p : percentiles) {
                if (p.isEmpty()) {
                    continue;
                }
                if (line.length() > 0) {
                    line.append(',');
                }
                line.append('p').append(p).append('=').append(String.format(Locale.ROOT, "%.3f",
                        histogram.percentileMicros(Double.parseDouble(p))));
            }
            field(out, "latency_percentiles_usec_" + spec.fullName(), line);
        });
    }

    private void keyspace(StringBuilder out) {
        for (Database db : server.keyspace().all()) {
            if (db.size() > 0) {
                field(out, "db" + db.id(), "keys=" + db.size() + ",expires=" + db.volatileCount()
                        + ",avg_ttl=" + db.avgTtlMillis());
            }
        }
    }

    private static String twoDecimals(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.6f", s);
    }

    private static String ratio(long a, long b) {
        return String.format(Locale.ROOT, "%.2f", b == 0 ? 0.0 : (double) a / b);
    }

    private static String percent(long part, long whole) {
        return String.format(Locale.ROOT, "%.2f%%", whole == 0 ? 0.0 : 100.0 * part / whole);
    }

    /** Redis's bytesToHuman: B, K, M, G, T, P with two decimals; n read as unsigned, beyond petabytes the plain count. */
    static String human(long n) {
        if (Long.compareUnsigned(n, 1024) < 0 || Long.compareUnsigned(n, 1L << 60) >= 0) {
            return Long.toUnsignedString(n) + "B";
        }
        double d = n;
        String[] units = {"K", "M", "G", "T", "P"};
        int u = -1;
        while (d >= 1024 && u < units.length - 1) {
            d /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.2f%s", d, units[u]);
    }
}
