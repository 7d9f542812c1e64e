package dev.keyslot.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A CLUSTER FAILOVER FORCE sent to a replica of a failing master. */
public class ForcedFailoverStatus {
    @JsonPropertyDescription("Node id of the failing master.")
    private String master;
    @JsonPropertyDescription("Node id of the replica told to take over.")
    private String replica;
    @JsonPropertyDescription("When the command was sent.")
    private String sentAt;

    public ForcedFailoverStatus() {
    }

    public ForcedFailoverStatus(String master, String replica, String sentAt) {
        this.master = master;
        this.replica = replica;
        this.sentAt = sentAt;
    }

    public String getMaster() {
        return master;
    }

    public void setMaster(String master) {
        this.master = master;
    }

    public String getReplica() {
        return replica;
    }

    public void setReplica(String replica) {
        this.replica = replica;
    }

    public String getSentAt() {
        return sentAt;
    }

    public void setSentAt(String sentAt) {
        this.sentAt = sentAt;
    }
}
