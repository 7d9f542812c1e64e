package dev.keyslot.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.Map;
import java.util.TreeMap;

/** Which certificate of the TLS Secret the nodes have loaded: a renewal is complete when every node serves it. */
public class CertificateStatus {
    public static final String ROLLING = "Rolling";
    public static final String COMPLETE = "Complete";

    @JsonPropertyDescription("Rolling (some node does not serve the Secret's certificate yet, or a CA change is under"
            + " way) or Complete (every node serves it to new connections and trusts exactly the Secret's CA bundle).")
    private String state;
    @JsonPropertyDescription("When the current state began for the current certificate.")
    private String since;
    @JsonPropertyDescription("Serial number (hex) of the certificate in the Secret's tls.crt.")
    private String serial;
    @JsonPropertyDescription("Expiry of the certificate in the Secret's tls.crt.")
    private String notAfter;
    @JsonPropertyDescription("metadata.resourceVersion of the Secret the certificate was read from.")
    private String secretVersion;
    @JsonPropertyDescription("Serial number (hex) of the certificate each ready node serves in a fresh handshake, by pod;"
            + " unreachable when the handshake failed.")
    private Map<String, String> nodes = new TreeMap<>();
    @JsonPropertyDescription("While the Secret's ca.crt changes: TrustNewCa (nodes trust both CAs, still serving the old"
            + " certificate), ServeNewCertificate (nodes serve the new certificate and still trust the old CA) or DropOldCa"
            + " (nodes trust the new CA only); unset otherwise. Clients should trust both CAs until the state is Complete.")
    private String caRotation;

    public CertificateStatus() {
    }

    public CertificateStatus(String state, String since, String serial, String notAfter, String secretVersion,
                             Map<String, String> nodes, String caRotation) {
        this.caRotation = caRotation;
        this.state = state;
        this.since = since;
        this.serial = serial;
        this.notAfter = notAfter;
        this.secretVersion = secretVersion;
        this.nodes = new TreeMap<>(nodes);
    }

    public String getState() {
        return state;
    }

    public void setState(String state) {
        this.state = state;
    }

    public String getSince() {
        return since;
    }

    public void setSince(String since) {
        this.since = since;
    }

    public String getSerial() {
        return serial;
    }

    public void setSerial(String serial) {
        this.serial = serial;
    }

    public String getNotAfter() {
        return notAfter;
    }

    public void setNotAfter(String notAfter) {
        this.notAfter = notAfter;
    }

    public String getSecretVersion() {
        return secretVersion;
    }

    public void setSecretVersion(String secretVersion) {
        this.secretVersion = secretVersion;
    }

    public String getCaRotation() {
        return caRotation;
    }

    public void setCaRotation(String caRotation) {
        this.caRotation = caRotation;
    }

    public Map<String, String> getNodes() {
        return nodes;
    }

    public void setNodes(Map<String, String> nodes) {
        this.nodes = nodes;
    }
}
