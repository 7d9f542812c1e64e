package dev.keyslot.operator.topology;

/** Shards 0..masters-1, each with one master and {@code replicasPerMaster} replicas. */
public record DesiredTopology(int masters, int replicasPerMaster) {
    public DesiredTopology {
        if (masters < 1 || replicasPerMaster < 0) {
            throw new IllegalArgumentException("need masters >= 1 and replicasPerMaster >= 0");
        }
    }

    public boolean wantsShard(int shard) {
        return shard < masters;
    }

    public boolean wantsPod(PodIdentity pod) {
        return pod.shard() < masters && pod.ordinal() <= replicasPerMaster;
    }
}
