package dev.keyslot.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One cluster node as last observed, with its role read from the cluster rather than from the pod ordinal. */
public class NodeStatus {
    private String pod;
    private String nodeId;
    private String ip;
    @JsonPropertyDescription("master or replica, as the cluster reports it.")
    private String role;
    @JsonPropertyDescription("Node id of the master this replica follows.")
    private String masterId;
    @JsonPropertyDescription("Slot ranges owned, e.g. 0-5460.")
    private String slots;
    @JsonPropertyDescription("connected or disconnected.")
    private String linkState;
    private Long replicationOffset;

    public String getPod() {
        return pod;
    }

    public void setPod(String pod) {
        this.pod = pod;
    }

    public String getNodeId() {
        return nodeId;
    }

    public void setNodeId(String nodeId) {
        this.nodeId = nodeId;
    }

    public String getIp() {
        return ip;
    }

    public void setIp(String ip) {
        this.ip = ip;
    }

    public String getRole() {
        return role;
    }

    public void setRole(String role) {
        this.role = role;
    }

    public String getMasterId() {
        return masterId;
    }

    public void setMasterId(String masterId) {
        this.masterId = masterId;
    }

    public String getSlots() {
        return slots;
    }

    public void setSlots(String slots) {
        this.slots = slots;
    }

    public String getLinkState() {
        return linkState;
    }

    public void setLinkState(String linkState) {
        this.linkState = linkState;
    }

    public Long getReplicationOffset() {
        return replicationOffset;
    }

    public void setReplicationOffset(Long replicationOffset) {
        this.replicationOffset = replicationOffset;
    }
}
