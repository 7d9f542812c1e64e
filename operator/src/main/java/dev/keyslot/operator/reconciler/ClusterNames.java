package dev.keyslot.operator.reconciler;

import dev.keyslot.operator.crd.RedisCluster;

import java.util.LinkedHashMap;
import java.util.Map;

/** Names and labels of the objects that make up one RedisCluster. */
public final class ClusterNames {
    public static final String CLUSTER_LABEL = "keyslot.dev/cluster";
    public static final String SHARD_LABEL = "keyslot.dev/shard";
    public static final String PASSWORD_KEY = "password";
    /** On the operator's record of the applied password: since when every node accepts the old and the target password. */
    public static final String BOTH_ACCEPTED_ANNOTATION = "keyslot.dev/password-rotation-both-accepted";
    /** In that record: the password being rolled out, present only while a rotation runs. */
    public static final String TARGET_PASSWORD_KEY = "target";
    public static final String CONFIG_FILE = "redis.conf";
    public static final String CONFIG_MOUNT = "/etc/keyslot";
    public static final String DATA_MOUNT = "/data";
    /** On the pod template: a digest of everything whose change needs a restart; pods carry their template's. */
    public static final String TEMPLATE_HASH_ANNOTATION = "keyslot.dev/template-hash";

    private final String name;

    public ClusterNames(RedisCluster cluster) {
        this.name = cluster.getMetadata().getName();
    }

    public String configMap() {
        return name + "-config";
    }

    public String secret(RedisCluster cluster) {
        String configured = cluster.getSpec().getAuth() == null ? null : cluster.getSpec().getAuth().getSecretName();
        return configured != null ? configured : name + "-auth";
    }

    /** The operator's record of the password the nodes run with, for rolling a new one out. */
    public String appliedSecret() {
        return name + "-auth-applied";
    }

    /** The TLS files the pods mount: the operator's copy of the TLS Secret, stepped through a CA change (CaRotation). */
    public String servedTlsSecret() {
        return name + "-tls-served";
    }

    /** The password of the operator's own ACL user (see OperatorAcl), generated once and never rotated. */
    public String operatorSecret() {
        return name + "-operator-auth";
    }

    public String networkPolicy() {
        return name;
    }

    public String headlessService() {
        return name + "-nodes";
    }

    public String clientService() {
        return name;
    }

    public String shard(int shard) {
        return name + "-" + shard;
    }

    public Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/name", "keyslot");
        labels.put("app.kubernetes.io/instance", name);
        labels.put("app.kubernetes.io/managed-by", "keyslot-operator");
        labels.put(CLUSTER_LABEL, name);
        return labels;
    }

    public Map<String, String> shardLabels(int shard) {
        Map<String, String> labels = labels();
        labels.put(SHARD_LABEL, Integer.toString(shard));
        return labels;
    }

    public Map<String, String> selector() {
        return Map.of(CLUSTER_LABEL, name);
    }

    public Map<String, String> shardSelector(int shard) {
        return Map.of(CLUSTER_LABEL, name, SHARD_LABEL, Integer.toString(shard));
    }
}
