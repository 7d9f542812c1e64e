package dev.keyslot.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;

/** A PodDisruptionBudget per shard so voluntary evictions never take a whole shard down. */
public class DisruptionBudgetSpec {
    @Default("true")
    private boolean enabled = true;

    @JsonPropertyDescription("Pods of one shard that may be evicted at once.")
    @Default("1")
    @Min(1)
    private int maxUnavailable = 1;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public int getMaxUnavailable() {
        return maxUnavailable;
    }

    public void setMaxUnavailable(int maxUnavailable) {
        this.maxUnavailable = maxUnavailable;
    }
}
