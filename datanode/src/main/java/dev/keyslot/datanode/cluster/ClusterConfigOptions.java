package dev.keyslot.datanode.cluster;

import dev.keyslot.datanode.config.ConfigOption;
import dev.keyslot.datanode.config.ConfigType;
import dev.keyslot.datanode.config.ServerConfig;

/** The cluster-* directives with Redis 7.0's defaults. */
public final class ClusterConfigOptions {
    private ClusterConfigOptions() {
    }

    public static void defineAll(ServerConfig c) {
        define(c, "cluster-enabled", ConfigType.bool(), "no", false);
        define(c, "cluster-config-file", ConfigType.string(), "nodes.conf", false);
        define(c, "cluster-port", ConfigType.integer(0, 65535), "0", false);
        define(c, "cluster-node-timeout", ConfigType.integer(0, Long.MAX_VALUE), "15000", true);
        define(c, "cluster-announce-ip", ConfigType.string(), "", true);
        define(c, "cluster-announce-port", ConfigType.integer(0, 65535), "0", true);
        define(c, "cluster-announce-bus-port", ConfigType.integer(0, 65535), "0", true);
        define(c, "cluster-announce-tls-port", ConfigType.integer(0, 65535), "0", true);
        define(c, "cluster-announce-hostname", ConfigType.string(), "", true);
        define(c, "cluster-preferred-endpoint-type", ConfigType.oneOf("ip", "hostname", "unknown-endpoint"), "ip", true);
        define(c, "cluster-require-full-coverage", ConfigType.bool(), "yes", true);
        define(c, "cluster-allow-reads-when-down", ConfigType.bool(), "no", true);
        define(c, "cluster-allow-pubsubshard-when-down", ConfigType.bool(), "yes", true);
        define(c, "cluster-replica-validity-factor", ConfigType.integer(0, Integer.MAX_VALUE), "10", true);
        define(c, "cluster-migration-barrier", ConfigType.integer(0, Integer.MAX_VALUE), "1", true);
        define(c, "cluster-allow-replica-migration", ConfigType.bool(), "yes", true);
        define(c, "cluster-replica-no-failover", ConfigType.bool(), "no", true);
        define(c, "bind-source-addr", ConfigType.string(), "", true);
        define(c, "cluster-link-sendbuf-limit", ConfigType.memory(0, Long.MAX_VALUE), "0", true);
    }

    private static void define(ServerConfig c, String name, ConfigType type, String def, boolean mutable) {
        c.define(new ConfigOption(name, null, type, def, mutable, false));
    }
}
