package dev.keyslot.datanode.config;

import java.util.Set;

import static dev.keyslot.datanode.config.ConfigType.bool;
import static dev.keyslot.datanode.config.ConfigType.integer;
import static dev.keyslot.datanode.config.ConfigType.binaryString;
import static dev.keyslot.datanode.config.ConfigType.memory;
import static dev.keyslot.datanode.config.ConfigType.memoryOrPercent;
import static dev.keyslot.datanode.config.ConfigType.octal;
import static dev.keyslot.datanode.config.ConfigType.oneOf;
import static dev.keyslot.datanode.config.ConfigType.oneOfWithSynonym;
import static dev.keyslot.datanode.config.ConfigType.special;
import static dev.keyslot.datanode.config.ConfigType.specialMultiArg;
import static dev.keyslot.datanode.config.ConfigType.string;
import static dev.keyslot.datanode.config.ConfigType.unsignedInteger;
import static dev.keyslot.datanode.config.ConfigType.unsignedMemory;

/**
 * The table of directives the data node accepts, with Redis 7.0's names, aliases, defaults, limits and
 * mutability. Directives for features that come later (persistence, replication, cluster, TLS) are
 * accepted and stored so existing redis.conf files and CONFIG GET keep working.
 */
final class ConfigOptions {
    private ConfigOptions() {
    }

    private static final long INT_MIN = Integer.MIN_VALUE;
    private static final long INT_MAX = Integer.MAX_VALUE;
    private static final long UINT_MAX = 4294967295L;
    private static final long LONG_MAX = Long.MAX_VALUE;
    /** Redis's ULLONG_MAX, as the unsigned reading of -1. */
    private static final long ULLONG_MAX = -1L;
    private static final long MB = 1024 * 1024;

    static void defineAll(ServerConfig c) {
        defineBools(c);
        defineStrings(c);
        defineEnums(c);
        defineNumbers(c);
        defineTls(c);
        defineSpecials(c);
        mutable(c, "metrics-port", integer(0, 65535), "0");
        defineHidden(c);
    }

    /** Redis's hooks for its own tests: accepted and stored (the data node gives them no effect). */
    private static void defineHidden(ServerConfig c) {
        define(c, "use-exit-on-panic", null, bool(), "no", Flag.HIDDEN);
        define(c, "rdb-key-save-delay", null, integer(INT_MIN, INT_MAX), "0", Flag.HIDDEN);
        define(c, "key-load-delay", null, integer(INT_MIN, INT_MAX), "0", Flag.HIDDEN);
        define(c, "watchdog-period", null, special(SpecialConfigs.watchdogPeriod(c)), "0", Flag.HIDDEN);
        define(c, "loading-process-events-interval-bytes", null, integer(1024, INT_MAX), "2097152", Flag.HIDDEN);
    }

    private static void defineBools(ServerConfig c) {
        immutable(c, "rdbchecksum", bool(), "yes");
        immutable(c, "daemonize", bool(), "no");
        immutable(c, "io-threads-do-reads", bool(), "no");
        immutable(c, "always-show-logo", bool(), "no");
        mutable(c, "protected-mode", bool(), "yes");
        mutable(c, "rdbcompression", bool(), "yes");
        mutable(c, "rdb-del-sync-files", bool(), "no");
        mutable(c, "activerehashing", bool(), "yes");
        mutable(c, "stop-writes-on-bgsave-error", bool(), "yes");
        immutable(c, "set-proc-title", bool(), "yes");
        mutable(c, "dynamic-hz", bool(), "yes");
        mutable(c, "lazyfree-lazy-eviction", bool(), "no");
        mutable(c, "lazyfree-lazy-expire", bool(), "no");
        mutable(c, "lazyfree-lazy-server-del", bool(), "no");
        mutable(c, "lazyfree-lazy-user-del", bool(), "no");
        mutable(c, "lazyfree-lazy-user-flush", bool(), "no");
        mutable(c, "repl-disable-tcp-nodelay", bool(), "no");
        mutable(c, "repl-diskless-sync", bool(), "yes");
        mutable(c, "aof-rewrite-incremental-fsync", bool(), "yes");
        mutable(c, "no-appendfsync-on-rewrite", bool(), "no");
        mutable(c, "cluster-require-full-coverage", bool(), "yes");
        mutable(c, "rdb-save-incremental-fsync", bool(), "yes");
        mutable(c, "aof-load-truncated", bool(), "yes");
        mutable(c, "aof-use-rdb-preamble", bool(), "yes");
        mutable(c, "aof-timestamp-enabled", bool(), "no");
        aliased(c, "cluster-replica-no-failover", "cluster-slave-no-failover", bool(), "no");
        aliased(c, "replica-lazy-flush", "slave-lazy-flush", bool(), "no");
        aliased(c, "replica-serve-stale-data", "slave-serve-stale-data", bool(), "yes");
        aliased(c, "replica-read-only", "slave-read-only", bool(), "yes");
        aliased(c, "replica-ignore-maxmemory", "slave-ignore-maxmemory", bool(), "yes");
        mutable(c, "replica-ignore-disk-write-errors", bool(), "no");
        mutable(c, "jemalloc-bg-thread", bool(), "yes");
        mutable(c, "activedefrag", bool(), "no");
        immutable(c, "syslog-enabled", bool(), "no");
        immutable(c, "cluster-enabled", bool(), "no");
        mutable(c, "appendonly", bool(), "no");
        mutable(c, "cluster-allow-reads-when-down", bool(), "no");
        mutable(c, "cluster-allow-pubsubshard-when-down", bool(), "yes");
        mutable(c, "crash-log-enabled", bool(), "yes");
        mutable(c, "crash-memcheck-enabled", bool(), "yes");
        immutable(c, "disable-thp", bool(), "yes");
        mutable(c, "cluster-allow-replica-migration", bool(), "yes");
        mutable(c, "replica-announced", bool(), "yes");
        mutable(c, "latency-tracking", bool(), "yes");
        mutable(c, "aof-disable-auto-gc", bool(), "no");
    }

