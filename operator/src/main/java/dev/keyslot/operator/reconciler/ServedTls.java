package dev.keyslot.operator.reconciler;

import dev.keyslot.operator.admin.TlsTrust;
import io.fabric8.kubernetes.api.model.Secret;

import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The TLS files the nodes mount: their certificate and key, the CA bundle they trust, and while a CA change
 * completes, the certificate and key they served before it (never loaded by a node: the operator presents them
 * to check that the nodes stopped trusting the old CA).
 */
record ServedTls(String certificate, String key, String ca, String previousCertificate, String previousKey) {
    static final String PREVIOUS_CERT_FILE = "previous.crt";
    static final String PREVIOUS_KEY_FILE = "previous.key";

    /** What the nodes serve when no CA change is under way: the TLS Secret's files as they are. */
    static ServedTls of(TlsSecret source) {
        return new ServedTls(source.certificate(), source.key(), source.ca(), null, null);
    }

    /** Empty while the operator has not written the Secret yet. */
    static Optional<ServedTls> of(Secret secret) {
        return TlsSecret.of(secret).map(files -> new ServedTls(files.certificate(), files.key(), files.ca(),
                TlsSecret.value(secret, PREVIOUS_CERT_FILE), TlsSecret.value(secret, PREVIOUS_KEY_FILE)));
    }

    /** The first certificate of a PEM chain: the node's own, the others complete its chain. */
    static Certificate leaf(String certificatePem) {
        try {
            return TlsTrust.certificates(certificatePem).iterator().next();
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException("no readable certificate in " + ClusterTls.CERT_FILE + ": " + e.getMessage(), e);
        }
    }

    boolean hasPrevious() {
        return previousCertificate != null && previousKey != null;
    }

    /** The Secret's data, by file name. */
    Map<String, String> files() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(ClusterTls.CERT_FILE, certificate);
        files.put(ClusterTls.KEY_FILE, key);
        files.put(ClusterTls.CA_FILE, ca);
        if (hasPrevious()) {
            files.put(PREVIOUS_CERT_FILE, previousCertificate);
            files.put(PREVIOUS_KEY_FILE, previousKey);
        }
        return files;
    }

    @Override
    public String toString() {
        return "ServedTls[keys redacted]";
    }
}
