package dev.keyslot.operator.reconciler;

import dev.keyslot.operator.admin.OperatorAcl;
import dev.keyslot.operator.crd.NetworkPolicySpec;
import dev.keyslot.operator.crd.IssuerReference;
import dev.keyslot.operator.crd.RedisCluster;
import dev.keyslot.operator.crd.RedisClusterSpec;
import dev.keyslot.operator.crd.SchedulingSpec;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes objects a RedisCluster is made of, each owned by the RedisCluster for garbage collection.
 * The node container sets only arguments, so both the redis:7 entrypoint and the Keyslot image start a server
 * from the mounted redis.conf.
 */
public final class ClusterResources {
    static final String CONTAINER = "node";
    static final String DATA_VOLUME = "data";
    static final String OPERATOR_PASSWORD_ENV = "KEYSLOT_OPERATOR_PASSWORD";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RedisCluster cluster;
    private final RedisClusterSpec spec;
    private final ClusterNames names;

    public ClusterResources(RedisCluster cluster) {
        this.cluster = cluster;
        this.spec = cluster.getSpec();
        this.names = new ClusterNames(cluster);
    }

    public ClusterNames names() {
        return names;
    }

    private ObjectMeta meta(String name, Map<String, String> labels) {
        return new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(cluster.getMetadata().getNamespace())
                .withLabels(labels)
                .withOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion(cluster.getApiVersion())
                        .withKind(cluster.getKind())
                        .withName(cluster.getMetadata().getName())
                        .withUid(cluster.getMetadata().getUid())
                        .withController(true)
                        .withBlockOwnerDeletion(true)
                        .build())
                .build();
    }

    public ConfigMap configMap() {
        return new ConfigMapBuilder()
                .withMetadata(meta(names.configMap(), names.labels()))
                .withData(Map.of(ClusterNames.CONFIG_FILE, ConfigRenderer.render(spec)))
                .build();
    }

    private static String randomPassword() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A Secret with a fresh random password, for clusters that name no Secret of their own. */
    public Secret generatedSecret() {
        return new SecretBuilder()
                .withMetadata(meta(names.secret(cluster), names.labels()))
                .withStringData(Map.of(ClusterNames.PASSWORD_KEY, randomPassword()))
                .build();
    }

    /** The operator ACL user's password, generated once per cluster. */
    public Secret operatorSecret() {
        return new SecretBuilder()
                .withMetadata(meta(names.operatorSecret(), names.labels()))
                .withStringData(Map.of(ClusterNames.PASSWORD_KEY, randomPassword()))
                .build();
    }

    /**
     * Operator-owned record of the application password every node accepts ({@code applied}) and, while a
     * rotation runs, the password being rolled out and since when every node accepts both (see PasswordRotation).
     */
    public Secret appliedPasswordSecret(String applied, String target, Instant bothAcceptedSince) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put(ClusterNames.PASSWORD_KEY, applied);
        ObjectMeta meta = meta(names.appliedSecret(), names.labels());
        if (target != null) {
            data.put(ClusterNames.TARGET_PASSWORD_KEY, target);
        }
        if (target != null && bothAcceptedSince != null) {
            meta.setAnnotations(Map.of(ClusterNames.BOTH_ACCEPTED_ANNOTATION, bothAcceptedSince.toString()));
        }
        return new SecretBuilder().withMetadata(meta).withStringData(data).build();
    }

    /** The TLS files the nodes load (see CaRotation). */
    public Secret servedTlsSecret(ServedTls served) {
        return new SecretBuilder().withMetadata(meta(names.servedTlsSecret(), names.labels()))
                .withType("kubernetes.io/tls").withData(base64(served.files())).build();
    }

    private static Map<String, String> base64(Map<String, String> files) {
        Map<String, String> data = new LinkedHashMap<>();
        files.forEach((file, text) -> data.put(file, Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII))));
        return data;
    }

    public Service headlessService() {
        return new ServiceBuilder()
                .withMetadata(meta(names.headlessService(), names.labels()))
                .withNewSpec()
                .withClusterIP("None")
                .withPublishNotReadyAddresses(true)
                .withSelector(names.selector())
                .addNewPort().withName("redis").withPort(6379).endPort()
                .addNewPort().withName("bus").withPort(16379).endPort()
                .addAllToPorts(plaintextServicePorts())
                .endSpec()
                .build();
    }

    public Service clientService() {
        return new ServiceBuilder()
                .withMetadata(meta(names.clientService(), names.labels()))
                .withNewSpec()
                .withSelector(names.selector())
                .addNewPort().withName("redis").withPort(6379).endPort()
                .addAllToPorts(plaintextServicePorts())
                .endSpec()
                .build();
    }

    /**
     * Ingress to the node pods: the bus port from the cluster's own pods only; the client port from them
     * (replication and MIGRATE connect there; with TLS also the extra plaintext port), the operator and the
     * configured clients; the metrics port from
     * anywhere, as it serves no data.
     */
    public NetworkPolicy networkPolicy() {
        NetworkPolicySpec policy = spec.getNetworkPolicy();
        NetworkPolicyPeer ownPods = new NetworkPolicyPeerBuilder()
                .withNewPodSelector().withMatchLabels(names.selector()).endPodSelector()
                .build();
        List<NetworkPolicyPeer> clientPeers = new ArrayList<>(List.of(ownPods, policy.operatorOrDefault()));
        clientPeers.addAll(policy.getClients());
        List<NetworkPolicyIngressRule> rules = new ArrayList<>();
        NetworkPolicyIngressRuleBuilder clientRule = new NetworkPolicyIngressRuleBuilder().withFrom(clientPeers)
                .addNewPort().withProtocol("TCP").withNewPort(6379).endPort();
        plaintextServicePorts().forEach(p -> clientRule.addNewPort().withProtocol("TCP").withNewPort(p.getPort()).endPort());
        rules.add(clientRule.build());
        rules.add(new NetworkPolicyIngressRuleBuilder().withFrom(ownPods)
                .addNewPort().withProtocol("TCP").withNewPort(16379).endPort().build());
        if (servesMetrics()) {
            rules.add(new NetworkPolicyIngressRuleBuilder()
                    .addNewPort().withProtocol("TCP").withNewPort(spec.getMetrics().getPort()).endPort().build());
        }
        return new NetworkPolicyBuilder()
                .withMetadata(meta(names.networkPolicy(), names.labels()))
                .withNewSpec()
                .withNewPodSelector().withMatchLabels(names.selector()).endPodSelector()
                .withPolicyTypes("Ingress")
                .withIngress(rules)
                .endSpec()
                .build();
    }

    /** The extra plaintext port of a TLS cluster that keeps one. */
    private List<ServicePort> plaintextServicePorts() {
        Integer port = ClusterTls.enabled(spec) ? spec.getTls().getPlaintextPort() : null;
        return port == null ? List.of()
                : List.of(new ServicePortBuilder().withName(ClusterTls.PLAINTEXT_PORT_NAME).withPort(port).build());
    }

    /**
     * The cert-manager Certificate (cert-manager.io/v1) for spec.tls.issuerRef. Generic, so the operator needs
     * no cert-manager model; the nodes use the certificate as server and, on the bus and replication links,
     * as client.
     */
    public GenericKubernetesResource certificate() {
        IssuerReference issuer = spec.getTls().getIssuerRef();
        Map<String, Object> issuerRef = new LinkedHashMap<>();
        issuerRef.put("name", issuer.getName());
        issuerRef.put("kind", issuer.getKind());
        issuerRef.put("group", issuer.getGroup());
        Map<String, Object> certificateSpec = new LinkedHashMap<>();
        certificateSpec.put("secretName", ClusterTls.secretName(cluster));
        certificateSpec.put("issuerRef", issuerRef);
        certificateSpec.put("commonName", names.clientService() + "." + cluster.getMetadata().getNamespace() + ".svc");
        certificateSpec.put("dnsNames", ClusterTls.dnsNames(cluster, names));
        certificateSpec.put("usages", List.of("digital signature", "key encipherment", "server auth", "client auth"));
        // PKCS#8, which Java reads: the operator presents the certificate to check which CAs the nodes trust.
        certificateSpec.put("privateKey", Map.of("encoding", "PKCS8"));
        return new GenericKubernetesResourceBuilder()
                .withApiVersion("cert-manager.io/v1")
                .withKind("Certificate")
                .withMetadata(meta(ClusterTls.secretName(cluster), names.labels()))
                .withAdditionalProperties(Map.of("spec", certificateSpec))
                .build();
    }

    public PodDisruptionBudget disruptionBudget(int shard) {
        return new PodDisruptionBudgetBuilder()
                .withMetadata(meta(names.shard(shard), names.shardLabels(shard)))
                .withNewSpec()
                .withNewMaxUnavailable(spec.getPodDisruptionBudget().getMaxUnavailable())
                .withNewSelector().withMatchLabels(names.shardSelector(shard)).endSelector()
                .endSpec()
                .build();
    }

    public StatefulSet statefulSet(int shard, int pods) {
        SchedulingSpec scheduling = spec.getScheduling();
        List<Volume> volumes = new ArrayList<>();
        volumes.add(new VolumeBuilder().withName("config")
                .withNewConfigMap().withName(names.configMap()).endConfigMap().build());
        if (ClusterTls.enabled(spec)) {
            volumes.add(new VolumeBuilder().withName(ClusterTls.VOLUME)
                    .withNewSecret().withSecretName(names.servedTlsSecret()).endSecret().build());
        }
        List<PersistentVolumeClaim> claims = new ArrayList<>();
        if (spec.getStorage().getSize() != null) {
            claims.add(volumeClaim());
        } else {
            volumes.add(new VolumeBuilder().withName(DATA_VOLUME).withNewEmptyDir().endEmptyDir().build());
        }
        PodSpec podSpec = new PodSpecBuilder()
                .withContainers(container())
                .withVolumes(volumes)
                .withAffinity(scheduling.getAffinity() != null ? scheduling.getAffinity() : spreadShard(shard))
                .withTolerations(scheduling.getTolerations())
                .withNodeSelector(scheduling.getNodeSelector())
                .withTopologySpreadConstraints(scheduling.getTopologySpreadConstraints())
                .withPriorityClassName(scheduling.getPriorityClassName())
                .build();
        return new StatefulSetBuilder()
                .withMetadata(meta(names.shard(shard), names.shardLabels(shard)))
                .withNewSpec()
                .withReplicas(pods)
                // The operator restarts pods itself, one at a time and masters last (see RollingRestart).
                .withNewUpdateStrategy().withType("OnDelete").endUpdateStrategy()
                .withServiceName(names.headlessService())
                .withPodManagementPolicy("Parallel")
                .withNewSelector().withMatchLabels(names.shardSelector(shard)).endSelector()
                .withVolumeClaimTemplates(claims)
                .withNewPersistentVolumeClaimRetentionPolicy()
                .withWhenDeleted(spec.getStorage().isKeepOnDelete() ? "Retain" : "Delete")
                .withWhenScaled(spec.getStorage().isKeepOnScaleIn() ? "Retain" : "Delete")
                .endPersistentVolumeClaimRetentionPolicy()
                .withNewTemplate()
                .withNewMetadata().withLabels(names.shardLabels(shard))
                .withAnnotations(Map.of(ClusterNames.TEMPLATE_HASH_ANNOTATION, TemplateHash.of(podSpec, spec)))
                .endMetadata()
                .withSpec(podSpec)
                .endTemplate()
                .endSpec()
                .build();
    }

    /**
     * The config file, then the announced IP, the application password of the default user, the operator's ACL
     * user (also the user replicas authenticate to their master with) and, on Keyslot images, the metrics port.
     */
    private List<String> args() {
        List<String> args = new ArrayList<>(List.of(ClusterNames.CONFIG_MOUNT + "/" + ClusterNames.CONFIG_FILE,
                "--cluster-announce-ip", "$(POD_IP)",
                "--requirepass", "$(REDIS_PASSWORD)",
                "--user", OperatorAcl.USER));
        args.addAll(OperatorAcl.RULES);
        args.add(">$(" + OPERATOR_PASSWORD_ENV + ")");
        args.addAll(List.of("--masteruser", OperatorAcl.USER, "--masterauth", "$(" + OPERATOR_PASSWORD_ENV + ")"));
        if (servesMetrics()) {
            args.addAll(List.of("--metrics-port", Integer.toString(spec.getMetrics().getPort())));
        }
        return args;
    }

    /** Keyslot data nodes export metrics themselves; a redis:7 image has no exporter (a sidecar is not offered). */
    private boolean servesMetrics() {
        return spec.getMetrics().isEnabled() && !NodeImage.isRedis(spec.getImage());
    }

    private Container container() {
        ContainerBuilder container = new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(spec.getImage())
                .withArgs(args())
                .withEnv(new EnvVarBuilder().withName("POD_IP")
                                .withNewValueFrom().withNewFieldRef().withFieldPath("status.podIP").endFieldRef().endValueFrom()
                                .build(),
                        new EnvVarBuilder().withName("REDIS_PASSWORD")
                                .withNewValueFrom().withNewSecretKeyRef()
                                .withName(names.secret(cluster)).withKey(ClusterNames.PASSWORD_KEY)
                                .endSecretKeyRef().endValueFrom()
                                .build(),
                        new EnvVarBuilder().withName(OPERATOR_PASSWORD_ENV)
                                .withNewValueFrom().withNewSecretKeyRef()
                                .withName(names.operatorSecret()).withKey(ClusterNames.PASSWORD_KEY)
                                .endSecretKeyRef().endValueFrom()
                                .build())
                .addNewPort().withName("redis").withContainerPort(6379).endPort()
                .addNewPort().withName("bus").withContainerPort(16379).endPort()
                .withVolumeMounts(
                        new VolumeMountBuilder().withName("config").withMountPath(ClusterNames.CONFIG_MOUNT).build(),
                        new VolumeMountBuilder().withName(DATA_VOLUME).withMountPath(ClusterNames.DATA_MOUNT).build())
                .withNewReadinessProbe()
                // As the operator's user: the application password in the environment goes stale after a rotation.
                .withNewExec().withCommand("sh", "-c", "redis-cli" + ClusterTls.cliOptions(spec) + " --user " + OperatorAcl.USER
                        + " --pass \"$" + OPERATOR_PASSWORD_ENV + "\" --no-auth-warning ping | grep -q PONG").endExec()
                .withPeriodSeconds(2)
                .endReadinessProbe();
        if (spec.getResources() != null) {
            container.withResources(spec.getResources());
        }
        if (ClusterTls.enabled(spec)) {
            container.addToVolumeMounts(new VolumeMountBuilder().withName(ClusterTls.VOLUME)
                    .withMountPath(ClusterTls.MOUNT).withReadOnly(true).build());
            plaintextServicePorts().forEach(p -> container.addNewPort().withName(p.getName())
                    .withContainerPort(p.getPort()).endPort());
        }
        if (servesMetrics()) {
            container.addNewPort().withName("metrics").withContainerPort(spec.getMetrics().getPort()).endPort();
        }
        return container.build();
    }

    private PersistentVolumeClaim volumeClaim() {
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName(DATA_VOLUME).endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withStorageClassName(spec.getStorage().getStorageClassName())
                .withNewResources().withRequests(Map.of("storage", new Quantity(spec.getStorage().getSize()))).endResources()
                .endSpec()
                .build();
    }

    /** Keeps the pods of one shard (a master and its replicas) on different Kubernetes nodes when possible. */
    private Affinity spreadShard(int shard) {
        return new AffinityBuilder()
                .withNewPodAntiAffinity()
                .addNewPreferredDuringSchedulingIgnoredDuringExecution()
                .withWeight(100)
                .withNewPodAffinityTerm()
                .withTopologyKey("kubernetes.io/hostname")
                .withNewLabelSelector().withMatchLabels(names.shardSelector(shard)).endLabelSelector()
                .endPodAffinityTerm()
                .endPreferredDuringSchedulingIgnoredDuringExecution()
                .endPodAntiAffinity()
                .build();
    }
}
