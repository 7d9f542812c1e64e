package dev.keyslot.operator.bench;

import dev.keyslot.operator.admin.ConnectionPool;
import dev.keyslot.operator.admin.Credentials;
import dev.keyslot.operator.admin.NodeAddress;
import dev.keyslot.operator.crd.NodeStatus;
import dev.keyslot.operator.crd.RedisCluster;
import dev.keyslot.operator.testing.Await;
import dev.keyslot.operator.testing.NodeImage;
import dev.keyslot.operator.testing.SimulatedEnvironment;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import redis.clients.jedis.ClusterPipeline;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;

import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Numbers for bench/RESULTS.md, for each node image in the simulated environment. Not part of the normal build:
 * {@code ./mvnw -pl operator test -Dtest=OperatorBenchmark -Dkeyslot.bench=true}; data node pods take the JVM flags
 * of {@code -Dkeyslot.simulator.java-opts} (else the simulator's test box flags).
 */
@EnabledIfSystemProperty(named = "keyslot.bench", matches = "true")
class OperatorBenchmark {
    private static final int KEYS = Integer.getInteger("keyslot.bench.keys", 1_000_000);
    private static final int VALUE_BYTES = 64;

    @ParameterizedTest
    @MethodSource("dev.keyslot.operator.testing.NodeImage#selected")
    void applyToReadyAndReshardingThroughput(NodeImage image) throws Exception {
        try (SimulatedEnvironment env = new SimulatedEnvironment("bench", 130, 250).start()) {
            System.out.printf("BENCH %s apply->Ready 3x1: %d ms%n", image.image(), applyToReady(env, image, "three", 3));
            System.out.printf("BENCH %s apply->Ready 5x1: %d ms%n", image.image(), applyToReady(env, image, "five", 5));
            delete(env, "three");
            delete(env, "five");

            applyToReady(env, image, "reshard", 3);
            String password = env.password("reshard");
            String seed = env.get("reshard").getStatus().getNodes().get(0).getIp();
            long loadStart = System.nanoTime();
            load(seed, password);
            System.out.printf("BENCH %s loaded %d keys (%d-byte values) in %d ms%n", image.image(), KEYS, VALUE_BYTES,
                    (System.nanoTime() - loadStart) / 1_000_000);

            long start = System.nanoTime();
            env.edit("reshard", spec -> spec.setMasters(4));
            Await.until("4 masters Ready", Duration.ofMinutes(20), () -> env.isReady("reshard", 4));
            double seconds = (System.nanoTime() - start) / 1e9;
            NodeStatus newMaster = env.get("reshard").getStatus().getNodes().stream()
                    .filter(n -> n.getPod().startsWith("reshard-3-") && "master".equals(n.getRole())).findFirst().orElseThrow();
            long moved;
            try (ConnectionPool pool = new ConnectionPool(Duration.ofSeconds(5), Credentials.defaultUser(password))) {
                moved = pool.with(NodeAddress.of(newMaster.getIp()), c -> c.callLong("DBSIZE"));
            }
            double megabytes = moved * (VALUE_BYTES + 12) / 1e6;
            System.out.printf("BENCH %s scale 3->4: %.1f s edit->Ready, %d keys moved, %.0f keys/s, %.2f MB/s%n",
                    image.image(), seconds, moved, moved / seconds, megabytes / seconds);
            assertThat(moved).isGreaterThan(KEYS / 5);
        }
    }

    private static long applyToReady(SimulatedEnvironment env, NodeImage image, String name, int masters) {
        long start = System.nanoTime();
        // the production node config (no test speed-ups): apply to Ready as a user sees it
        env.clusters().create(name, spec -> {
            spec.setImage(image.image());
            spec.setMasters(masters);
        });
        Await.until(name + " Ready", Duration.ofMinutes(10), () -> env.isReady(name, masters));
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static void delete(SimulatedEnvironment env, String name) {
        env.client().resources(RedisCluster.class).inNamespace("bench").withName(name).delete();
        Await.until(name + " gone", Duration.ofMinutes(1), () -> env.get(name) == null
                && env.client().pods().inNamespace("bench").withLabel("keyslot.dev/cluster", name).list().getItems().isEmpty());
    }

    private static void load(String seed, String password) {
        String value = "v".repeat(VALUE_BYTES);
        try (JedisCluster cluster = new JedisCluster(Set.of(new HostAndPort(seed, 6379)),
                DefaultJedisClientConfig.builder().password(password).timeoutMillis(60_000).build(), 5);
             ClusterPipeline pipeline = cluster.pipelined()) {
            for (int i = 0; i < KEYS; i++) {
                pipeline.set("key:" + i, value);
                if (i % 10_000 == 9_999) {
                    pipeline.sync();
                }
            }
            pipeline.sync();
        }
    }
}
