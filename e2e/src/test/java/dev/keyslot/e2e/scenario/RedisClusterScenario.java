package dev.keyslot.e2e.scenario;

import dev.keyslot.operator.crd.NodeStatus;
import dev.keyslot.operator.crd.RedisClusterSpec;
import dev.keyslot.operator.crd.RedisClusterStatus;
import dev.keyslot.operator.reconciler.ClusterNames;
import dev.keyslot.operator.testing.Await;
import dev.keyslot.operator.testing.ClusterWriter;
import dev.keyslot.operator.testing.RedisClusters;
import io.fabric8.kubernetes.api.model.Pod;
import redis.clients.jedis.DefaultJedisClientConfig;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The end-to-end scenario, one code base for every environment: create a 3x1 cluster and wait for Ready,
 * write throughout, scale out to 4 masters and back in to 3, kill a master's pod and wait until its replica
 * took over and the cluster is Ready again, roll a restart-requiring config change out (every pod restarted,
 * one shard at a time, each master handing over to its replica first), then read every acknowledged write
 * back. Along the way the spec is only ever what the test wrote.
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

                rollingUpgrade(specs);
                int afterRoll = writer.acknowledgedCount();
                Await.until("writes after the rolling upgrade", patience, () -> writer.acknowledgedCount() > afterRoll + 100);

                writer.stopAndVerify();
            }
            specs.assertOnlyTestWritesSeen();
        }
    }

    /**
     * A directive that only a restart applies (tcp-backlog) changes the pod template: every pod restarts, never
     * two shards at once, and every master hands its shard over to its replica before its own restart.
     */
    private void rollingUpgrade(SpecWatch specs) {
        Map<String, String> uidsBefore = podUids();
        Set<String> mastersBefore = masterPods();
        Set<String> shardsRestartingTogether = new TreeSet<>();
        long start = System.nanoTime();
        clusters.edit(NAME, recorded(specs, spec -> spec.setConfig(Map.of("tcp-backlog", "256"))));
        Await.until("every pod restarted on the new template and the cluster Ready", patience.multipliedBy(3), () -> {
            Set<String> restarting = shardsWithUnreadyPods();
            if (restarting.size() > 1) {
                shardsRestartingTogether.add(restarting.toString());
            }
            Map<String, String> uids = podUids();
            return clusters.isReady(NAME, 3) && uids.size() == uidsBefore.size()
                    && uids.entrySet().stream().noneMatch(e -> e.getValue().equals(uidsBefore.get(e.getKey())));
        });
        System.out.printf("e2e scenario: rolling upgrade of 3x1 under writes after %d ms%n", (System.nanoTime() - start) / 1_000_000);
        assertThat(shardsRestartingTogether).as("shards restarting at the same time").isEmpty();
        assertThat(masterPods()).as("every shard handed over to its replica").doesNotContainAnyElementsOf(mastersBefore);
    }

    private Map<String, String> podUids() {
        Map<String, String> uids = new TreeMap<>();
        pods().forEach(p -> uids.put(p.getMetadata().getName(), p.getMetadata().getUid()));
        return uids;
    }

    private Set<String> shardsWithUnreadyPods() {
        return pods().stream()
                .filter(p -> p.getStatus() == null || p.getStatus().getConditions() == null || p.getStatus().getConditions().stream()
                        .noneMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())))
                .map(p -> p.getMetadata().getLabels().get(ClusterNames.SHARD_LABEL))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private List<Pod> pods() {
        return environment.client().pods().inNamespace(environment.namespace())
                .withLabel(ClusterNames.CLUSTER_LABEL, NAME).list().getItems();
    }

    private Set<String> masterPods() {
        return status().getNodes().stream().filter(n -> "master".equals(n.getRole())).map(NodeStatus::getPod)
                .collect(Collectors.toSet());
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
