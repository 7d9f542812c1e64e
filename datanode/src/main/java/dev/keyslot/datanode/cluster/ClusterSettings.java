package dev.keyslot.datanode.cluster;

import dev.keyslot.datanode.config.ServerConfig;

import java.nio.file.Path;

/** The cluster-* options, read live from the server configuration (CONFIG SET applies at once). */
public final class ClusterSettings {
    private final ServerConfig config;

    public ClusterSettings(ServerConfig config) {
        this.config = config;
    }

    public static boolean enabled(ServerConfig config) {
        return config.getBool("cluster-enabled");
    }

    public long nodeTimeout() {
        return config.getLong("cluster-node-timeout");
    }

    public String configFile() {
        return config.get("cluster-config-file");
    }

    /** nodes.conf: cluster-config-file, relative to dir. */
    public Path nodesFilePath() {
        return Path.of(config.get("dir")).resolve(configFile());
    }

    public boolean tls() {
        return config.getBool("tls-cluster");
    }

    /** The announced client port: with tls-cluster the TLS port (cluster-announce-tls-port overrides it). */
    public int clientPort() {
        if (tls()) {
            long announcedTls = config.getLong("cluster-announce-tls-port");
            return announcedTls != 0 ? (int) announcedTls : config.getInt("tls-port");
        }
        long announced = config.getLong("cluster-announce-port");
        return announced != 0 ? (int) announced : config.getInt("port");
    }

    /** Whether a client gets plain text ports: a tls-cluster node answering a client not on TLS. */
    public boolean plaintextPortsFor(boolean clientOnTls) {
        return tls() && !clientOnTls;
    }

    /** With tls-cluster, the plain text client port announced beside the TLS one (pport); 0 otherwise. */
    public int plaintextPort() {
        if (!tls()) {
            return 0;
        }
        return config.getLong("cluster-announce-tls-port") != 0 ? config.getInt("cluster-announce-port")
                : config.getInt("port");
    }

    /** cluster-port, else the announced-to-be client port (the TLS one with tls-cluster) plus 10000. */
    public int busPort() {
        long configured = config.getLong("cluster-port");
        if (configured != 0) {
            return (int) configured;
        }
        return (tls() ? config.getInt("tls-port") : config.getInt("port")) + 10000;
    }

    public int announcedBusPort() {
        long announced = config.getLong("cluster-announce-bus-port");
        return announced != 0 ? (int) announced : busPort();
    }

    public String announceIp() {
        return config.get("cluster-announce-ip");
    }

    /** Source address for outgoing bus connections (bind-source-addr), empty for the system's choice. */
    public String bindSourceAddress() {
        return config.get("bind-source-addr");
    }

    public String announceHostname() {
        return config.get("cluster-announce-hostname");
    }

    public String preferredEndpointType() {
        return config.get("cluster-preferred-endpoint-type");
    }

    public boolean requireFullCoverage() {
        return config.getBool("cluster-require-full-coverage");
    }

    public boolean allowReadsWhenDown() {
        return config.getBool("cluster-allow-reads-when-down");
    }

    public boolean allowPubsubShardWhenDown() {
        return config.getBool("cluster-allow-pubsubshard-when-down");
    }

    public boolean allowReplicaMigration() {
        return config.getBool("cluster-allow-replica-migration");
    }

    public int migrationBarrier() {
        return config.getInt("cluster-migration-barrier");
    }

    public long replicaValidityFactor() {
        return config.getLong("cluster-replica-validity-factor");
    }

    /** repl-ping-replica-period in milliseconds: part of the allowed data age of a replica that fails over. */
    public long replPingReplicaPeriodMillis() {
        return config.getLong("repl-ping-replica-period") * 1000;
    }

    /** cluster-link-sendbuf-limit in bytes; 0 means no limit. */
    public long linkSendBufferLimit() {
        return config.getLong("cluster-link-sendbuf-limit");
    }

    public boolean replicaNoFailover() {
        return config.getBool("cluster-replica-no-failover");
    }
}
