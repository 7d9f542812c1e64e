package dev.keyslot.e2e.delivery;

import dev.keyslot.e2e.Repository;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.Role;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/ for {@code kubectl apply -k}: what it installs, and that its RBAC and Deployment agree with the Helm
 * chart's, so the two ways to install cannot drift apart.
 */
class KustomizeTest {
    static Manifests clusterWide() {
        return Kustomization.build(Repository.path("deploy"));
    }

    static Manifests namespaced() {
        return Kustomization.build(Repository.path("deploy/namespaced"));
    }

    private static Container operator(Manifests manifests) {
        return manifests.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static Role operatorRole(Manifests manifests, String name) {
        return (Role) manifests.find("Role", name).orElseThrow();
    }

    @Test
    void clusterWideInstallsTheCrdAndTheOperatorWatchingEveryNamespace() {
        Manifests manifests = clusterWide();
        assertThat(manifests.kinds()).containsExactlyInAnyOrder("CustomResourceDefinition", "Namespace", "ServiceAccount",
                "Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding", "Deployment", "Service");
        assertThat(operator(manifests).getArgs()).containsExactly("--cluster");
        assertThat(manifests.all()).filteredOn(o -> !List.of("CustomResourceDefinition", "Namespace", "ClusterRole", "ClusterRoleBinding").contains(o.getKind()))
                .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).as(o.getKind()).isEqualTo("keyslot-system"));
    }

    @Test
    void namespacedVariantGrantsTheSameRulesInItsNamespaceAndWatchesOnlyIt() {
        Manifests manifests = namespaced();
        assertThat(manifests.ofKind("ClusterRole")).isEmpty();
        assertThat(manifests.ofKind("ClusterRoleBinding")).isEmpty();
        assertThat(operatorRole(manifests, "keyslot-operator").getRules()).isEqualTo(clusterWide().one(ClusterRole.class).getRules());
        assertThat(operator(manifests).getArgs()).containsExactly("--cluster", "keyslot-system");
    }

    @Test
    void rbacRulesAreTheChartsRules() {
        Manifests chart = Chart.render(Map.of());
        assertThat(clusterWide().one(ClusterRole.class).getRules()).isEqualTo(chart.one(ClusterRole.class).getRules());
        assertThat(operatorRole(clusterWide(), "keyslot-operator-leader-election").getRules())
                .isEqualTo(((Role) chart.ofKind("Role").get(0)).getRules());
    }

    @Test
    void deploymentMatchesTheChartsDefaults() {
        Container deploy = operator(clusterWide());
        Container chart = operator(Chart.render(Map.of()));
        assertThat(deploy.getImage()).isEqualTo(chart.getImage());
        assertThat(deploy.getArgs()).isEqualTo(chart.getArgs());
        assertThat(deploy.getEnv()).isEqualTo(chart.getEnv());
        assertThat(deploy.getPorts()).isEqualTo(chart.getPorts());
        assertThat(deploy.getLivenessProbe()).isEqualTo(chart.getLivenessProbe());
        assertThat(deploy.getReadinessProbe()).isEqualTo(chart.getReadinessProbe());
        assertThat(deploy.getResources()).isEqualTo(chart.getResources());
        assertThat(deploy.getSecurityContext()).isEqualTo(chart.getSecurityContext());
        assertThat(deploy.getVolumeMounts()).isEqualTo(chart.getVolumeMounts());
        var deployPod = clusterWide().one(Deployment.class).getSpec().getTemplate().getSpec();
        var chartPod = Chart.render(Map.of()).one(Deployment.class).getSpec().getTemplate().getSpec();
        assertThat(deployPod.getSecurityContext()).isEqualTo(chartPod.getSecurityContext());
        assertThat(deployPod.getVolumes()).isEqualTo(chartPod.getVolumes());
    }

    /** Where kubectl is installed, its own kustomize builds the same objects as {@link Kustomization}. */
    @Test
    void kubectlKustomizeAgrees() throws IOException, InterruptedException {
        for (String directory : List.of("deploy", "deploy/namespaced")) {
            Process kubectl;
            try {
                kubectl = new ProcessBuilder("kubectl", "kustomize", Repository.path(directory).toString())
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            } catch (IOException e) {
                Assumptions.abort("kubectl not installed; the built-in kustomization reader is checked alone");
                return;
            }
            String output = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(kubectl.exitValue()).as("kubectl kustomize " + directory).isZero();
            assertThat(sorted(Manifests.parse(output).all())).as(directory)
                    .isEqualTo(sorted(Kustomization.build(Repository.path(directory)).all()));
        }
    }

    private static List<HasMetadata> sorted(List<HasMetadata> objects) {
        return objects.stream().sorted(Comparator.comparing((HasMetadata o) -> o.getKind() + "/" + o.getMetadata().getName())).toList();
    }
}