    private static void defineStrings(ServerConfig c) {
        immutable(c, "aclfile", string(), "");
        immutable(c, "unixsocket", string(), "");
        immutable(c, "pidfile", string(), "");
        aliased(c, "replica-announce-ip", "slave-announce-ip", string(), "");
        define(c, "masteruser", null, string(), "", Flag.SENSITIVE);
        mutable(c, "cluster-announce-ip", string(), "");
        immutable(c, "cluster-config-file", string(), "nodes.conf");
        mutable(c, "cluster-announce-hostname", string(SpecialConfigs::announcedHostname), "");
        immutable(c, "syslog-ident", string(), "redis");
        define(c, "dbfilename", null, special(SpecialConfigs.plainName("dbfilename", "filename")), "dump.rdb",
                Flag.PROTECTED);
        immutable(c, "appendfilename", special(SpecialConfigs.plainName("appendfilename", "filename")),
                "appendonly.aof");
        immutable(c, "appenddirname", special(SpecialConfigs.plainName("appenddirname", "dirname")), "appendonlydir");
        immutable(c, "server_cpulist", string(), "");
        immutable(c, "bio_cpulist", string(), "");
        immutable(c, "aof_rewrite_cpulist", string(), "");
        immutable(c, "bgsave_cpulist", string(), "");
        mutable(c, "ignore-warnings", string(), "");
        mutable(c, "proc-title-template", string(SpecialConfigs.procTitleTemplate(c)), "{title} {listen-addr} {server-mode}");
        mutable(c, "bind-source-addr", string(), "");
        immutable(c, "logfile", string(), "");
        define(c, "masterauth", null, binaryString(), "", Flag.SENSITIVE);
        define(c, "requirepass", null, binaryString(), "", Flag.SENSITIVE);
    }

    private static void defineEnums(ServerConfig c) {
        immutable(c, "supervised", oneOf("upstart", "systemd", "auto", "no"), "no");
        immutable(c, "syslog-facility", oneOf("user", "local0", "local1", "local2", "local3", "local4", "local5",
                "local6", "local7"), "local0");
        mutable(c, "repl-diskless-load", oneOf("disabled", "on-empty-db", "swapdb"), "disabled");
        mutable(c, "loglevel", oneOf("debug", "verbose", "notice", "warning"), "notice");
        mutable(c, "maxmemory-policy", oneOf("volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl",
                "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction"), "noeviction");
        mutable(c, "appendfsync", oneOf("everysec", "always", "no"), "everysec");
        mutable(c, "oom-score-adj", oneOfWithSynonym("relative", "yes", "no", "yes", "relative", "absolute"), "no");
        mutable(c, "acl-pubsub-default", oneOf("allchannels", "resetchannels"), "resetchannels");
        mutable(c, "sanitize-dump-payload", oneOf("no", "yes", "clients"), "no");
        immutable(c, "enable-protected-configs", oneOf("no", "yes", "local"), "no");
        immutable(c, "enable-debug-command", oneOf("no", "yes", "local"), "no");
        immutable(c, "enable-module-command", oneOf("no", "yes", "local"), "no");
        mutable(c, "cluster-preferred-endpoint-type", oneOf("ip", "hostname", "unknown-endpoint"), "ip");
        mutable(c, "propagation-error-behavior", oneOf("ignore", "panic", "panic-on-replicas"), "ignore");
        mutable(c, "shutdown-on-sigint", specialMultiArg(SpecialConfigs::shutdownOnSignal), "default");
        mutable(c, "shutdown-on-sigterm", specialMultiArg(SpecialConfigs::shutdownOnSignal), "default");
    }

