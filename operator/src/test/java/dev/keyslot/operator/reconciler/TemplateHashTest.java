package dev.keyslot.operator.reconciler;

import dev.keyslot.operator.crd.RedisCluster;
import dev.keyslot.operator.crd.RedisClusterSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** Which spec changes restart pods (a new template hash) and which are applied live (the same hash). */
class TemplateHashTest {
    private static String hashAfter(Consumer<RedisClusterSpec> change) {
        RedisClusterSpec spec = new RedisClusterSpec();
        spec.setConfig(Map.of("maxmemory-policy", "noeviction", "databases", "16"));
        change.accept(spec);
        RedisCluster cluster = new RedisCluster();
        cluster.setMetadata(new ObjectMetaBuilder().withName("rc").withNamespace("ns").withUid("uid-1").build());
        cluster.setSpec(spec);
        StatefulSet sts = new ClusterResources(cluster).statefulSet(0, 2);
        assertThat(sts.getSpec().getUpdateStrategy().getType()).isEqualTo("OnDelete");
        return sts.getSpec().getTemplate().getMetadata().getAnnotations().get(ClusterNames.TEMPLATE_HASH_ANNOTATION);
    }

    @Test
    void imageResourcesAndRestartOnlyDirectivesChangeTheTemplateLiveDirectivesAndCountsDoNot() {
        String base = hashAfter(spec -> { });
        assertThat(base).hasSize(20);

        assertThat(hashAfter(spec -> spec.setConfig(Map.of("maxmemory-policy", "allkeys-lru", "databases", "16"))))
                .as("a live directive").isEqualTo(base);
        assertThat(hashAfter(spec -> spec.setMasters(5))).as("the shard count").isEqualTo(base);
        assertThat(hashAfter(spec -> spec.setReplicasPerMaster(2))).as("the replica count").isEqualTo(base);

        assertThat(hashAfter(spec -> spec.setConfig(Map.of("maxmemory-policy", "noeviction", "databases", "32"))))
                .as("databases needs a restart").isNotEqualTo(base);
        assertThat(hashAfter(spec -> spec.setImage("redis:7.2"))).as("the image").isNotEqualTo(base);
        assertThat(hashAfter(spec -> spec.setResources(new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity("100m")).build()))).as("resources").isNotEqualTo(base);
    }
}
