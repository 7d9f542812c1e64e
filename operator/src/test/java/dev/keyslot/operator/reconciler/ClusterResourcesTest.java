package dev.keyslot.operator.reconciler;

import dev.keyslot.operator.crd.RedisCluster;
import dev.keyslot.operator.crd.RedisClusterSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import org.junit.jupiter.api.Test;

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
}
