package dev.keyslot.e2e.delivery;

import com.marcnuri.helm.LintResult;
import dev.keyslot.e2e.Repository;
import dev.keyslot.operator.crd.CrdGeneration;
import dev.keyslot.operator.crd.RedisCluster;
import dev.keyslot.operator.crd.RedisClusterSpec;
import dev.keyslot.operator.reconciler.ClusterResources;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** helm lint and helm template of the operator chart, with default and non-default values. */
class ChartTest {
    static final Map<String, Object> CUSTOM = Map.of(
            "rbac.scope", "namespace",
            "watchNamespaces[0]", "apps",
            "watchNamespaces[1]", "cache",
            "replicaCount", "2",
            "image.tag", "1.2.3",
            "jvmOptions", "-Xlog:gc",
            "metrics.serviceMonitor.enabled", "true",
            "metrics.nodePodMonitor.enabled", "true",
            "metrics.prometheusRule.enabled", "true",
            "grafanaDashboard.enabled", "true");

    private static Container operatorContainer(Manifests manifests) {
        return manifests.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    @Test
    void lintsClean() {
        LintResult lint = Chart.helm().lint().strict().call();
        assertThat(lint.isFailed()).as("helm lint: %s", lint.getMessages()).isFalse();
    }

    @Test
    void defaultsInstallAClusterWideOperatorWithLeaderElection() {
        Manifests manifests = Chart.render(Map.of());
        assertThat(manifests.kinds()).containsExactlyInAnyOrder("ServiceAccount",
                "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "Service", "Deployment");

        Deployment deployment = manifests.one(Deployment.class);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
        Container operator = operatorContainer(manifests);
        assertThat(operator.getImage()).isEqualTo("keyslot/operator:" + Repository.version());
        assertThat(operator.getArgs()).containsExactly("--cluster");
        assertThat(operator.getEnv()).anySatisfy(e -> assertThat(e.getName()).isEqualTo("KEYSLOT_LEADER_ELECTION_NAMESPACE"));
        assertThat(operator.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(operator.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(operator.getResources().getLimits()).containsKey("memory");
        assertThat(operator.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(operator.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(operator.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        var pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getServiceAccountName()).isEqualTo(manifests.ofKind("ServiceAccount").get(0).getMetadata().getName());

        Role leases = (Role) manifests.ofKind("Role").get(0);
        assertThat(leases.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE);
        assertThat(leases.getRules()).singleElement().satisfies(r -> assertThat(r.getResources()).containsExactly("leases"));
    }

    @Test
    void namesFollowTheRelease() {
        assertThat(Chart.render(Map.of()).one(Deployment.class).getMetadata().getName()).isEqualTo(Chart.RELEASE);
        assertThat(Chart.render(Map.of("fullnameOverride", "ops")).one(Deployment.class).getMetadata().getName()).isEqualTo("ops");
    }

    @Test
    void chartCrdIsTheGeneratedOne() {
        assertThat(Repository.read(Chart.DIRECTORY + "/crds/" + CrdGeneration.FILE_NAME))
                .as("copy crds/%s into the chart's crds/", CrdGeneration.FILE_NAME)
                .isEqualTo(Repository.read("crds/" + CrdGeneration.FILE_NAME));
    }

    @Test
    void appVersionFollowsTheProjectVersion() {
        assertThat(Repository.read(Chart.DIRECTORY + "/Chart.yaml")).contains("appVersion: " + Repository.version());
    }

    @Test
    void namespaceScopeGrantsTheClusterRulesInEachWatchedNamespaceOnly() {
        List<PolicyRule> clusterRules = Chart.render(Map.of()).one(ClusterRole.class).getRules();
        Manifests manifests = Chart.render(CUSTOM);
        assertThat(manifests.ofKind("ClusterRole")).isEmpty();
        assertThat(manifests.ofKind("ClusterRoleBinding")).isEmpty();
        List<Role> operatorRoles = manifests.ofKind("Role").stream().map(Role.class::cast)
                .filter(r -> !r.getMetadata().getName().endsWith("-leader-election")).toList();
        assertThat(operatorRoles).extracting(r -> r.getMetadata().getNamespace()).containsExactly("apps", "cache");
        assertThat(operatorRoles).allSatisfy(r -> assertThat(r.getRules()).isEqualTo(clusterRules));
        assertThat(manifests.ofKind("RoleBinding")).extracting(b -> b.getMetadata().getNamespace())
                .containsExactlyInAnyOrder("apps", "cache", Chart.NAMESPACE);

        Container operator = operatorContainer(manifests);
        assertThat(operator.getArgs()).containsExactly("--cluster", "apps", "cache");
        assertThat(operator.getImage()).isEqualTo("keyslot/operator:1.2.3");
        assertThat(operator.getEnv()).anySatisfy(e -> assertThat(e.getName() + "=" + e.getValue()).isEqualTo("JDK_JAVA_OPTIONS=-Xlog:gc"));
        assertThat(manifests.one(Deployment.class).getSpec().getReplicas()).isEqualTo(2);
    }

    @Test
    void namespaceScopeWithoutNamespacesWatchesTheReleaseNamespace() {
        Manifests manifests = Chart.render(Map.of("rbac.scope", "namespace"));
        assertThat(operatorContainer(manifests).getArgs()).containsExactly("--cluster", Chart.NAMESPACE);
        assertThat(manifests.ofKind("Role")).extracting(r -> r.getMetadata().getNamespace()).containsOnly(Chart.NAMESPACE);
    }

    /** The pod template the operator renders for a Keyslot-image RedisCluster with spec.metrics.enabled. */
    private static PodTemplateSpec metricsNodeTemplate() {
        RedisClusterSpec spec = new RedisClusterSpec();
        spec.setImage("ghcr.io/keyslot/keyslot:1.2.3");
        spec.getMetrics().setEnabled(true);
        RedisCluster cluster = new RedisCluster();
        cluster.setMetadata(new ObjectMetaBuilder().withName("cache").withNamespace("apps").withUid("uid").build());
        cluster.setSpec(spec);
        return new ClusterResources(cluster).statefulSet(0, 2).getSpec().getTemplate();
    }

    @Test
    void monitoringObjectsAreRenderedOnRequest() {
        Manifests manifests = Chart.render(CUSTOM);
        GenericKubernetesResource serviceMonitor = (GenericKubernetesResource) manifests.ofKind("ServiceMonitor").get(0);
        assertThat(serviceMonitor.<String>get("spec", "endpoints", 0, "path")).isEqualTo("/metrics");
        GenericKubernetesResource podMonitor = (GenericKubernetesResource) manifests.ofKind("PodMonitor").get(0);
        assertThat(podMonitor.<List<String>>get("spec", "namespaceSelector", "matchNames")).containsExactly("apps", "cache");
        assertThat(podMonitor.<String>get("spec", "podMetricsEndpoints", 0, "port")).isEqualTo("metrics");
        PodTemplateSpec node = metricsNodeTemplate();
        assertThat(node.getMetadata().getLabels()).as("the PodMonitor selects the node pods")
                .containsAllEntriesOf(podMonitor.<Map<String, String>>get("spec", "selector", "matchLabels"));
        assertThat(node.getSpec().getContainers().get(0).getPorts()).as("the node pods have the port the PodMonitor scrapes")
                .anySatisfy(port -> assertThat(port.getName()).isEqualTo("metrics"));
        GenericKubernetesResource rule = (GenericKubernetesResource) manifests.ofKind("PrometheusRule").get(0);
        List<Map<String, Object>> groups = rule.get("spec", "groups");
        List<Object> alerts = groups.stream().flatMap(g -> ((List<?>) g.get("rules")).stream())
                .map(r -> ((Map<?, ?>) r).get("alert")).map(Object.class::cast).toList();
        assertThat(alerts).contains("KeyslotOperatorDown", "KeyslotReconciliationsFailing", "KeyslotSlotsLost",
                "KeyslotNodeMemoryNearLimit");

        ConfigMap dashboard = (ConfigMap) manifests.ofKind("ConfigMap").get(0);
        assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        Map<?, ?> json = new KubernetesSerialization().unmarshal(dashboard.getData().get("keyslot.json"), Map.class);
        assertThat(json.get("uid")).isEqualTo("keyslot");
        assertThat((List<?>) json.get("panels")).hasSizeGreaterThanOrEqualTo(4);
    }

    @Test
    void refusesSettingsThatCannotWork() {
        assertThatThrownBy(() -> Chart.render(Map.of("replicaCount", "2", "leaderElection.enabled", "false")))
                .hasMessageContaining("replicaCount above 1 needs leaderElection.enabled");
        assertThatThrownBy(() -> Chart.render(Map.of("rbac.scope", "everything")))
                .hasMessageContaining("rbac.scope must be cluster or namespace");
        assertThatThrownBy(() -> Chart.render(Map.of("watchNamespaces", "apps")))
                .hasMessageContaining("watchNamespaces must be a list");
    }

    @Test
    void everyObjectHasTheReleaseLabels() {
        for (HasMetadata object : Chart.render(CUSTOM).all()) {
            assertThat(object.getMetadata().getLabels()).as(object.getKind() + " " + object.getMetadata().getName())
                    .containsEntry("app.kubernetes.io/instance", Chart.RELEASE)
                    .containsKey("helm.sh/chart");
        }
    }
}
