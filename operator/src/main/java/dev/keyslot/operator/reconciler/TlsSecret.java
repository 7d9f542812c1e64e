package dev.keyslot.operator.reconciler;

import io.fabric8.kubernetes.api.model.Secret;

import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The PEM files of a cluster's TLS Secret: the node certificate, its key, and the CA bundle clients trust; and the
 * Secret's resourceVersion.
 */
record TlsSecret(String certificate, String key, String ca, String version) {
    /** Empty while the Secret is missing or lacks one of the files (cert-manager has not issued yet). */
    static Optional<TlsSecret> of(Secret secret) {
        if (secret == null) {
            return Optional.empty();
        }
        String certificate = value(secret, ClusterTls.CERT_FILE);
        String key = value(secret, ClusterTls.KEY_FILE);
        String ca = value(secret, ClusterTls.CA_FILE);
        if (certificate == null || key == null || ca == null) {
            return Optional.empty();
        }
        String version = secret.getMetadata() == null ? null : secret.getMetadata().getResourceVersion();
        return Optional.of(new TlsSecret(certificate, key, ca, version));
    }

    /** A Secret file's text from data (base64) or stringData; null when absent or empty. */
    static String value(Secret secret, String key) {
        Map<String, String> data = secret.getData();
        if (data != null && data.get(key) != null && !data.get(key).isEmpty()) {
            return new String(Base64.getDecoder().decode(data.get(key)), StandardCharsets.US_ASCII);
        }
        Map<String, String> stringData = secret.getStringData();
        String text = stringData == null ? null : stringData.get(key);
        return text == null || text.isEmpty() ? null : text;
    }

    /** The node certificate: the first one of tls.crt (the others complete its chain). */
    Certificate leaf() {
        return ServedTls.leaf(certificate);
    }

    @Override
    public String toString() {
        return "TlsSecret[certificate and key redacted]";
    }
}
