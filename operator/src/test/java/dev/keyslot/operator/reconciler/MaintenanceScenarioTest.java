package dev.keyslot.operator.reconciler;

import dev.keyslot.operator.admin.NodeAddress;
import dev.keyslot.operator.admin.RedisErrorReply;
import dev.keyslot.operator.admin.RespConnection;
import dev.keyslot.operator.crd.NodeStatus;
import dev.keyslot.operator.testing.Await;
import dev.keyslot.operator.testing.NodeImage;
import dev.keyslot.operator.testing.ReplicatedWriter;
import dev.keyslot.operator.testing.SimulatedEnvironment;
import dev.keyslot.operator.topology.SlotSet;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Planned changes under a WAIT-confirmed writer, with the operator killed at random moments and replaced by a
 * fresh one: config applied live, a rolling restart of every pod for a new pod template, a password rotation, and
 * scaling out with live migration. The seed of the random kill points is printed, and can be replayed with -Dkeyslot.chaos.seed.
 */
class MaintenanceScenarioTest {
    private static final String NS = "maintenance";
    private static final int OPERATOR_KILLS = 3;
    @RegisterExtension
    static final SimulatedEnvironment env = new SimulatedEnvironment(NS, 201, 254);
    private static final KubernetesClient client = env.client();
    private static Random random;

    @BeforeAll
    static void start() {
        long seed = Long.getLong("keyslot.chaos.seed", System.nanoTime());
        System.out.println("operator kill points seed: " + seed);
        random = new Random(seed);
    }

    /** Kills and restarts the operator at random moments until {@code done} holds or the kills are used up. */
    private static void killOperatorWhile(BooleanSupplier done, int maxDelayMillis) throws InterruptedException {
        killOperatorDuring(() -> true, done, maxDelayMillis);
    }

    /** As {@link #killOperatorWhile}, each kill at a random moment after {@code phase} holds (waited for, bounded). */
    private static void killOperatorDuring(BooleanSupplier phase, BooleanSupplier done, int maxDelayMillis) throws InterruptedException {
        for (int kill = 0; kill < OPERATOR_KILLS && !done.getAsBoolean(); kill++) {
            Await.until("the phase to kill the operator in", Duration.ofSeconds(60), () -> phase.getAsBoolean() || done.getAsBoolean());
            Thread.sleep(random.nextInt(maxDelayMillis));
            env.restartOperator();
        }
    }

    private static String configValue(String ip, String password, String directive) {
        try (RespConnection c = RespConnection.open(NodeAddress.of(ip), Duration.ofSeconds(1))) {
            c.callString("AUTH", password);
            List<?> reply = (List<?>) c.call("CONFIG", "GET", directive);
            return new String((byte[]) reply.get(1));
        }
    }

    private static Map<String, String> podUids(String cluster) {
        return client.pods().inNamespace(NS).withLabel(ClusterNames.CLUSTER_LABEL, cluster).list().getItems().stream()
                .collect(Collectors.toMap(p -> p.getMetadata().getName(), p -> p.getMetadata().getUid()));
    }

    private static boolean allPodsOnTheirTemplate(String cluster) {
        Map<String, String> wanted = client.apps().statefulSets().inNamespace(NS).withLabel(ClusterNames.CLUSTER_LABEL, cluster)
                .list().getItems().stream().collect(Collectors.toMap(s -> s.getMetadata().getName(), MaintenanceScenarioTest::hash));
        List<Pod> pods = client.pods().inNamespace(NS).withLabel(ClusterNames.CLUSTER_LABEL, cluster).list().getItems();
        return pods.stream().allMatch(p -> {
            String name = p.getMetadata().getName();
            return wanted.get(name.substring(0, name.lastIndexOf('-')))
                    .equals(p.getMetadata().getAnnotations().get(ClusterNames.TEMPLATE_HASH_ANNOTATION));
        });
    }

    private static String hash(StatefulSet sts) {
        return sts.getSpec().getTemplate().getMetadata().getAnnotations().get(ClusterNames.TEMPLATE_HASH_ANNOTATION);
    }

