package dev.keyslot.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

import java.util.LinkedHashMap;
import java.util.Map;

/** What the user asks for. Java defaults mirror the CRD defaults so objects read without defaulting agree. */
@ValidationRule(value = "self.masters * (1 + self.replicasPerMaster) <= 1000",
        message = "masters * (1 + replicasPerMaster) must be at most 1000 nodes; lower masters or replicasPerMaster")
// Redis's cluster bus cannot mix TLS and plaintext nodes, so no rolling restart can switch a running cluster.
@ValidationRule(value = "has(self.tls) == has(oldSelf.tls)",
        message = "spec.tls cannot be added or removed on an existing cluster; create a new RedisCluster instead")
public class RedisClusterSpec {
    public static final String DEFAULT_IMAGE = "redis:7.0";

    @JsonPropertyDescription("Number of shards; each shard has one master owning an even share of the 16384 slots.")
    @Default("3")
    @Min(1)
    @Max(1000)
    private int masters = 3;

    @JsonPropertyDescription("Replicas per master.")
    @Default("1")
    @Min(0)
    @Max(5)
    private int replicasPerMaster = 1;

    @JsonPropertyDescription("Node image: the Keyslot data node image or a stock redis:7 image.")
    @Default(DEFAULT_IMAGE)
    private String image = DEFAULT_IMAGE;

    @JsonPropertyDescription("Container resources of every node.")
    private ResourceRequirements resources;

    @JsonPropertyDescription("Persistent volume of every node.")
    private StorageSpec storage = new StorageSpec();

    @JsonPropertyDescription("redis.conf directives passed to every node.")
    @ValidationRule(value = ConfigDirectives.CEL_RULE, message = ConfigDirectives.CEL_MESSAGE)
    private Map<String, String> config = new LinkedHashMap<>();

    @JsonPropertyDescription("Password settings.")
    private AuthSpec auth = new AuthSpec();

    @JsonPropertyDescription("cluster-node-timeout in milliseconds: how long a node may be unreachable before failover.")
    @Default("15000")
    @Min(500)
    @Max(600000)
    private long nodeTimeoutMillis = 15000;

    @JsonPropertyDescription("Where the node pods may run.")
    private SchedulingSpec scheduling = new SchedulingSpec();

    @JsonPropertyDescription("The PodDisruptionBudget of every shard.")
    private DisruptionBudgetSpec podDisruptionBudget = new DisruptionBudgetSpec();

    @JsonPropertyDescription("Metrics exporter settings.")
    private MetricsSpec metrics = new MetricsSpec();

    @JsonPropertyDescription("NetworkPolicy limiting who reaches the node ports.")
    private NetworkPolicySpec networkPolicy = new NetworkPolicySpec();

    @JsonPropertyDescription("TLS for clients, replication and the cluster bus; plaintext everywhere when absent.")
    private TlsSpec tls;

    @JsonPropertyDescription("When true the operator makes no changes; status keeps being updated.")
    @Default("false")
    private boolean paused;

    public int getMasters() {
        return masters;
    }

    public void setMasters(int masters) {
        this.masters = masters;
    }

    public int getReplicasPerMaster() {
        return replicasPerMaster;
    }

    public void setReplicasPerMaster(int replicasPerMaster) {
        this.replicasPerMaster = replicasPerMaster;
    }

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public ResourceRequirements getResources() {
        return resources;
    }

    public void setResources(ResourceRequirements resources) {
        this.resources = resources;
    }

    public StorageSpec getStorage() {
        return storage;
    }

    public void setStorage(StorageSpec storage) {
        this.storage = storage;
    }

    public Map<String, String> getConfig() {
        return config;
    }

    public void setConfig(Map<String, String> config) {
        this.config = config;
    }

    public AuthSpec getAuth() {
        return auth;
    }

    public void setAuth(AuthSpec auth) {
        this.auth = auth;
    }

    public long getNodeTimeoutMillis() {
        return nodeTimeoutMillis;
    }

    public void setNodeTimeoutMillis(long nodeTimeoutMillis) {
        this.nodeTimeoutMillis = nodeTimeoutMillis;
    }

    public SchedulingSpec getScheduling() {
        return scheduling;
    }

    public void setScheduling(SchedulingSpec scheduling) {
        this.scheduling = scheduling;
    }

    public DisruptionBudgetSpec getPodDisruptionBudget() {
        return podDisruptionBudget;
    }

    public void setPodDisruptionBudget(DisruptionBudgetSpec podDisruptionBudget) {
        this.podDisruptionBudget = podDisruptionBudget;
    }

    public MetricsSpec getMetrics() {
        return metrics;
    }

    public void setMetrics(MetricsSpec metrics) {
        this.metrics = metrics;
    }

    public NetworkPolicySpec getNetworkPolicy() {
        return networkPolicy;
    }

    public void setNetworkPolicy(NetworkPolicySpec networkPolicy) {
        this.networkPolicy = networkPolicy;
    }

    public boolean isPaused() {
        return paused;
    }

    public void setPaused(boolean paused) {
        this.paused = paused;
    }

    public TlsSpec getTls() {
        return tls;
    }

    public void setTls(TlsSpec tls) {
        this.tls = tls;
    }
}
