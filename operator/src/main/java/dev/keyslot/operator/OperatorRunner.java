package dev.keyslot.operator;

import dev.keyslot.operator.metrics.OperatorMetrics;
import dev.keyslot.operator.reconciler.RedisClusterReconciler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;

/** Starts the RedisCluster controller on a client, watching the given namespaces (all when empty). */
public final class OperatorRunner {
    private OperatorRunner() {
    }

    /** Without a metrics endpoint: the operator's meters are kept in memory only. */
    public static Operator start(KubernetesClient client, Set<String> namespaces) {
        return start(client, namespaces, new SimpleMeterRegistry(), o -> {
        });
    }

    /**
     * @param registry where the operator's own meters go (java-operator-sdk's are configured through settings)
     * @param settings further operator settings (metrics, leader election)
     */
    public static Operator start(KubernetesClient client, Set<String> namespaces, MeterRegistry registry,
                                 Consumer<ConfigurationServiceOverrider> settings) {
        return startHaltable(client, namespaces, registry, settings, RedisClusterReconciler.IDLE_REQUEUE).operator();
    }

    /** A running operator that can also be stopped as abruptly as a crash: no action is started after {@link #halt()}. */
    public record Running(Operator operator, RedisClusterReconciler reconciler) {
        public void halt() {
            reconciler.halt();
            operator.stop();
        }
    }

    /** @param idleRequeue how soon a cluster that matches its spec is reconciled again (see {@link RedisClusterReconciler}) */
    public static Running startHaltable(KubernetesClient client, Set<String> namespaces, MeterRegistry registry,
                                        Duration idleRequeue) {
        return startHaltable(client, namespaces, registry, o -> {
        }, idleRequeue);
    }

    private static Running startHaltable(KubernetesClient client, Set<String> namespaces, MeterRegistry registry,
                                         Consumer<ConfigurationServiceOverrider> settings, Duration idleRequeue) {
        Operator operator = new Operator(o -> {
            o.withKubernetesClient(client)
                    .withUseSSAToPatchPrimaryResource(false)
                    .withCloseClientOnStop(false);
            settings.accept(o);
        });
        RedisClusterReconciler reconciler = new RedisClusterReconciler(client, new OperatorMetrics(registry), idleRequeue);
        operator.register(reconciler, c -> {
            if (!namespaces.isEmpty()) {
                c.settingNamespaces(namespaces);
            }
        });
        operator.start();
        return new Running(operator, reconciler);
    }
}