    private static void defineNumbers(ServerConfig c) {
        immutable(c, "databases", integer(1, INT_MAX), "16");
        mutable(c, "port", integer(0, 65535), "6379");
        immutable(c, "io-threads", integer(1, 128), "1");
        mutable(c, "auto-aof-rewrite-percentage", integer(0, INT_MAX), "100");
        aliased(c, "cluster-replica-validity-factor", "cluster-slave-validity-factor", integer(0, INT_MAX), "10");
        aliased(c, "list-max-listpack-size", "list-max-ziplist-size", integer(INT_MIN, INT_MAX), "-2");
        mutable(c, "tcp-keepalive", integer(0, INT_MAX), "300");
        mutable(c, "cluster-migration-barrier", integer(0, INT_MAX), "1");
        mutable(c, "active-defrag-cycle-min", integer(1, 99), "1");
        mutable(c, "active-defrag-cycle-max", integer(1, 99), "25");
        mutable(c, "active-defrag-threshold-lower", integer(0, 1000), "10");
        mutable(c, "active-defrag-threshold-upper", integer(0, 1000), "100");
        mutable(c, "lfu-log-factor", integer(0, INT_MAX), "10");
        mutable(c, "lfu-decay-time", integer(0, INT_MAX), "1");
        aliased(c, "replica-priority", "slave-priority", integer(0, INT_MAX), "100");
        mutable(c, "repl-diskless-sync-delay", integer(0, INT_MAX), "5");
        mutable(c, "maxmemory-samples", integer(1, INT_MAX), "5");
        mutable(c, "maxmemory-eviction-tenacity", integer(0, 100), "10");
        mutable(c, "timeout", integer(0, INT_MAX), "0");
        aliased(c, "replica-announce-port", "slave-announce-port", integer(0, 65535), "0");
        immutable(c, "tcp-backlog", integer(0, INT_MAX), "511");
        immutable(c, "cluster-port", integer(0, 65535), "0");
        mutable(c, "cluster-announce-bus-port", integer(0, 65535), "0");
        mutable(c, "cluster-announce-port", integer(0, 65535), "0");
        mutable(c, "cluster-announce-tls-port", integer(0, 65535), "0");
        mutable(c, "repl-timeout", integer(1, INT_MAX), "60");
        aliased(c, "repl-ping-replica-period", "repl-ping-slave-period", integer(1, INT_MAX), "10");
        mutable(c, "list-compress-depth", integer(0, INT_MAX), "0");
        mutable(c, "active-expire-effort", integer(1, 10), "1");
        mutable(c, "hz", special(SpecialConfigs::hz), "10");
        aliased(c, "min-replicas-to-write", "min-slaves-to-write", integer(0, INT_MAX), "0");
        aliased(c, "min-replicas-max-lag", "min-slaves-max-lag", integer(0, INT_MAX), "10");
        mutable(c, "shutdown-timeout", integer(0, INT_MAX), "10");
        mutable(c, "repl-diskless-sync-max-replicas", integer(0, INT_MAX), "0");
        immutable(c, "socket-mark-id", unsignedInteger(0, UINT_MAX), "0");
        mutable(c, "maxclients", unsignedInteger(1, UINT_MAX), "10000");
        immutable(c, "unixsocketperm", octal(0, 0777), "0");
        mutable(c, "active-defrag-max-scan-fields", unsignedInteger(1, LONG_MAX), "1000");
        mutable(c, "slowlog-max-len", unsignedInteger(0, LONG_MAX), "128");
        mutable(c, "acllog-max-len", unsignedInteger(0, LONG_MAX), "128");
        aliased(c, "busy-reply-threshold", "lua-time-limit", integer(0, LONG_MAX), "5000");
        mutable(c, "cluster-node-timeout", integer(0, LONG_MAX), "15000");
        mutable(c, "slowlog-log-slower-than", integer(-1, LONG_MAX), "10000");
        mutable(c, "latency-monitor-threshold", integer(0, LONG_MAX), "0");
        mutable(c, "proto-max-bulk-len", memory(MB, LONG_MAX), Long.toString(512 * MB));
        mutable(c, "stream-node-max-entries", integer(0, LONG_MAX), "100");
        mutable(c, "repl-backlog-size", memory(1, LONG_MAX), Long.toString(MB));
        mutable(c, "maxmemory", unsignedMemory(0, ULLONG_MAX), "0");
        mutable(c, "cluster-link-sendbuf-limit", unsignedMemory(0, ULLONG_MAX), "0");
        aliased(c, "hash-max-listpack-entries", "hash-max-ziplist-entries", unsignedInteger(0, LONG_MAX), "512");
        mutable(c, "set-max-intset-entries", unsignedInteger(0, LONG_MAX), "512");
        aliased(c, "zset-max-listpack-entries", "zset-max-ziplist-entries", unsignedInteger(0, LONG_MAX), "128");
        mutable(c, "active-defrag-ignore-bytes", unsignedMemory(1, LONG_MAX), Long.toString(100 * MB));
        aliased(c, "hash-max-listpack-value", "hash-max-ziplist-value", unsignedMemory(0, LONG_MAX), "64");
        mutable(c, "stream-node-max-bytes", unsignedMemory(0, LONG_MAX), "4096");
        aliased(c, "zset-max-listpack-value", "zset-max-ziplist-value", unsignedMemory(0, LONG_MAX), "64");
        mutable(c, "hll-sparse-max-bytes", unsignedMemory(0, LONG_MAX), "3000");
        mutable(c, "tracking-table-max-keys", unsignedInteger(0, LONG_MAX), "1000000");
        mutable(c, "client-query-buffer-limit", unsignedMemory(MB, LONG_MAX), Long.toString(1024 * MB));
        mutable(c, "maxmemory-clients", memoryOrPercent(-100, LONG_MAX), "0");
        mutable(c, "repl-backlog-ttl", integer(0, LONG_MAX), "3600");
        mutable(c, "auto-aof-rewrite-min-size", memory(0, LONG_MAX), Long.toString(64 * MB));
    }

