package dev.keyslot.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;

import java.util.ArrayList;
import java.util.List;

/** What the operator last observed and did. */
public class RedisClusterStatus {
    @JsonPropertyDescription("Creating, Bootstrapping, Scaling, Restarting (rolling restart), Recovering (after failures),"
            + " Reconciling, Ready, Degraded, Paused or Invalid.")
    private String phase;
    @JsonPropertyDescription("The metadata.generation this status describes.")
    private Long observedGeneration;
    @JsonPropertyDescription("Ready, Progressing and Degraded, with reasons.")
    private List<Condition> conditions = new ArrayList<>();
    @JsonPropertyDescription("Ready nodes out of desired nodes, e.g. 6/6.")
    private String ready;
    private Integer readyMasters;
    private Integer readyReplicas;
    @JsonPropertyDescription("Slots owned by some master.")
    private Integer slotsAssigned;
    @JsonPropertyDescription("Slots owned by a master that is not failing.")
    private Integer slotsOk;
    @JsonPropertyDescription("cluster_state from CLUSTER INFO: ok or fail.")
    private String clusterState;
    @JsonPropertyDescription("Every node of the cluster as last observed.")
    private List<NodeStatus> nodes = new ArrayList<>();
    @JsonPropertyDescription("The slot migration in progress, absent when none runs.")
    private MigrationStatus migration;
    @JsonPropertyDescription("What the operator is doing or waiting for.")
    private String message;
    @JsonPropertyDescription("Slots whose data was lost with every node of their shard, since the current generation;"
            + " they are served again, empty. Cleared by the next spec change.")
    private String lostSlots;

    @JsonPropertyDescription("The roll-out of the last password change in the Secret; absent before the first change.")
    private PasswordRotationStatus passwordRotation;

    @JsonPropertyDescription("Which certificate of the TLS Secret the nodes serve; absent without spec.tls.")
    private CertificateStatus certificate;

    @JsonPropertyDescription("CLUSTER FAILOVER FORCE commands sent to replicas of masters that are still failing: each"
            + " is given time to win its election before it is sent again, also by a restarted operator.")
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    private List<ForcedFailoverStatus> forcedFailovers = new ArrayList<>();

    public List<ForcedFailoverStatus> getForcedFailovers() {
        return forcedFailovers;
    }

    public void setForcedFailovers(List<ForcedFailoverStatus> forcedFailovers) {
        this.forcedFailovers = forcedFailovers;
    }

    public CertificateStatus getCertificate() {
        return certificate;
    }

    public void setCertificate(CertificateStatus certificate) {
        this.certificate = certificate;
    }

    public PasswordRotationStatus getPasswordRotation() {
        return passwordRotation;
    }

    public void setPasswordRotation(PasswordRotationStatus passwordRotation) {
        this.passwordRotation = passwordRotation;
    }

    public String getLostSlots() {
        return lostSlots;
    }

    public void setLostSlots(String lostSlots) {
        this.lostSlots = lostSlots;
    }

    public String getPhase() {
        return phase;
    }

    public void setPhase(String phase) {
        this.phase = phase;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    public String getReady() {
        return ready;
    }

    public void setReady(String ready) {
        this.ready = ready;
    }

    public Integer getReadyMasters() {
        return readyMasters;
    }

    public void setReadyMasters(Integer readyMasters) {
        this.readyMasters = readyMasters;
    }

    public Integer getReadyReplicas() {
        return readyReplicas;
    }

    public void setReadyReplicas(Integer readyReplicas) {
        this.readyReplicas = readyReplicas;
    }

    public Integer getSlotsAssigned() {
        return slotsAssigned;
    }

    public void setSlotsAssigned(Integer slotsAssigned) {
        this.slotsAssigned = slotsAssigned;
    }

    public Integer getSlotsOk() {
        return slotsOk;
    }

    public void setSlotsOk(Integer slotsOk) {
        this.slotsOk = slotsOk;
    }

    public String getClusterState() {
        return clusterState;
    }

    public void setClusterState(String clusterState) {
        this.clusterState = clusterState;
    }

    public List<NodeStatus> getNodes() {
        return nodes;
    }

    public void setNodes(List<NodeStatus> nodes) {
        this.nodes = nodes;
    }

    public MigrationStatus getMigration() {
        return migration;
    }

    public void setMigration(MigrationStatus migration) {
        this.migration = migration;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }
}
