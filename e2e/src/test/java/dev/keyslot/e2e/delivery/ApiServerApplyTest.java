package dev.keyslot.e2e.delivery;

import dev.keyslot.e2e.Repository;
import dev.keyslot.operator.simulator.MockApiServer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What users apply, applied to fabric8's mock API server in CRUD mode: every object of the chart (default and
 * non-default values, CRDs from its crds/), of both kustomizations and every example is accepted and reads back.
 * The Prometheus operator's CRDs are registered by name only, as a cluster running it has them.
 */
class ApiServerApplyTest {
    private MockApiServer api;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        api = MockApiServer.start(0);
        client = api.client();
        Stream.of("servicemonitors/ServiceMonitor", "podmonitors/PodMonitor", "prometheusrules/PrometheusRule")
                .forEach(n -> client.resource(monitoringCrd(n.split("/")[0], n.split("/")[1])).create());
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private static CustomResourceDefinition monitoringCrd(String plural, String kind) {
        return new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName(plural + ".monitoring.coreos.com").endMetadata()
                .withNewSpec().withGroup("monitoring.coreos.com").withScope("Namespaced")
                .withNewNames().withPlural(plural).withKind(kind).withSingular(kind.toLowerCase()).endNames()
                .addNewVersion().withName("v1").withServed(true).withStorage(true)
                .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true)
                .endOpenAPIV3Schema().endSchema().endVersion()
                .endSpec().build();
    }

    private void applyAll(Manifests manifests) {
        for (HasMetadata object : manifests.all()) {
            if (object instanceof CustomResourceDefinition && client.resource(object).get() != null) {
                continue;
            }
            client.resource(object).create();
            assertThat(client.resource(object).get()).as(object.getKind() + " " + object.getMetadata().getName()).isNotNull();
        }
    }

    @Test
    void chartWithDefaultValues() throws IOException {
        try (Stream<Path> crds = Files.list(Chart.path().resolve("crds"))) {
            crds.forEach(crd -> applyAll(Manifests.parse(read(crd))));
        }
        applyAll(Chart.render(java.util.Map.of()));
        assertThat(client.apps().deployments().inNamespace(Chart.NAMESPACE).withName(Chart.RELEASE).get().getSpec().getReplicas()).isEqualTo(1);
    }

    @Test
    void chartWithNonDefaultValues() {
        applyAll(Chart.render(ChartTest.CUSTOM));
        assertThat(client.genericKubernetesResources("monitoring.coreos.com/v1", "PrometheusRule")
                .inNamespace(Chart.NAMESPACE).list().getItems()).hasSize(1);
        assertThat(client.rbac().roles().inNamespace("cache").list().getItems()).hasSize(1);
    }

    @Test
    void kustomizeClusterWide() {
        applyAll(KustomizeTest.clusterWide());
        assertThat(client.rbac().clusterRoles().withName("keyslot-operator").get()).isNotNull();
    }

    @Test
    void kustomizeNamespaced() {
        applyAll(KustomizeTest.namespaced());
        assertThat(client.rbac().roles().inNamespace("keyslot-system").withName("keyslot-operator").get()).isNotNull();
    }

    @Test
    void examples() throws IOException {
        try (Stream<Path> examples = Examples.files()) {
            examples.forEach(example -> {
                Manifests manifests = Manifests.parse(read(example));
                manifests.all().forEach(o -> o.getMetadata().setNamespace("apps"));
                applyAll(manifests);
            });
        }
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
