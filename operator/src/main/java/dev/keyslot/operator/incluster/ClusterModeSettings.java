package dev.keyslot.operator.incluster;

import java.util.Map;
import java.util.Set;

/**
 * How the operator runs inside a cluster, from its arguments and environment: the namespaces to watch (all
 * when none are given), the port of the health and metrics endpoints, the namespace of the leader election
 * lease (no leader election when absent, for a single replica) and the name this replica holds it under (null:
 * the pod's HOSTNAME, as java-operator-sdk does).
 */
public record ClusterModeSettings(Set<String> namespaces, int httpPort, String leaseNamespace, String leaseIdentity) {
    public static final String HTTP_PORT_ENV = "KEYSLOT_HTTP_PORT";
    public static final String LEASE_NAMESPACE_ENV = "KEYSLOT_LEADER_ELECTION_NAMESPACE";
    public static final String LEASE_IDENTITY_ENV = "KEYSLOT_LEADER_ELECTION_IDENTITY";
    public static final int DEFAULT_HTTP_PORT = 8080;
    public static final String LEASE_NAME = "keyslot-operator";

    public static ClusterModeSettings of(Set<String> namespaces, Map<String, String> env) {
        String port = env.get(HTTP_PORT_ENV);
        return new ClusterModeSettings(namespaces,
                port == null || port.isBlank() ? DEFAULT_HTTP_PORT : Integer.parseInt(port.trim()),
                trimmedOrNull(env.get(LEASE_NAMESPACE_ENV)), trimmedOrNull(env.get(LEASE_IDENTITY_ENV)));
    }

    private static String trimmedOrNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    public boolean leaderElection() {
        return leaseNamespace != null;
    }
}
