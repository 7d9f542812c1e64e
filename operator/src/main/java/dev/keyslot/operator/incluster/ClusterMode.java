package dev.keyslot.operator.incluster;

import dev.keyslot.operator.OperatorRunner;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The operator against a real API server, with metrics, health endpoints and optional leader election. A
 * replica that loses its lease fails its liveness probe, so the kubelet restarts it as a fresh candidate;
 * it does not exit by itself, which would also happen on a deliberate stop inside the JVM's shutdown hook.
 */
public final class ClusterMode implements AutoCloseable {
    private final AtomicBoolean lostLease = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();
    private Operator operator;
    private OperatorEndpoints endpoints;

    private ClusterMode() {
    }

    public static ClusterMode start(KubernetesClient client, ClusterModeSettings settings) {
        ClusterMode mode = new ClusterMode();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        mode.operator = OperatorRunner.start(client, settings.namespaces(), registry, o -> {
            o.withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry));
            if (settings.leaderElection()) {
                o.withLeaderElectionConfiguration(mode.leaderElection(settings.leaseNamespace(), settings.leaseIdentity()));
            }
        });
        mode.endpoints = OperatorEndpoints.start(settings.httpPort(), mode.operator, registry, () -> !mode.lostLease.get());
        return mode;
    }

    private LeaderElectionConfiguration leaderElection(String namespace, String identity) {
        Runnable onStopLeading = () -> lostLease.set(!closing.get());
        return new LeaderElectionConfiguration(ClusterModeSettings.LEASE_NAME, namespace,
                LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
                LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
                LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE,
                identity, new LeaderCallbacks(() -> { }, onStopLeading, leader -> { }), false);
    }

    public int httpPort() {
        return endpoints.port();
    }

    @Override
    public void close() {
        closing.set(true);
        endpoints.close();
        operator.stop();
    }
}
