package dev.keyslot.operator.reconciler;

import dev.keyslot.operator.admin.NodeAddress;
import dev.keyslot.operator.admin.RedisErrorReply;
import dev.keyslot.operator.admin.RespConnection;
import dev.keyslot.operator.crd.NodeStatus;
import dev.keyslot.operator.crd.PasswordRotationStatus;
import dev.keyslot.operator.testing.ClusterWriter;
import dev.keyslot.operator.testing.NodeImage;
import dev.keyslot.operator.testing.SimulatedEnvironment;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A password changed in the Secret of a cluster of each node image under a running writer that switches to the new password during the window
 * in which every node accepts both (its new connections use it; a second writer starts with it in the window): no
 * request fails, every acknowledged key reads back, the operator is killed mid-rotation and a node restarted in
 * the window gets the old password back until the window ends.
 */
class PasswordRotationScenarioTest {
    private static final String NS = "rotation";
    @RegisterExtension
    static final SimulatedEnvironment env = new SimulatedEnvironment(NS, 4, 19);
    private static final KubernetesClient client = env.client();

    private static boolean accepts(String ip, String password) {
        try (RespConnection c = RespConnection.open(NodeAddress.of(ip), Duration.ofSeconds(1))) {
            return "OK".equals(c.callString("AUTH", password));
        } catch (RedisErrorReply e) {
            return false;
        }
    }

    /** As {@link #accepts}, for a node that may be restarting: false while it cannot be reached. */
    private static boolean reachableAndAccepts(String ip, String password) {
        try {
            return ip != null && accepts(ip, password);
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    private static List<String> nodeIps(String cluster) {
        return env.get(cluster).getStatus().getNodes().stream().map(NodeStatus::getIp).toList();
    }

    private static String rotationState(String cluster) {
        PasswordRotationStatus rotation = env.get(cluster).getStatus().getPasswordRotation();
        return rotation == null ? null : rotation.getState();
    }

    /**
     * The window must outlast the restart of a node inside it: a redis-server restarts in well under a second, the
     * data node's JVM takes seconds, and up to a minute on a machine as loaded as a shared CI runner.
     */
    private static long graceSeconds(NodeImage image) {
        return image == NodeImage.KEYSLOT ? 60 : 20;
    }

    @ParameterizedTest
    @MethodSource("dev.keyslot.operator.testing.NodeImage#selected")
    void rotatesThePasswordUnderAWriterThatSwitchesDuringTheWindowWithoutAFailedRequest(NodeImage image) throws InterruptedException {
        String cluster = image.cluster("rot");
        long graceSeconds = graceSeconds(image);
        env.create(cluster, spec -> {
            spec.setImage(image.image());
            spec.setMasters(2);
            spec.setNodeTimeoutMillis(2000);
            spec.getAuth().setRotationGracePeriodSeconds(graceSeconds);
        });
        env.awaitCluster(cluster, "2x1 Ready", Duration.ofSeconds(120), () -> env.isReady(cluster, 2));
        String oldPassword = env.password(cluster);
        String newPassword = "rotated-" + System.nanoTime();
        AtomicReference<String> clientPassword = new AtomicReference<>(oldPassword);
        String seed = FailureScenarioTest.master(env, cluster, 0).getIp();
        try (ClusterWriter writer = new ClusterWriter(seed, clientPassword::get).start();
             RespConnection connectedBefore = RespConnection.open(NodeAddress.of(seed), Duration.ofSeconds(1))) {
            connectedBefore.callString("AUTH", oldPassword);
            env.awaitCluster(cluster, "some writes", Duration.ofSeconds(30), () -> writer.acknowledgedCount() > 200);

            client.secrets().inNamespace(NS).withName(cluster + "-auth").edit(s -> new SecretBuilder(s)
                    .withStringData(null)
                    .withData(Map.of(ClusterNames.PASSWORD_KEY, Base64.getEncoder().encodeToString(newPassword.getBytes(StandardCharsets.UTF_8))))
                    .build());
            env.awaitCluster(cluster, "both passwords accepted everywhere", Duration.ofSeconds(60),
                    () -> PasswordRotationStatus.BOTH_ACCEPTED.equals(rotationState(cluster)));
            assertThat(nodeIps(cluster)).allSatisfy(ip -> {
                assertThat(accepts(ip, oldPassword)).as("old password on %s", ip).isTrue();
                assertThat(accepts(ip, newPassword)).as("new password on %s", ip).isTrue();
            });
            assertThat(env.get(cluster).getStatus().getPasswordRotation().getOldPasswordRemovedAfter()).isNotNull();

            clientPassword.set(newPassword);
            int acknowledgedAtSwitch = writer.acknowledgedCount();
            try (ClusterWriter switched = new ClusterWriter(seed, clientPassword::get).start()) {
                completesUnderWriters(cluster, graceSeconds, oldPassword, newPassword, connectedBefore, writer, switched,
                        acknowledgedAtSwitch);
            }
        }
    }

    /** Kills the operator and restarts a replica in the window, then waits for the end of the rotation. */
    private static void completesUnderWriters(String cluster, long graceSeconds, String oldPassword, String newPassword,
                                              RespConnection connectedBefore, ClusterWriter writer, ClusterWriter switched,
                                              int acknowledgedAtSwitch)
            throws InterruptedException {
        env.restartOperator();
        NodeStatus replica = env.get(cluster).getStatus().getNodes().stream()
                .filter(n -> "replica".equals(n.getRole())).findFirst().orElseThrow();
        env.simulator().crash(replica.getPod(), false, Duration.ZERO);
        env.awaitCluster(cluster, "the restarted " + replica.getPod() + " accepts the old password again",
                Duration.ofSeconds(graceSeconds), () -> PasswordRotationStatus.BOTH_ACCEPTED.equals(rotationState(cluster))
                        && reachableAndAccepts(env.simulator().ipOf(replica.getPod()), newPassword)
                        && reachableAndAccepts(env.simulator().ipOf(replica.getPod()), oldPassword));

        env.awaitCluster(cluster, "rotation complete and the cluster Ready", Duration.ofSeconds(graceSeconds + 60),
                () -> PasswordRotationStatus.COMPLETE.equals(rotationState(cluster)) && env.isReady(cluster, 2));
        assertThat(nodeIps(cluster)).allSatisfy(ip -> {
            assertThat(accepts(ip, oldPassword)).as("old password removed on %s", ip).isFalse();
            assertThat(accepts(ip, newPassword)).as("new password on %s", ip).isTrue();
        });
        assertThat(connectedBefore.callString("PING")).as("a connection authenticated before keeps working").isEqualTo("PONG");
        assertThat(env.get(cluster).getStatus().getReadyReplicas()).as("replication unaffected").isEqualTo(2);
        for (String reason : List.of("PasswordRotationStarted", "PasswordRotationBothAccepted", "PasswordRotationCompleted")) {
            assertThat(FailureScenarioTest.events(client, NS, cluster, reason)).as(reason).isNotEmpty();
        }

        env.awaitCluster(cluster, "writes after the rotation", Duration.ofSeconds(30),
                () -> writer.acknowledgedCount() > acknowledgedAtSwitch + 200);
        writer.stopAndVerify();
        switched.stopAndVerify();
        System.out.printf("password rotation: writer connected before %d acknowledged, %d failed; writer connected in the window"
                + " %d acknowledged, %d failed%n", writer.acknowledgedCount(), writer.failures(), switched.acknowledgedCount(), switched.failures());
        assertThat(writer.failures()).as("failed requests of the writer connected before").isZero();
        assertThat(switched.failures()).as("failed requests of the writer connected with the new password").isZero();
    }
}
