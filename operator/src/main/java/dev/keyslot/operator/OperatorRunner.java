package dev.keyslot.operator;

import dev.keyslot.operator.reconciler.RedisClusterReconciler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;

import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;

/** Starts the RedisCluster controller on a client, watching the given namespaces (all when empty). */
public final class OperatorRunner {
    private OperatorRunner() {
    }

    public static Operator start(KubernetesClient client, Set<String> namespaces) {
        return startHaltable(client, namespaces, o -> {
        }).operator();
    }

    /** @param settings further operator settings (metrics, leader election) */
    public static Operator start(KubernetesClient client, Set<String> namespaces, Consumer<ConfigurationServiceOverrider> settings) {
        return startHaltable(client, namespaces, settings).operator();
    }

    /** A running operator that can also be stopped as abruptly as a crash: no action is started after {@link #halt()}. */
    public record Running(Operator operator, RedisClusterReconciler reconciler) {
        public void halt() {
            reconciler.halt();
            operator.stop();
        }
    }

    /** @param idleRequeue how soon a cluster that matches its spec is reconciled again (see {@link RedisClusterReconciler}) */
    public static Running startHaltable(KubernetesClient client, Set<String> namespaces, Duration idleRequeue) {
        return startHaltable(client, namespaces, o -> {
        }, idleRequeue);
    }

    public static Running startHaltable(KubernetesClient client, Set<String> namespaces,
                                        Consumer<ConfigurationServiceOverrider> settings) {
        return startHaltable(client, namespaces, settings, RedisClusterReconciler.IDLE_REQUEUE);
    }

    private static Running startHaltable(KubernetesClient client, Set<String> namespaces,
                                         Consumer<ConfigurationServiceOverrider> settings, Duration idleRequeue) {
        Operator operator = new Operator(o -> {
            o.withKubernetesClient(client)
                    .withUseSSAToPatchPrimaryResource(false)
                    .withCloseClientOnStop(false);
            settings.accept(o);
        });
        RedisClusterReconciler reconciler = new RedisClusterReconciler(client, idleRequeue);
        operator.register(reconciler, c -> {
            if (!namespaces.isEmpty()) {
                c.settingNamespaces(namespaces);
            }
        });
        operator.start();
        return new Running(operator, reconciler);
    }
}
