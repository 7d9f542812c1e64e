package dev.keyslot.operator.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A Redis Cluster: its shards, replicas and node settings (spec) and what the operator observed (status). */
@Group(RedisCluster.GROUP)
@Version(RedisCluster.VERSION)
@ShortNames("rcl")
@AdditionalPrinterColumn(name = "Masters", jsonPath = ".spec.masters", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Replicas", jsonPath = ".spec.replicasPerMaster", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.ready", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Slots", jsonPath = ".status.slotsOk", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "State", jsonPath = ".status.clusterState", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class RedisCluster extends CustomResource<RedisClusterSpec, RedisClusterStatus> implements Namespaced {
    public static final String GROUP = "keyslot.dev";
    public static final String VERSION = "v1alpha1";

    @Override
    protected RedisClusterSpec initSpec() {
        return new RedisClusterSpec();
    }

    @Override
    protected RedisClusterStatus initStatus() {
        return new RedisClusterStatus();
    }
}
