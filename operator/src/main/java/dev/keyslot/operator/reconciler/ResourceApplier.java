package dev.keyslot.operator.reconciler;

import dev.keyslot.operator.crd.RedisCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.Objects;

/**
 * Creates or updates the objects of a RedisCluster. StatefulSets never shrink here: pods leave only when the
 * planner has drained and forgotten their nodes (see {@link ActionExecutor.ShardScaler}).
 */
final class ResourceApplier implements ActionExecutor.ShardScaler {
    private final KubernetesClient client;
    private final RedisCluster cluster;
    private final ClusterResources resources;

    ResourceApplier(KubernetesClient client, RedisCluster cluster) {
        this.client = client;
        this.cluster = cluster;
        this.resources = new ClusterResources(cluster);
    }

    private String namespace() {
        return cluster.getMetadata().getNamespace();
    }

    /** The application's password (the default user's) and the operator ACL user's. */
    record Passwords(String application, String operator) {
    }

    /** Applies everything and returns the passwords. */
    Passwords apply() {
        String password = ensureSecret();
        String operatorPassword = ensureOperatorSecret();
        upsert(resources.configMap());
        upsert(resources.headlessService());
        upsert(resources.clientService());
        int wanted = cluster.getSpec().getReplicasPerMaster() + 1;
        for (int shard = 0; shard < cluster.getSpec().getMasters(); shard++) {
            StatefulSet existing = client.apps().statefulSets().inNamespace(namespace())
                    .withName(resources.names().shard(shard)).get();
            int pods = existing == null ? wanted : Math.max(wanted, Objects.requireNonNullElse(existing.getSpec().getReplicas(), 0));
            upsert(resources.statefulSet(shard, pods));
            if (cluster.getSpec().getPodDisruptionBudget().isEnabled()) {
                upsert(resources.disruptionBudget(shard));
            }
        }
        if (cluster.getSpec().getNetworkPolicy().isEnabled()) {
            upsert(resources.networkPolicy());
        } else {
            client.network().v1().networkPolicies().inNamespace(namespace()).withName(resources.names().networkPolicy()).delete();
        }
        return new Passwords(password, operatorPassword);
    }

    /** The operator user's password, for admin connections even when the cluster is paused; null when none exists. */
    String existingOperatorPassword() {
        Secret secret = client.secrets().inNamespace(namespace()).withName(resources.names().operatorSecret()).get();
        return SecretPassword.of(secret).orElse(null);
    }

    private String ensureOperatorSecret() {
        Secret secret = client.secrets().inNamespace(namespace()).withName(resources.names().operatorSecret()).get();
        if (secret == null) {
            secret = client.resource(resources.operatorSecret()).create();
        }
        return SecretPassword.of(secret).orElseThrow(() -> new IllegalStateException("Secret "
                + resources.names().operatorSecret() + " has no '" + ClusterNames.PASSWORD_KEY + "' key"));
    }

    /** The current password without creating anything, for observing a paused cluster; null when none exists. */
    String existingPassword() {
        Secret secret = client.secrets().inNamespace(namespace()).withName(resources.names().secret(cluster)).get();
        return SecretPassword.of(secret).orElse(null);
    }

    private String ensureSecret() {
        String name = resources.names().secret(cluster);
        Secret secret = client.secrets().inNamespace(namespace()).withName(name).get();
        if (secret == null) {
            boolean generated = cluster.getSpec().getAuth() == null || cluster.getSpec().getAuth().getSecretName() == null;
            if (!generated) {
                throw new IllegalStateException("Secret " + name + " named in spec.auth.secretName does not exist");
            }
            secret = client.resource(resources.generatedSecret()).create();
        }
        return SecretPassword.of(secret).orElseThrow(() ->
                new IllegalStateException("Secret " + name + " has no '" + ClusterNames.PASSWORD_KEY + "' key"));
    }

    private void upsert(HasMetadata desired) {
        HasMetadata existing = client.resource(desired).get();
        if (existing == null) {
            client.resource(desired).create();
        } else {
            desired.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
            client.resource(desired).update();
        }
    }

    @Override
    public void deleteShard(int shard) {
        client.apps().statefulSets().inNamespace(namespace()).withName(resources.names().shard(shard)).delete();
        client.policy().v1().podDisruptionBudget().inNamespace(namespace()).withName(resources.names().shard(shard)).delete();
    }

    @Override
    public void restartPod(String pod) {
        client.pods().inNamespace(namespace()).withName(pod).delete();
    }

    @Override
    public void shrinkShard(int shard, int pods) {
        client.apps().statefulSets().inNamespace(namespace()).withName(resources.names().shard(shard))
                .edit(sts -> new StatefulSetBuilder(sts).editSpec().withReplicas(pods).endSpec().build());
    }
}
