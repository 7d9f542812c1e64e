package dev.keyslot.operator.testing;

import dev.keyslot.operator.crd.RedisCluster;
import dev.keyslot.operator.crd.RedisClusterSpec;
import dev.keyslot.operator.crd.RedisClusterStatus;
import dev.keyslot.operator.reconciler.SecretPassword;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.net.HttpURLConnection;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What a test does with RedisClusters of one namespace, on any API server (mock or real): create, edit the
 * spec, read, and judge readiness the way {@code kubectl wait --for=condition=Ready} plus the generation do.
 */
public final class RedisClusters {
    private static final int MAX_EDIT_ATTEMPTS = 5;

    private final KubernetesClient client;
    private final String namespace;

    public RedisClusters(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    public void create(String name, Consumer<RedisClusterSpec> spec) {
        RedisCluster cluster = new RedisCluster();
        cluster.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        spec.accept(cluster.getSpec());
        client.resource(cluster).create();
    }

    /**
     * Changes the spec as kubectl edit would, reading again and retrying (a few times) when the operator's status
     * update got in between (409 Conflict), as a user would.
     */
    public void edit(String name, Consumer<RedisClusterSpec> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                client.resources(RedisCluster.class).inNamespace(namespace).withName(name).edit(c -> {
                    change.accept(c.getSpec());
                    return c;
                });
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == MAX_EDIT_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    public RedisCluster get(String name) {
        return client.resources(RedisCluster.class).inNamespace(namespace).withName(name).get();
    }

    /** Ready for the current generation with the given number of masters serving slots. */
    public boolean isReady(String name, int masters) {
        RedisCluster cluster = get(name);
        RedisClusterStatus status = cluster == null ? null : cluster.getStatus();
        return status != null && "Ready".equals(status.getPhase()) && status.getReadyMasters() == masters
                && Objects.equals(status.getObservedGeneration(), cluster.getMetadata().getGeneration())
                && status.getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    public String password(String name) {
        return SecretPassword.of(client.secrets().inNamespace(namespace).withName(name + "-auth").get()).orElseThrow();
    }
}
