package dev.keyslot.e2e.delivery;

import dev.keyslot.e2e.Repository;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;

/** The Argo CD and Flux examples point at paths that exist and build. */
class GitOpsFilesTest {
    @Test
    void argoApplicationsPointAtTheChartAndTheExamples() {
        Manifests applications = Manifests.parse(Repository.read("deploy/gitops/argocd/application.yaml"));
        assertThat(applications.all()).hasSize(2);
        for (HasMetadata application : applications.all()) {
            String path = ((GenericKubernetesResource) application).get("spec", "source", "path");
            assertThat(Repository.path(path)).isDirectory();
        }
        String include = ((GenericKubernetesResource) applications.find("Application", "keyslot-clusters").orElseThrow())
                .get("spec", "source", "directory", "include");
        assertThat(Repository.path("deploy/examples").resolve(include)).isRegularFile();
    }

    @Test
    void fluxHelmReleaseInstallsTheChart() {
        GenericKubernetesResource release = (GenericKubernetesResource) Kustomization
                .build(Repository.path("deploy/gitops/flux/operator")).ofKind("HelmRelease").get(0);
        String chart = release.get("spec", "chart", "spec", "chart");
        assertThat(Repository.path(chart).resolve("Chart.yaml")).isRegularFile();
    }

    @Test
    void fluxKustomizationsBuild() {
        Manifests kustomizations = Manifests.parse(Repository.read("deploy/gitops/flux/kustomizations.yaml"));
        for (HasMetadata kustomization : kustomizations.all()) {
            String path = ((GenericKubernetesResource) kustomization).get("spec", "path");
            assertThat(Files.isDirectory(Repository.path(path))).as(path).isTrue();
            assertThat(Kustomization.build(Repository.path(path)).all()).as(path).isNotEmpty();
        }
        assertThat(Kustomization.build(Repository.path("deploy/gitops/flux/clusters")).kinds()).containsOnly("RedisCluster");
        assertThat(Manifests.parse(Repository.read("deploy/gitops/flux/source.yaml")).kinds()).containsExactly("GitRepository");
    }
}
