package dev.keyslot.operator.incluster;

import java.util.Map;
import java.util.Set;

/**
 * How the operator runs inside a cluster, from its arguments and environment: the namespaces to watch (all
 * when none are given), the port of the health and metrics endpoints, and the namespace of the leader
 * election lease (no leader election when absent, for a single replica).
 */
public record ClusterModeSettings(Set<String> namespaces, int httpPort, String leaseNamespace) {
    public static final String HTTP_PORT_ENV = "KEYSLOT_HTTP_PORT";
    public static final String LEASE_NAMESPACE_ENV = "KEYSLOT_LEADER_ELECTION_NAMESPACE";
    public static final int DEFAULT_HTTP_PORT = 8080;
    public static final String LEASE_NAME = "keyslot-operator";

    public static ClusterModeSettings of(Set<String> namespaces, Map<String, String> env) {
        String port = env.get(HTTP_PORT_ENV);
        String lease = env.get(LEASE_NAMESPACE_ENV);
        return new ClusterModeSettings(namespaces,
                port == null || port.isBlank() ? DEFAULT_HTTP_PORT : Integer.parseInt(port.trim()),
                lease == null || lease.isBlank() ? null : lease.trim());
    }

    public boolean leaderElection() {
        return leaseNamespace != null;
    }
}