    @ParameterizedTest
    @MethodSource("dev.keyslot.operator.testing.NodeImage#selected")
    void liveConfigThenARollingRestartLoseNoAcknowledgedWriteWhileTheOperatorIsKilled(NodeImage image) throws InterruptedException {
        String name = image.cluster("roll");
        env.createReady(name, image, 2000, Duration.ofSeconds(120), spec -> spec.getAuth().setRotationGracePeriodSeconds(2));
        String password = env.password(name);
        try (ReplicatedWriter writer = new ReplicatedWriter(FailureScenarioTest.master(env, name, 0).getIp(), password, name).start()) {
            env.awaitCluster(name, "some replicated writes", Duration.ofSeconds(30), () -> writer.acknowledgedCount() > 100);
            Map<String, String> uidsBefore = podUids(name);

            env.edit(name, spec -> spec.getConfig().put("maxmemory-policy", "allkeys-lru"));
            env.awaitCluster(name, "config applied on every node", Duration.ofSeconds(60), () -> env.get(name).getStatus().getNodes().stream()
                    .allMatch(n -> "allkeys-lru".equals(configValue(n.getIp(), password, "maxmemory-policy"))));
            assertThat(podUids(name)).as("config applied without restarts").isEqualTo(uidsBefore);

            Set<String> mastersBefore = env.get(name).getStatus().getNodes().stream()
                    .filter(n -> "master".equals(n.getRole())).map(NodeStatus::getPod).collect(Collectors.toSet());
            long rollStart = System.nanoTime();
            env.edit(name, spec -> spec.setResources(new ResourceRequirementsBuilder()
                    .addToRequests("cpu", new Quantity("100m")).build()));
            BooleanSupplier rolled = () -> env.isReady(name, 3) && allPodsOnTheirTemplate(name)
                    && podUids(name).entrySet().stream().noneMatch(e -> e.getValue().equals(uidsBefore.get(e.getKey())));
            killOperatorWhile(rolled, 8000);
            env.awaitCluster(name, "every pod restarted on the new template and the cluster Ready", Duration.ofSeconds(180), rolled);
            System.out.printf("rolling restart of 3x1 under writes: %d ms%n", (System.nanoTime() - rollStart) / 1_000_000);

            Set<String> mastersAfter = env.get(name).getStatus().getNodes().stream()
                    .filter(n -> "master".equals(n.getRole())).map(NodeStatus::getPod).collect(Collectors.toSet());
            assertThat(mastersAfter).as("every shard handed over to its replica").doesNotContainAnyElementsOf(mastersBefore);
            assertThat(FailureScenarioTest.events(client, NS, name, "PodRestarting")).hasSizeGreaterThanOrEqualTo(6);
            assertThat(env.counted("keyslot.operator.pods.restarted", name)).isGreaterThanOrEqualTo(6);
            env.awaitCluster(name, "writes after the roll", Duration.ofSeconds(30), () -> writer.acknowledgedCount() > 300);
            writer.stop();
            writer.verify(FailureScenarioTest.master(env, name, 0).getIp(), password, SlotSet.EMPTY);
            System.out.printf("rolling restart writer: %d acknowledged, %d failed, %d not replicated in time%n",
                    writer.acknowledgedCount(), writer.failures(), writer.unreplicated());
        }
        rotatesThePasswordWithoutRestarts(name, env.password(name));
    }

    private static boolean accepts(String ip, String password) {
        try (RespConnection c = RespConnection.open(NodeAddress.of(ip), Duration.ofSeconds(1))) {
            return "OK".equals(c.callString("AUTH", password));
        } catch (RedisErrorReply e) {
            return false;
        }
    }

    private static void rotatesThePasswordWithoutRestarts(String cluster, String oldPassword) {
        Map<String, String> uidsBefore = podUids(cluster);
        String ip = FailureScenarioTest.master(env, cluster, 0).getIp();
        try (RespConnection connectedBefore = RespConnection.open(NodeAddress.of(ip), Duration.ofSeconds(1))) {
            connectedBefore.callString("AUTH", oldPassword);
            String rotated = "rotated-" + random.nextInt(1_000_000);
            client.secrets().inNamespace(NS).withName(cluster + "-auth").edit(s -> new SecretBuilder(s)
                    .withStringData(null)
                    .withData(Map.of(ClusterNames.PASSWORD_KEY, Base64.getEncoder().encodeToString(rotated.getBytes(StandardCharsets.UTF_8))))
                    .build());
            env.awaitCluster(cluster, "every node on the new password and the cluster Ready", Duration.ofSeconds(60), () -> env.isReady(cluster, 3)
                    && !FailureScenarioTest.events(client, NS, cluster, "PasswordRotationCompleted").isEmpty()
                    && env.get(cluster).getStatus().getNodes().stream().allMatch(n -> accepts(n.getIp(), rotated)));
            assertThat(env.get(cluster).getStatus().getNodes()).allSatisfy(n -> assertThat(accepts(n.getIp(), oldPassword)).isFalse());
            assertThat(connectedBefore.callString("PING")).as("a client connected before keeps working").isEqualTo("PONG");
            assertThat(podUids(cluster)).as("no restarts").isEqualTo(uidsBefore);
            assertThat(env.get(cluster).getStatus().getReadyReplicas()).isEqualTo(3);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.keyslot.operator.testing.NodeImage#selected")
    void bootstrapAndScaleOutCompleteWhileTheOperatorIsKilledAtRandomPoints(NodeImage image) throws InterruptedException {
        String name = image.cluster("grow");
        env.create(name, spec -> {
            spec.setImage(image.image());
            spec.setNodeTimeoutMillis(2000);
            spec.setMasters(2);
        });
        killOperatorWhile(() -> env.isReady(name, 2), 2500);
        env.awaitCluster(name, "2x1 Ready", Duration.ofSeconds(120), () -> env.isReady(name, 2));
        String password = env.password(name);
        try (ReplicatedWriter writer = new ReplicatedWriter(FailureScenarioTest.master(env, name, 0).getIp(), password, name).start()) {
            env.awaitCluster(name, "some replicated writes", Duration.ofSeconds(60), () -> writer.acknowledgedCount() > 3000);

            env.edit(name, spec -> spec.setMasters(3));
            killOperatorDuring(() -> env.get(name).getStatus().getMigration() != null, () -> env.isReady(name, 3), 1000);
            env.awaitCluster(name, "3x1 Ready", Duration.ofSeconds(180), () -> env.isReady(name, 3));

            for (NodeStatus node : env.get(name).getStatus().getNodes()) {
                try (RespConnection c = RespConnection.open(NodeAddress.of(node.getIp()), Duration.ofSeconds(1))) {
                    c.callString("AUTH", password);
                    assertThat(c.callString("CLUSTER", "NODES")).as("no slot left open on %s", node.getPod()).doesNotContain("->-", "-<-");
                }
            }
            writer.stop();
            writer.verify(FailureScenarioTest.master(env, name, 0).getIp(), password, SlotSet.EMPTY);
        }
    }
}
