package dev.keyslot.datanode.config;

import dev.keyslot.datanode.pubsub.KeyspaceEventFlags;

import static dev.keyslot.datanode.config.ConfigType.bool;
import static dev.keyslot.datanode.config.ConfigType.integer;
import static dev.keyslot.datanode.config.ConfigType.memory;
import static dev.keyslot.datanode.config.ConfigType.oneOf;
import static dev.keyslot.datanode.config.ConfigType.special;
import static dev.keyslot.datanode.config.ConfigType.string;

/** The table of directives the data node accepts, with Redis 7.0's names, defaults and limits. */
final class ConfigOptions {
    private ConfigOptions() {
    }

    private static final long INT_MAX = Integer.MAX_VALUE;
    private static final long LONG_MAX = Long.MAX_VALUE;

    static void defineAll(ServerConfig c) {
        immutable(c, "port", integer(0, 65535), "6379");
        immutable(c, "bind", string(), "* -::*");
        immutable(c, "daemonize", bool(), "no");
        immutable(c, "databases", integer(1, INT_MAX), "16");
        immutable(c, "logfile", string(), "");
        immutable(c, "pidfile", string(), "");
        immutable(c, "io-threads", integer(1, 128), "1");
        immutable(c, "tcp-backlog", integer(0, INT_MAX), "511");
        immutable(c, "unixsocket", string(), "");
        immutable(c, "supervised", oneOf("upstart", "systemd", "auto", "no"), "no");
        immutable(c, "always-show-logo", bool(), "no");
        immutable(c, "set-proc-title", bool(), "yes");

        mutable(c, "dir", string(), System.getProperty("user.dir"));
        mutable(c, "dbfilename", string(), "dump.rdb");
        mutable(c, "requirepass", string(), "", true);
        mutable(c, "maxmemory", memory(0, LONG_MAX), "0");
        mutable(c, "maxmemory-policy", oneOf("volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl",
                "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction"), "noeviction");
        mutable(c, "maxmemory-samples", integer(1, 64), "5");
        mutable(c, "maxmemory-eviction-tenacity", integer(0, 100), "10");
        mutable(c, "lfu-log-factor", integer(0, INT_MAX), "10");
        mutable(c, "lfu-decay-time", integer(0, INT_MAX), "1");
        mutable(c, "timeout", integer(0, INT_MAX), "0");
        mutable(c, "tcp-keepalive", integer(0, INT_MAX), "300");
        mutable(c, "maxclients", integer(1, INT_MAX), "10000");
        mutable(c, "proto-max-bulk-len", memory(1024 * 1024, LONG_MAX), "536870912");
        mutable(c, "client-query-buffer-limit", memory(1024 * 1024, LONG_MAX), "1073741824");
        mutable(c, "loglevel", oneOf("debug", "verbose", "notice", "warning"), "notice");
        mutable(c, "hz", integer(0, INT_MAX), "10");
        mutable(c, "dynamic-hz", bool(), "yes");
        mutable(c, "activerehashing", bool(), "yes");
        mutable(c, "lazyfree-lazy-eviction", bool(), "no");
        mutable(c, "lazyfree-lazy-expire", bool(), "no");
        mutable(c, "lazyfree-lazy-server-del", bool(), "no");
        mutable(c, "lazyfree-lazy-user-del", bool(), "no");
        mutable(c, "lazyfree-lazy-user-flush", bool(), "no");
        mutable(c, "slowlog-log-slower-than", integer(-1, LONG_MAX), "10000");
        mutable(c, "slowlog-max-len", integer(0, LONG_MAX), "128");
        mutable(c, "latency-monitor-threshold", integer(0, LONG_MAX), "0");
        mutable(c, "latency-tracking", bool(), "yes");
        mutable(c, "notify-keyspace-events", special(KeyspaceEventFlags::normalise), "");
        mutable(c, "tracking-table-max-keys", integer(0, LONG_MAX), "1000000");
        mutable(c, "protected-mode", bool(), "yes");
        mutable(c, "metrics-port", integer(0, 65535), "0");

        mutable(c, "hash-max-listpack-entries", integer(0, LONG_MAX), "128");
        mutable(c, "hash-max-listpack-value", memory(0, LONG_MAX), "64");
        mutable(c, "list-max-listpack-size", integer(Integer.MIN_VALUE, INT_MAX), "-2");
        mutable(c, "list-compress-depth", integer(0, INT_MAX), "0");
        mutable(c, "set-max-intset-entries", integer(0, LONG_MAX), "512");
        mutable(c, "zset-max-listpack-entries", integer(0, LONG_MAX), "128");
        mutable(c, "zset-max-listpack-value", memory(0, LONG_MAX), "64");
        mutable(c, "hll-sparse-max-bytes", memory(0, LONG_MAX), "3000");
        mutable(c, "stream-node-max-bytes", memory(0, LONG_MAX), "4096");
        mutable(c, "stream-node-max-entries", integer(0, LONG_MAX), "100");
        mutable(c, "lua-time-limit", integer(0, LONG_MAX), "5000");
        mutable(c, "busy-reply-threshold", integer(0, LONG_MAX), "5000");
    }

    private static void immutable(ServerConfig c, String name, ConfigType type, String def) {
        c.define(new ConfigOption(name, null, type, def, false, false));
    }

    private static void mutable(ServerConfig c, String name, ConfigType type, String def) {
        mutable(c, name, type, def, false);
    }

    private static void mutable(ServerConfig c, String name, ConfigType type, String def, boolean sensitive) {
        c.define(new ConfigOption(name, null, type, def, true, sensitive));
    }
}
