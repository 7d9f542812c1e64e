package dev.keyslot.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** TLS on every link of the cluster: clients, replication and the cluster bus. */
@ValidationRule(value = "has(self.secretName) != has(self.issuerRef)",
        message = "tls needs exactly one of secretName or issuerRef")
@ValidationRule(value = "!has(self.plaintextPort) || (self.plaintextPort != 6379 && self.plaintextPort != 16379)",
        message = "tls.plaintextPort must differ from the TLS client port 6379 and the cluster bus port 16379")
public class TlsSpec {
    @JsonPropertyDescription("Secret with tls.crt, tls.key and ca.crt (as cert-manager writes them) for every node.")
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
    private String secretName;

    @JsonPropertyDescription("cert-manager issuer of a Certificate the operator creates; its Secret is <name>-tls.")
    private IssuerReference issuerRef;

    @JsonPropertyDescription("Also serve clients without TLS on this port, e.g. while they move to TLS; none when unset.")
    @Min(1)
    @Max(65535)
    private Integer plaintextPort;

    public String getSecretName() {
        return secretName;
    }

    public void setSecretName(String secretName) {
        this.secretName = secretName;
    }

    public IssuerReference getIssuerRef() {
        return issuerRef;
    }

    public void setIssuerRef(IssuerReference issuerRef) {
        this.issuerRef = issuerRef;
    }

    public Integer getPlaintextPort() {
        return plaintextPort;
    }

    public void setPlaintextPort(Integer plaintextPort) {
        this.plaintextPort = plaintextPort;
    }
}
