package dev.keyslot.e2e.gitops;

import dev.keyslot.e2e.Repository;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The Argo CD health check of RedisCluster against the statuses the operator writes. */
class ArgoHealthCheckTest {
    private static String cluster(long generation, String status) {
        return """
                apiVersion: keyslot.dev/v1alpha1
                kind: RedisCluster
                metadata: {name: cache, namespace: apps, generation: %d}
                spec: {masters: 3, replicasPerMaster: 1}
                """.formatted(generation) + (status == null ? "" : "status:\n" + status.indent(2));
    }

    private static String conditions(String ready, String progressing, String degraded) {
        return """
                conditions:
                  - {type: Ready, status: "%s", reason: R, message: "3 masters with 1 replicas each serve all 16384 slots"}
                  - {type: Progressing, status: "%s", reason: P, message: "progressing"}
                  - {type: Degraded, status: "%s", reason: D, message: "cluster_state is fail or a node is failing"}
                """.formatted(ready, progressing, degraded);
    }

    @Test
    void noStatusYetIsProgressing() {
        assertThat(ArgoHealthCheck.of(cluster(1, null)).status()).isEqualTo("Progressing");
    }

    @Test
    void readyForTheCurrentGenerationIsHealthy() {
        var health = ArgoHealthCheck.of(cluster(2, "phase: Ready\nobservedGeneration: 2\n" + conditions("True", "False", "False")));
        assertThat(health).isEqualTo(new ArgoHealthCheck.Health("Healthy", "3 masters with 1 replicas each serve all 16384 slots"));
    }

    @Test
    void aStatusOfAnOlderGenerationIsProgressingEvenWhenReady() {
        var health = ArgoHealthCheck.of(cluster(3, "phase: Ready\nobservedGeneration: 2\n" + conditions("True", "False", "False")));
        assertThat(health.status()).isEqualTo("Progressing");
        assertThat(health.message()).contains("generation 3");
    }

    @Test
    void scalingIsProgressingWithTheOperatorsMessage() {
        var health = ArgoHealthCheck.of(cluster(2, "phase: Scaling\nobservedGeneration: 2\nmessage: 4 action(s) in progress\n"
                + conditions("False", "True", "False")));
        assertThat(health).isEqualTo(new ArgoHealthCheck.Health("Progressing", "4 action(s) in progress"));
    }

    @Test
    void degradedConditionIsDegraded() {
        var health = ArgoHealthCheck.of(cluster(2, "phase: Degraded\nobservedGeneration: 2\n" + conditions("False", "False", "True")));
        assertThat(health).isEqualTo(new ArgoHealthCheck.Health("Degraded", "cluster_state is fail or a node is failing"));
    }

    @Test
    void invalidSpecIsDegradedAndPausedIsSuspended() {
        assertThat(ArgoHealthCheck.of(cluster(1, "phase: Invalid\nobservedGeneration: 1\nmessage: \"fix the spec: x\"\n")))
                .isEqualTo(new ArgoHealthCheck.Health("Degraded", "fix the spec: x"));
        assertThat(ArgoHealthCheck.of(cluster(1, "phase: Paused\nobservedGeneration: 1\nmessage: paused\n")).status())
                .isEqualTo("Suspended");
    }

    @Test
    void theArgoCdSnippetCarriesTheTestedScript() {
        ConfigMap snippet = new KubernetesSerialization().unmarshal(
                Repository.read("deploy/gitops/argocd/argocd-cm-health.yaml"), ConfigMap.class);
        assertThat(snippet.getData().get("resource.customizations.health.keyslot.dev_RedisCluster"))
                .isEqualTo(Repository.read(ArgoHealthCheck.SCRIPT));
    }
}
