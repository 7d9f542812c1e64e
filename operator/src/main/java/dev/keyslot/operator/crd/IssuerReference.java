package dev.keyslot.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A cert-manager Issuer or ClusterIssuer, as a Certificate's issuerRef names it. */
public class IssuerReference {
    @Required
    private String name;

    @JsonPropertyDescription("Issuer (in the cluster's namespace) or ClusterIssuer.")
    @Default("Issuer")
    @Pattern("^(Issuer|ClusterIssuer)$")
    private String kind = "Issuer";

    @Default("cert-manager.io")
    private String group = "cert-manager.io";

    public IssuerReference() {
    }

    public IssuerReference(String name, String kind) {
        this.name = name;
        this.kind = kind;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    public String getGroup() {
        return group;
    }

    public void setGroup(String group) {
        this.group = group;
    }
}
