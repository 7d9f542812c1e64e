package dev.keyslot.datanode.replication;

/**
 * One replica of this node as INFO's slaveN line describes it: its announced address, synchronization
 * state, the offset it acknowledged and the seconds since its last acknowledgement.
 */
public record ReplicaStatus(String ip, int port, String state, long ackOffset, long lagSeconds) {
    public String address() {
        return ip + ":" + port;
    }
}
