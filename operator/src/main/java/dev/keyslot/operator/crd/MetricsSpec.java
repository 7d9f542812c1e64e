package dev.keyslot.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** Prometheus metrics of the nodes: served by Keyslot data node images; redis images have no exporter. */
@ValidationRule(value = "self.port != 6379 && self.port != 16379",
        message = "metrics.port must differ from the client port 6379 and the cluster bus port 16379")
public class MetricsSpec {
    @Default("false")
    private boolean enabled;

    @JsonPropertyDescription("Container port serving /metrics (the data node's metrics-port). Ignored for redis images.")
    @Default("9121")
    @Min(1)
    @Max(65535)
    private int port = 9121;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public int getPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }
}
