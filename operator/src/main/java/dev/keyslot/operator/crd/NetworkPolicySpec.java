package dev.keyslot.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An optional NetworkPolicy in front of the node pods. */
public class NetworkPolicySpec {
    @JsonPropertyDescription("When true, only the cluster's own pods reach the cluster bus port, and only they, the operator"
            + " and spec.networkPolicy.clients reach the client port.")
    @Default("false")
    private boolean enabled;

    @JsonPropertyDescription("The application clients allowed on the client port 6379, as NetworkPolicy peers"
            + " (podSelector, namespaceSelector, ipBlock).")
    private List<NetworkPolicyPeer> clients = new ArrayList<>();

    @JsonPropertyDescription("The operator's pods; default: pods labelled app.kubernetes.io/name=keyslot-operator in any namespace.")
    private NetworkPolicyPeer operator;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public List<NetworkPolicyPeer> getClients() {
        return clients;
    }

    public void setClients(List<NetworkPolicyPeer> clients) {
        this.clients = clients;
    }

    public NetworkPolicyPeer getOperator() {
        return operator;
    }

    public void setOperator(NetworkPolicyPeer operator) {
        this.operator = operator;
    }

    /** The configured operator peer, else the operator as the Helm chart and deploy/ label it, in any namespace. */
    public NetworkPolicyPeer operatorOrDefault() {
        if (operator != null) {
            return operator;
        }
        return new NetworkPolicyPeerBuilder()
                .withNamespaceSelector(new LabelSelectorBuilder().build())
                .withPodSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("app.kubernetes.io/name", "keyslot-operator")).build())
                .build();
    }
}