    private static void defineTls(ServerConfig c) {
        mutable(c, "tls-port", integer(0, 65535), "0");
        mutable(c, "tls-session-cache-size", integer(0, INT_MAX), "20480");
        mutable(c, "tls-session-cache-timeout", integer(0, INT_MAX), "300");
        mutable(c, "tls-cluster", bool(), "no");
        mutable(c, "tls-replication", bool(), "no");
        mutable(c, "tls-auth-clients", oneOf("no", "yes", "optional"), "yes");
        mutable(c, "tls-prefer-server-ciphers", bool(), "no");
        mutable(c, "tls-session-caching", bool(), "yes");
        for (String name : new String[] {"tls-cert-file", "tls-key-file", "tls-key-file-pass", "tls-client-cert-file",
                "tls-client-key-file", "tls-client-key-file-pass", "tls-dh-params-file", "tls-ca-cert-file",
                "tls-ca-cert-dir", "tls-protocols", "tls-ciphers", "tls-ciphersuites"}) {
            mutable(c, name, string(), "");
        }
    }

    private static void defineSpecials(ServerConfig c) {
        define(c, "dir", null, special(SpecialConfigs::dir), System.getProperty("user.dir"), Flag.PROTECTED);
        mutable(c, "save", specialMultiArg(SpecialConfigs::save), "3600 1 300 100 60 10000");
        mutable(c, "client-output-buffer-limit", specialMultiArg(SpecialConfigs::clientOutputBufferLimit),
                "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60");
        mutable(c, "oom-score-adj-values", specialMultiArg(SpecialConfigs::oomScoreAdjValues), "0 200 800");
        mutable(c, "notify-keyspace-events", special(SpecialConfigs::notifyKeyspaceEvents), "");
        mutable(c, "bind", specialMultiArg(SpecialConfigs::bind), "* -::*");
        define(c, "replicaof", "slaveof", specialMultiArg(SpecialConfigs::replicaOf), "", Flag.IMMUTABLE);
        mutable(c, "latency-tracking-info-percentiles", specialMultiArg(SpecialConfigs::latencyPercentiles),
                "50 99 99.9");
    }

    private enum Flag { MUTABLE, IMMUTABLE, SENSITIVE, PROTECTED, HIDDEN }

    /** Options CONFIG SET refuses while the dataset loads (Redis's DENY_LOADING_CONFIG). */
    private static final Set<String> DENY_LOADING = Set.of("dir", "appendonly", "repl-diskless-load");

    static void immutable(ServerConfig c, String name, ConfigType type, String def) {
        define(c, name, null, type, def, Flag.IMMUTABLE);
    }

    static void mutable(ServerConfig c, String name, ConfigType type, String def) {
        define(c, name, null, type, def, Flag.MUTABLE);
    }

    private static void aliased(ServerConfig c, String name, String alias, ConfigType type, String def) {
        define(c, name, alias, type, def, Flag.MUTABLE);
    }

    private static void define(ServerConfig c, String name, String alias, ConfigType type, String def, Flag flag) {
        c.define(new ConfigOption(name, alias, type, def, flag != Flag.IMMUTABLE, flag == Flag.SENSITIVE,
                flag == Flag.PROTECTED, flag == Flag.HIDDEN, DENY_LOADING.contains(name)));
    }
}
