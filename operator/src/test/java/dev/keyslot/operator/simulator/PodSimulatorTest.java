package dev.keyslot.operator.simulator;

import dev.keyslot.operator.admin.NodeAddress;
import dev.keyslot.operator.testing.TestSubnet;
import dev.keyslot.operator.admin.RedisErrorReply;
import dev.keyslot.operator.admin.RespConnection;
import dev.keyslot.operator.testing.TestSubnet;
import dev.keyslot.operator.testing.Await;
import dev.keyslot.operator.testing.TestNodes;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PodSimulatorTest {
    private static final String NS = "test";
    @TempDir
    Path dir;
    private MockApiServer api;
    private PodSimulator simulator;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        TestNodes.requireRedisServer();
        api = MockApiServer.start(0);
        client = api.client();
        simulator = new PodSimulator(client, NS, new AddressPool(TestSubnet.prefix(), 20, 39), dir).start();
    }

    @AfterEach
    void stop() {
        simulator.close();
        api.close();
    }

    private static StatefulSet statefulSetWithClaims(int replicas) {
        return new StatefulSetBuilder(statefulSet(replicas))
                .editSpec()
                .addNewVolumeClaimTemplate().withNewMetadata().withName("data").endMetadata()
                .withNewSpec().withAccessModes("ReadWriteOnce").endSpec().endVolumeClaimTemplate()
                .editTemplate().editSpec().withVolumes(statefulSet(replicas).getSpec().getTemplate().getSpec().getVolumes().get(0))
                .endSpec().endTemplate()
                .endSpec().build();
    }

    private static StatefulSet statefulSet(int replicas) {
        return new StatefulSetBuilder()
                .withNewMetadata().withName("db").withNamespace(NS).endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app", "db").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "db").endMetadata()
                .withNewSpec()
                .addNewContainer().withName("node").withImage("redis:7.0")
                .withArgs("/etc/conf/redis.conf", "--requirepass", "$(PASSWORD)")
                .addNewEnv().withName("PASSWORD").withNewValueFrom().withNewSecretKeyRef().withName("pw").withKey("password")
                .endSecretKeyRef().endValueFrom().endEnv()
                .addNewVolumeMount().withName("conf").withMountPath("/etc/conf").endVolumeMount()
                .addNewVolumeMount().withName("data").withMountPath("/data").endVolumeMount()
                .endContainer()
                .addNewVolume().withName("conf").withNewConfigMap().withName("conf").endConfigMap().endVolume()
                .addNewVolume().withName("data").withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec().endTemplate().endSpec()
                .build();
    }

    private void createConfig(String redisConf) {
        client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName("conf").endMetadata()
                .withData(Map.of("redis.conf", redisConf)).build()).create();
        client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("pw").endMetadata()
                .withStringData(Map.of("password", "hunter2")).build()).create();
    }

    private static Object call(String ip, Object... command) {
        try (RespConnection c = RespConnection.open(NodeAddress.of(ip), Duration.ofSeconds(2))) {
            c.callString("AUTH", "hunter2");
            Object reply = c.call(command);
            return reply instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : reply;
        }
    }

    private static boolean pings(String ip) {
        try {
            return "PONG".equals(call(ip, "PING"));
        } catch (UncheckedIOException | RedisErrorReply e) {
            // a restarted node answers -LOADING while it replays its AOF
            return false;
        }
    }

    private String ip(String pod) {
        return pod(pod).getStatus().getPodIP();
    }

    private Pod pod(String name) {
        return client.pods().inNamespace(NS).withName(name).get();
    }

    private boolean ready(String name) {
        Pod pod = pod(name);
        return pod != null && pod.getStatus() != null && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    @Test
    void runsPodsOfAStatefulSetAndReplacesDeletedOnesWithNewIps() {
        createConfig("port 6379\ndir /data\nsave \"\"\n");
        client.apps().statefulSets().inNamespace(NS).resource(statefulSet(2)).create();

        Await.until("both pods ready", Duration.ofSeconds(20), () -> ready("db-0") && ready("db-1"));
        String ip = pod("db-0").getStatus().getPodIP();
        assertThat(ip).startsWith(TestSubnet.prefix());
        try (RespConnection c = RespConnection.open(NodeAddress.of(ip), Duration.ofSeconds(2))) {
            assertThat(c.callString("AUTH", "hunter2")).isEqualTo("OK");
            List<?> dirSetting = (List<?>) c.call("CONFIG", "GET", "dir");
            assertThat(new String((byte[]) dirSetting.get(1), StandardCharsets.UTF_8)).startsWith(dir.toString());
        }

        client.pods().inNamespace(NS).withName("db-0").delete();
        Await.until("db-0 back with a new IP", Duration.ofSeconds(20),
                () -> ready("db-0") && !ip.equals(pod("db-0").getStatus().getPodIP()));

        client.apps().statefulSets().inNamespace(NS).withName("db").edit(s -> new StatefulSetBuilder(s)
                .editSpec().withReplicas(1).endSpec().build());
        Await.until("db-1 removed and its node killed", Duration.ofSeconds(20),
                () -> pod("db-1") == null && simulator.ipOf("db-1") == null);
    }

    @Test
    void crashedProcessesRestartInTheirPodWithTheirClaimAndADeletedClaimStartsEmpty() {
        createConfig("port 6379\ndir /data\nsave \"\"\nappendonly yes\nappendfsync always\n");
        client.apps().statefulSets().inNamespace(NS).resource(statefulSetWithClaims(1)).create();
        Await.until("db-0 ready", Duration.ofSeconds(20), () -> ready("db-0"));
        assertThat(client.persistentVolumeClaims().inNamespace(NS).withName("data-db-0").get()).isNotNull();
        String uid = pod("db-0").getMetadata().getUid();
        String ip = ip("db-0");
        assertThat(call(ip, "SET", "k", "v")).isEqualTo("OK");

        simulator.crash("db-0", false, Duration.ZERO);
        Await.until("db-0 restarted at the same IP", Duration.ofSeconds(20), () -> ready("db-0") && pings(ip));
        assertThat(pod("db-0").getMetadata().getUid()).isEqualTo(uid);
        assertThat(call(ip, "GET", "k")).isEqualTo("v");

        simulator.crash("db-0", true, Duration.ofSeconds(1));
        Await.until("db-0 restarted at a new IP", Duration.ofSeconds(20), () -> ready("db-0") && !ip.equals(ip("db-0")));
        assertThat(call(ip("db-0"), "GET", "k")).as("the claim outlives the process").isEqualTo("v");

        String beforeDelete = ip("db-0");
        client.pods().inNamespace(NS).withName("db-0").delete();
        Await.until("db-0 recreated", Duration.ofSeconds(20), () -> ready("db-0") && !beforeDelete.equals(ip("db-0")));
        assertThat(call(ip("db-0"), "GET", "k")).as("the claim outlives the pod").isEqualTo("v");

        String beforeReplace = ip("db-0");
        client.persistentVolumeClaims().inNamespace(NS).withName("data-db-0").delete();
        client.pods().inNamespace(NS).withName("db-0").delete();
        Await.until("db-0 replaced", Duration.ofSeconds(20), () -> ready("db-0") && !beforeReplace.equals(ip("db-0")));
        assertThat(call(ip("db-0"), "GET", "k")).as("a new claim starts empty").isNull();
    }
}
