package dev.keyslot.operator.reconciler;

import dev.keyslot.operator.crd.RedisCluster;
import dev.keyslot.operator.crd.RedisClusterSpec;
import dev.keyslot.operator.admin.OperatorAcl;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterResourcesTest {
    private static RedisCluster cluster(RedisClusterSpec spec) {
        RedisCluster cluster = new RedisCluster();
        cluster.setMetadata(new ObjectMetaBuilder().withName("rc").withNamespace("ns").withUid("uid-1").build());
        cluster.setSpec(spec);
        return cluster;
    }

    @Test
    void rendersOneStatefulSetPerShardOwnedByTheCluster() {
        RedisClusterSpec spec = new RedisClusterSpec();
        spec.getStorage().setSize("2Gi");
        StatefulSet sts = new ClusterResources(cluster(spec)).statefulSet(2, 3);

        assertThat(sts.getMetadata().getName()).isEqualTo("rc-2");
        assertThat(sts.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getUid()).isEqualTo("uid-1"));
        assertThat(sts.getSpec().getReplicas()).isEqualTo(3);
        assertThat(sts.getSpec().getSelector().getMatchLabels()).containsEntry(ClusterNames.SHARD_LABEL, "2");
        assertThat(sts.getSpec().getVolumeClaimTemplates()).singleElement()
                .satisfies(c -> assertThat(c.getSpec().getResources().getRequests().get("storage").toString()).isEqualTo("2Gi"));
        assertThat(sts.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenScaled()).isEqualTo("Delete");
        assertThat(sts.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity()).isNotNull();
        Container node = sts.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(node.getImage()).isEqualTo("redis:7.0");
        assertThat(node.getArgs()).containsSequence("--cluster-announce-ip", "$(POD_IP)");
        assertThat(node.getEnv()).filteredOn(e -> "REDIS_PASSWORD".equals(e.getName())).singleElement()
                .satisfies(e -> assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("rc-auth"));
    }

    @Test
    void rendersRedisConfWithTheUsersDirectivesAndNoPassword() {
        RedisClusterSpec spec = new RedisClusterSpec();
        spec.setNodeTimeoutMillis(4000);
        spec.setConfig(Map.of("maxmemory", "1gb"));
        String conf = new ClusterResources(cluster(spec)).configMap().getData().get("redis.conf");
        assertThat(conf).contains("cluster-enabled yes\n", "cluster-node-timeout 4000\n", "maxmemory 1gb\n")
                .doesNotContain("requirepass");
    }

    @Test
    void generatesADifferentPasswordPerSecret() {
        ClusterResources resources = new ClusterResources(cluster(new RedisClusterSpec()));
        String first = resources.generatedSecret().getStringData().get("password");
        assertThat(first).hasSizeGreaterThanOrEqualTo(32).isNotEqualTo(resources.generatedSecret().getStringData().get("password"));
    }

    @Test
    void reportsWhatToFixInAnInvalidSpec() {
        RedisClusterSpec spec = new RedisClusterSpec();
        spec.setMasters(0);
        spec.setConfig(Map.of("port", "7000", "maxmemory", "1gb"));
        assertThat(SpecValidator.problems(spec)).containsExactlyInAnyOrder(
                "spec.masters must be at least 1",
                "spec.config.port is not accepted (the operator manages it or the node does not support it)");
        assertThat(SpecValidator.problems(new RedisClusterSpec())).isEmpty();
    }

    private static Container node(RedisClusterSpec spec) {
        return new ClusterResources(cluster(spec)).statefulSet(0, 2).getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    @Test
    void startsEveryNodeWithTheOperatorsAclUserForAdminAndReplication() {
        Container node = node(new RedisClusterSpec());
        String operatorPassword = "$(" + ClusterResources.OPERATOR_PASSWORD_ENV + ")";
        assertThat(node.getArgs()).containsSequence("--requirepass", "$(REDIS_PASSWORD)")
                .containsSequence("--user", OperatorAcl.USER, "on", "~*", "resetchannels", "-@all")
                .containsSequence(OperatorAcl.RULES)
                .contains(">" + operatorPassword)
                .containsSequence("--masteruser", OperatorAcl.USER, "--masterauth", operatorPassword)
                .doesNotContain("+@all", "+cluster", "+config", "+acl", "+flushall");
        assertThat(node.getEnv()).filteredOn(e -> ClusterResources.OPERATOR_PASSWORD_ENV.equals(e.getName())).singleElement()
                .satisfies(e -> assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("rc-operator-auth"));
        assertThat(String.join(" ", node.getReadinessProbe().getExec().getCommand()))
                .as("the probe keeps working after the application password rotates")
                .contains("--user " + OperatorAcl.USER, "$" + ClusterResources.OPERATOR_PASSWORD_ENV).doesNotContain("REDIS_PASSWORD");

        ClusterResources resources = new ClusterResources(cluster(new RedisClusterSpec()));
        assertThat(resources.operatorSecret().getMetadata().getName()).isEqualTo("rc-operator-auth");
        assertThat(resources.operatorSecret().getStringData().get("password")).hasSizeGreaterThanOrEqualTo(32)
                .isNotEqualTo(resources.operatorSecret().getStringData().get("password"));
    }

    @Test
    void recordsTheRotationStateInTheOperatorsSecret() {
        ClusterResources resources = new ClusterResources(cluster(new RedisClusterSpec()));
        Secret idle = resources.appliedPasswordSecret("old", null, null);
        assertThat(idle.getStringData()).containsExactly(Map.entry("password", "old"));
        assertThat(idle.getMetadata().getAnnotations()).isNullOrEmpty();
        Instant since = Instant.parse("2026-11-25T20:00:00Z");
        Secret rotating = resources.appliedPasswordSecret("old", "new", since);
        assertThat(rotating.getStringData()).containsEntry("password", "old").containsEntry("target", "new");
        assertThat(rotating.getMetadata().getAnnotations()).containsEntry(ClusterNames.BOTH_ACCEPTED_ANNOTATION, since.toString());
    }

    @Test
    void passesTheMetricsPortToKeyslotImagesOnly() {
        RedisClusterSpec spec = new RedisClusterSpec();
        spec.setImage("ghcr.io/keyslot/keyslot:1.0");
        spec.getMetrics().setEnabled(true);
        spec.getMetrics().setPort(9200);
        Container keyslot = node(spec);
        assertThat(keyslot.getArgs()).containsSequence("--metrics-port", "9200");
        assertThat(keyslot.getPorts()).filteredOn(p -> "metrics".equals(p.getName())).singleElement()
                .satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(9200));

        spec.setImage("redis:7.0");
        Container redis = node(spec);
        assertThat(redis.getArgs()).as("redis-server has no metrics-port").doesNotContain("--metrics-port");
        assertThat(redis.getPorts()).extracting(ContainerPort::getName).containsExactly("redis", "bus");

        spec.setImage("ghcr.io/keyslot/keyslot:1.0");
        spec.getMetrics().setEnabled(false);
        assertThat(node(spec).getArgs()).doesNotContain("--metrics-port");
    }

    @Test
    void rendersANetworkPolicyLettingOnlyOwnPodsOnTheBusAndSelectedClientsOnTheClientPort() {
        RedisClusterSpec spec = new RedisClusterSpec();
        spec.setImage("keyslot:1.0");
        spec.getMetrics().setEnabled(true);
        spec.getNetworkPolicy().setEnabled(true);
        NetworkPolicyPeer app = new NetworkPolicyPeerBuilder().withNewPodSelector().addToMatchLabels("app", "shop").endPodSelector().build();
        spec.getNetworkPolicy().setClients(List.of(app));
        NetworkPolicy policy = new ClusterResources(cluster(spec)).networkPolicy();

        assertThat(policy.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> assertThat(o.getUid()).isEqualTo("uid-1"));
        assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isEqualTo(Map.of(ClusterNames.CLUSTER_LABEL, "rc"));
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
        NetworkPolicyPeer ownPods = new NetworkPolicyPeerBuilder().withNewPodSelector().addToMatchLabels(ClusterNames.CLUSTER_LABEL, "rc").endPodSelector().build();
        NetworkPolicyPeer operator = new NetworkPolicyPeerBuilder().withNewNamespaceSelector().endNamespaceSelector()
                .withNewPodSelector().addToMatchLabels("app.kubernetes.io/name", "keyslot-operator").endPodSelector().build();
        assertThat(policy.getSpec().getIngress()).hasSize(3);
        assertThat(rule(policy, 6379).getFrom()).containsExactly(ownPods, operator, app);
        assertThat(rule(policy, 16379).getFrom()).containsExactly(ownPods);
        assertThat(rule(policy, 9121).getFrom()).as("metrics serve no data").isEmpty();

        NetworkPolicyPeer customOperator = new NetworkPolicyPeerBuilder().withNewNamespaceSelector()
                .addToMatchLabels("kubernetes.io/metadata.name", "ops").endNamespaceSelector().build();
        spec.getNetworkPolicy().setOperator(customOperator);
        spec.getMetrics().setEnabled(false);
        NetworkPolicy custom = new ClusterResources(cluster(spec)).networkPolicy();
        assertThat(custom.getSpec().getIngress()).hasSize(2);
        assertThat(rule(custom, 6379).getFrom()).containsExactly(ownPods, customOperator, app);
    }

    private static NetworkPolicyIngressRule rule(NetworkPolicy policy, int port) {
        List<NetworkPolicyIngressRule> rules = policy.getSpec().getIngress().stream()
                .filter(r -> r.getPorts().stream().anyMatch(p -> p.getPort().getIntVal() == port)).toList();
        assertThat(rules).as("rules for port %d", port).hasSize(1);
        return rules.get(0);
    }
}
