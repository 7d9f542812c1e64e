package dev.keyslot.operator.reconciler;

import dev.keyslot.operator.crd.RedisCluster;
import dev.keyslot.operator.crd.RedisClusterSpec;
import dev.keyslot.operator.simulator.MockApiServer;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The objects the reconciler applies to the API server, without nodes. */
class ResourceApplierTest {
    private static MockApiServer api;

    @BeforeAll
    static void start() {
        api = MockApiServer.start(0);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static RedisCluster create(String name) {
        RedisCluster cluster = new RedisCluster();
        cluster.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("apps").build());
        cluster.setSpec(new RedisClusterSpec());
        return api.client().resource(cluster).create();
    }

    private static NetworkPolicy networkPolicy(String name) {
        return api.client().network().v1().networkPolicies().inNamespace("apps").withName(name).get();
    }

    @Test
    void generatesTheOperatorPasswordOnceAndAppliesTheNetworkPolicyOnlyWhileEnabled() {
        KubernetesClient client = api.client();
        RedisCluster cluster = create("guarded");
        ResourceApplier.Passwords first = new ResourceApplier(client, cluster).apply();
        assertThat(first.operator()).isNotEqualTo(first.application()).hasSizeGreaterThanOrEqualTo(32);
        assertThat(new ResourceApplier(client, cluster).apply()).as("both passwords kept").isEqualTo(first);
        assertThat(networkPolicy("guarded")).as("off by default").isNull();

        cluster.getSpec().getNetworkPolicy().setEnabled(true);
        new ResourceApplier(client, cluster).apply();
        assertThat(networkPolicy("guarded").getSpec().getIngress()).hasSize(2);

        cluster.getSpec().getNetworkPolicy().setEnabled(false);
        new ResourceApplier(client, cluster).apply();
        assertThat(networkPolicy("guarded")).as("removed when disabled again").isNull();
    }
}
