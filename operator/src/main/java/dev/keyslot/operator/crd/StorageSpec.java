package dev.keyslot.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.ValidationRule;

/** One PersistentVolumeClaim per node; PVCs cannot shrink, so neither can the size. */
@ValidationRule(value = "!has(oldSelf.size) || (has(self.size) && quantity(self.size).compareTo(quantity(oldSelf.size)) >= 0)",
        message = "storage.size cannot shrink or be removed; set it back to at least the previous size")
@ValidationRule(value = "!has(oldSelf.storageClassName) || (has(self.storageClassName) && self.storageClassName == oldSelf.storageClassName)",
        message = "storage.storageClassName cannot change once set; create a new RedisCluster to move storage classes")
public class StorageSpec {
    @JsonPropertyDescription("Volume size, e.g. 1Gi. Without it nodes use ephemeral storage.")
    @ValidationRule(value = "isQuantity(self) && quantity(self).sign() > 0",
            message = "storage.size must be a positive quantity such as 1Gi")
    private String size;

    @JsonPropertyDescription("StorageClass of the PVCs; the cluster default when absent.")
    private String storageClassName;

    @JsonPropertyDescription("Keep PVCs when the RedisCluster is deleted.")
    @Default("true")
    private boolean keepOnDelete = true;

    @JsonPropertyDescription("Keep PVCs of shards and replicas removed by scaling in.")
    @Default("false")
    private boolean keepOnScaleIn;

    public String getSize() {
        return size;
    }

    public void setSize(String size) {
        this.size = size;
    }

    public String getStorageClassName() {
        return storageClassName;
    }

    public void setStorageClassName(String storageClassName) {
        this.storageClassName = storageClassName;
    }

    public boolean isKeepOnDelete() {
        return keepOnDelete;
    }

    public void setKeepOnDelete(boolean keepOnDelete) {
        this.keepOnDelete = keepOnDelete;
    }

    public boolean isKeepOnScaleIn() {
        return keepOnScaleIn;
    }

    public void setKeepOnScaleIn(boolean keepOnScaleIn) {
        this.keepOnScaleIn = keepOnScaleIn;
    }
}
