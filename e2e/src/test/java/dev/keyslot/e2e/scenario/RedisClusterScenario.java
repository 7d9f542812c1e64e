package dev.keyslot.e2e.scenario;

import dev.keyslot.operator.crd.NodeStatus;
import dev.keyslot.operator.crd.RedisClusterSpec;
import dev.keyslot.operator.crd.RedisClusterStatus;
import dev.keyslot.operator.testing.Await;
import dev.keyslot.operator.testing.ClusterWriter;
import dev.keyslot.operator.testing.RedisClusters;
import redis.clients.jedis.DefaultJedisClientConfig;

import java.time.Duration;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The end-to-end scenario, one code base for every environment: create a 3x1 cluster and wait for Ready,
 * write throughout, scale out to 4 masters and back in to 3, kill a master's pod and wait until its replica
 * took over and the cluster is Ready again, then read every acknowledged write back. Along the way the spec
 * is only ever what the test wrote.
 */
final class RedisClusterScenario {
    private static final String NAME = "e2e";

    private final KubernetesEnvironment environment;
    private final RedisClusters clusters;
    private final Duration patience;

    /** @param patience how long one step (bootstrap, a reshard, a failover) may take in this environment */
    RedisClusterScenario(KubernetesEnvironment environment, Duration patience) {
        this.environment = environment;
        this.clusters = new RedisClusters(environment.client(), environment.namespace());
        this.patience = patience;
    }

    void run() throws InterruptedException {
        try (SpecWatch specs = new SpecWatch(environment.client(), environment.namespace(), NAME)) {
            clusters.create(NAME, recorded(specs, spec -> {
                spec.setImage(environment.nodeImage());
                spec.setNodeTimeoutMillis(2000);
            }));
            awaitReady(3, "3x1 cluster Ready");
            assertThat(status().getReady()).isEqualTo("6/6");

            try (ClusterWriter writer = writer()) {
                writer.start();
                Await.until("writes acknowledged", patience, () -> writer.acknowledgedCount() > 100);

                clusters.edit(NAME, recorded(specs, spec -> spec.setMasters(4)));
                awaitReady(4, "scaled out to 4 masters");
                assertThat(status().getNodes()).hasSize(8);

                clusters.edit(NAME, recorded(specs, spec -> spec.setMasters(3)));
                awaitReady(3, "scaled in to 3 masters");
                assertThat(status().getNodes()).hasSize(6).noneMatch(n -> n.getPod().startsWith(NAME + "-3-"));

                NodeStatus master = status().getNodes().stream().filter(n -> "master".equals(n.getRole())).findFirst().orElseThrow();
                environment.client().pods().inNamespace(environment.namespace()).withName(master.getPod()).withGracePeriod(0).delete();
                Await.until("a replica of " + master.getPod() + " promoted", patience, () -> status().getNodes().stream()
                        .anyMatch(n -> "master".equals(n.getRole()) && !n.getNodeId().equals(master.getNodeId())
                                && n.getPod().startsWith(shardOf(master.getPod()))));
                awaitReady(3, "Ready again after losing a master");
                int afterFailover = writer.acknowledgedCount();
                Await.until("writes after the failover", patience, () -> writer.acknowledgedCount() > afterFailover + 100);

                writer.stopAndVerify();
            }
            specs.assertOnlyTestWritesSeen();
        }
    }

    private static String shardOf(String pod) {
        return pod.substring(0, pod.lastIndexOf('-') + 1);
    }

    private RedisClusterStatus status() {
        return clusters.get(NAME).getStatus();
    }

    private void awaitReady(int masters, String what) {
        long start = System.nanoTime();
        Await.until(what, patience, () -> clusters.isReady(NAME, masters));
        System.out.printf("e2e scenario: %s after %d ms%n", what, (System.nanoTime() - start) / 1_000_000);
    }

    private static Consumer<RedisClusterSpec> recorded(SpecWatch specs, Consumer<RedisClusterSpec> change) {
        return spec -> {
            change.accept(spec);
            specs.wrote(spec);
        };
    }

    /** A cluster client whose redirects to pod IPs go wherever this environment reaches those pods. */
    private ClusterWriter writer() {
        NodeStatus seed = status().getNodes().get(0);
        return new ClusterWriter(environment.reach(seed.getIp()), DefaultJedisClientConfig.builder()
                .password(clusters.password(NAME)).timeoutMillis(2000)
                .hostAndPortMapper(node -> environment.reach(node.getHost()))
                .build());
    }
}
