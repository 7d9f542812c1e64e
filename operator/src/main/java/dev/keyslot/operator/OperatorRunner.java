package dev.keyslot.operator;

import dev.keyslot.operator.reconciler.RedisClusterReconciler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;

import java.util.Set;
import java.util.function.Consumer;

/** Starts the RedisCluster controller on a client, watching the given namespaces (all when empty). */
public final class OperatorRunner {
    private OperatorRunner() {
    }

    public static Operator start(KubernetesClient client, Set<String> namespaces) {
        return start(client, namespaces, o -> {
        });
    }

    /** @param settings further operator settings (metrics, leader election) */
    public static Operator start(KubernetesClient client, Set<String> namespaces, Consumer<ConfigurationServiceOverrider> settings) {
        Operator operator = new Operator(o -> {
            o.withKubernetesClient(client)
                    .withUseSSAToPatchPrimaryResource(false)
                    .withCloseClientOnStop(false);
            settings.accept(o);
        });
        operator.register(new RedisClusterReconciler(client), c -> {
            if (!namespaces.isEmpty()) {
                c.settingNamespaces(namespaces);
            }
        });
        operator.start();
        return operator;
    }
}
