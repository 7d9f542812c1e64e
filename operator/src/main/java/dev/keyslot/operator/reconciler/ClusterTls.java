package dev.keyslot.operator.reconciler;

import dev.keyslot.operator.crd.RedisCluster;
import dev.keyslot.operator.crd.RedisClusterSpec;
import dev.keyslot.operator.crd.TlsSpec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What spec.tls means for the nodes: the operator's copy of the TLS Secret (see CaRotation) mounted at
 * {@link #MOUNT}, TLS on the client port 6379, for replication and on the cluster bus, and the plaintext port
 * only when spec.tls.plaintextPort asks for one.
 * Clients may present a certificate (it is then verified) but need not: the password authenticates them, and
 * nodes present theirs to each other on the bus and replication links.
 */
public final class ClusterTls {
    public static final String MOUNT = "/tls";
    public static final String CERT_FILE = "tls.crt";
    public static final String KEY_FILE = "tls.key";
    public static final String CA_FILE = "ca.crt";
    static final String VOLUME = "tls";
    static final String PLAINTEXT_PORT_NAME = "redis-plain";
    private static final String CLIENT_PORT = "6379";

    private ClusterTls() {
    }

    static boolean enabled(RedisClusterSpec spec) {
        return spec.getTls() != null;
    }

    /** The Secret holding the certificates: the user's, or the one cert-manager writes for our Certificate. */
    static String secretName(RedisCluster cluster) {
        TlsSpec tls = cluster.getSpec().getTls();
        return tls.getSecretName() != null ? tls.getSecretName() : cluster.getMetadata().getName() + "-tls";
    }

    /** The value of redis.conf's plaintext {@code port}: 0 turns it off. */
    static String plaintextPort(RedisClusterSpec spec) {
        if (!enabled(spec)) {
            return CLIENT_PORT;
        }
        Integer plaintext = spec.getTls().getPlaintextPort();
        return plaintext == null ? "0" : plaintext.toString();
    }

    /** The redis.conf directives of TLS, none when it is off. */
    static Map<String, String> directives(RedisClusterSpec spec) {
        Map<String, String> directives = new LinkedHashMap<>();
        if (!enabled(spec)) {
            return directives;
        }
        directives.put("tls-port", CLIENT_PORT);
        directives.putAll(fileDirectives());
        directives.put("tls-auth-clients", "optional");
        directives.put("tls-replication", "yes");
        directives.put("tls-cluster", "yes");
        return directives;
    }

    /** The certificate files; setting them again, even to the same paths, makes a running node reread them. */
    static Map<String, String> fileDirectives() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("tls-cert-file", MOUNT + "/" + CERT_FILE);
        files.put("tls-key-file", MOUNT + "/" + KEY_FILE);
        files.put("tls-ca-cert-file", MOUNT + "/" + CA_FILE);
        return files;
    }

    /** redis-cli options that reach the node's client port, with a leading space; empty without TLS. */
    static String cliOptions(RedisClusterSpec spec) {
        return enabled(spec) ? " --tls --cacert " + MOUNT + "/" + CA_FILE : "";
    }

    /** The names a client may reach nodes by: each pod through the headless Service, and the client Service. */
    static List<String> dnsNames(RedisCluster cluster, ClusterNames names) {
        String namespace = cluster.getMetadata().getNamespace();
        String pods = names.headlessService() + "." + namespace + ".svc";
        String service = names.clientService() + "." + namespace + ".svc";
        return List.of("*." + pods, "*." + pods + ".cluster.local",
                names.clientService(), names.clientService() + "." + namespace, service, service + ".cluster.local");
    }
}
