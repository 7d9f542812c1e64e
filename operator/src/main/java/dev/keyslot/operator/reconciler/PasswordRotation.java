package dev.keyslot.operator.reconciler;

import dev.keyslot.operator.admin.ConnectionPool;
import dev.keyslot.operator.admin.NodeAddress;
import dev.keyslot.operator.admin.NodeAdmin;
import dev.keyslot.operator.crd.RedisCluster;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rolls a password changed in the Secret out to the running nodes without restarts: CONFIG SET masterauth and
 * requirepass on every node (connections already authenticated stay so; new ones need the new password), then
 * records it as applied. The password the nodes run with is kept in an operator-owned Secret, so an operator
 * restarted midway still reaches the nodes not yet changed (the pool falls back to it).
 */
final class PasswordRotation {
    private final KubernetesClient client;
    private final RedisCluster cluster;
    private final ClusterResources resources;
    private final EventRecorder events;

    PasswordRotation(KubernetesClient client, RedisCluster cluster, EventRecorder events) {
        this.client = client;
        this.cluster = cluster;
        this.resources = new ClusterResources(cluster);
        this.events = events;
    }

    /** The password the nodes run with; a new cluster (or one from before rotations) runs with {@code current}. */
    String applied(String current) {
        Secret secret = client.secrets().inNamespace(cluster.getMetadata().getNamespace())
                .withName(resources.names().appliedSecret()).get();
        return SecretPassword.of(secret).orElseGet(() -> {
            record(current);
            return current;
        });
    }

    /**
     * Sets {@code password} on every observed node. It counts as applied once no pod is missing from the
     * observation: a pod not ready now may still run a process started with the old password.
     */
    void rollOut(String password, String applied, ClusterObserver.Observation observation, ConnectionPool pool) {
        if (password.equals(applied)) {
            return;
        }
        Map<String, String> auth = new LinkedHashMap<>();
        auth.put("masterauth", password);
        auth.put("requirepass", password);
        for (NodeReport node : observation.reports()) {
            new NodeAdmin(pool, NodeAddress.of(node.ip())).configSet(auth);
        }
        if (observation.unready().isEmpty()) {
            record(password);
            pool.setFallbackPassword(null);
            events.normal("PasswordRotated", "the new password from Secret " + resources.names().secret(cluster)
                    + " is set on all " + observation.reports().size() + " nodes; connections made before keep working");
        }
    }

    private void record(String password) {
        Secret secret = resources.appliedPasswordSecret(password);
        if (client.resource(secret).get() == null) {
            client.resource(secret).create();
        } else {
            client.resource(secret).update();
        }
    }
}
