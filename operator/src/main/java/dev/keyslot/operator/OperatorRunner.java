package dev.keyslot.operator;

import dev.keyslot.operator.reconciler.RedisClusterReconciler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;

import java.util.Set;

/** Starts the RedisCluster controller on a client, watching the given namespaces (all when empty). */
public final class OperatorRunner {
    private OperatorRunner() {
    }

    public static Operator start(KubernetesClient client, Set<String> namespaces) {
        Operator operator = new Operator(o -> o.withKubernetesClient(client)
                .withUseSSAToPatchPrimaryResource(false)
                .withCloseClientOnStop(false));
        operator.register(new RedisClusterReconciler(client), c -> {
            if (!namespaces.isEmpty()) {
                c.settingNamespaces(namespaces);
            }
        });
        operator.start();
        return operator;
    }
}
