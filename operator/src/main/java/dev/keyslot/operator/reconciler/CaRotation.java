package dev.keyslot.operator.reconciler;

import dev.keyslot.operator.admin.TlsTrust;

import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The next TLS files for the nodes, given the TLS Secret (the user's or cert-manager's) and what the nodes were
 * given so far. A certificate of the same CA is served as soon as every node runs the current files. A new CA
 * goes in three steps, each begun only once every node has loaded the one before, so that no node or client
 * that trusts the old CA meets a certificate of the new one before it trusts it, and none is cut off after:
 * the nodes first trust both CAs ({@link #TRUST_NEW_CA}), then serve the new certificate ({@link #SERVE_NEW_CERTIFICATE}),
 * then trust the new CA only ({@link #DROP_OLD_CA}). Clients should trust the served bundle (ca.crt of the served
 * Secret) for the whole change.
 */
final class CaRotation {
    static final String TRUST_NEW_CA = "TrustNewCa";
    static final String SERVE_NEW_CERTIFICATE = "ServeNewCertificate";
    static final String DROP_OLD_CA = "DropOldCa";

    /** @param step the CA change step the nodes are in, null when no CA change is under way */
    record Next(ServedTls served, String step) {
    }

    private CaRotation() {
    }

    /** @param everyNodeCurrent every desired node runs {@code served}: serves its certificate and trusts exactly its bundle */
    static Next next(TlsSecret source, ServedTls served, boolean everyNodeCurrent) {
        Set<Certificate> servedCas = certificates(served.ca());
        Set<Certificate> sourceCas = certificates(source.ca());
        if (!servedCas.containsAll(sourceCas)) {
            Set<Certificate> both = new LinkedHashSet<>(servedCas);
            both.addAll(sourceCas);
            return new Next(new ServedTls(served.certificate(), served.key(), TlsTrust.pem(both),
                    served.previousCertificate(), served.previousKey()), TRUST_NEW_CA);
        }
        boolean oldCaTrusted = !servedCas.equals(sourceCas);
        boolean sourceServed = served.certificate().equals(source.certificate()) && served.key().equals(source.key());
        if (!everyNodeCurrent) {
            return new Next(served, oldCaTrusted ? (sourceServed ? SERVE_NEW_CERTIFICATE : TRUST_NEW_CA)
                    : (served.hasPrevious() ? DROP_OLD_CA : null));
        }
        if (!sourceServed) {
            return oldCaTrusted
                    ? new Next(new ServedTls(source.certificate(), source.key(), served.ca(), served.certificate(), served.key()),
                    SERVE_NEW_CERTIFICATE)
                    : new Next(ServedTls.of(source), null);
        }
        if (oldCaTrusted) {
            return new Next(new ServedTls(served.certificate(), served.key(), source.ca(), served.previousCertificate(),
                    served.previousKey()), DROP_OLD_CA);
        }
        // Every node has dropped the old CA (checked with the previous certificate): that one is no longer needed.
        return new Next(ServedTls.of(source), null);
    }

    private static Set<Certificate> certificates(String pem) {
        try {
            return new LinkedHashSet<>(TlsTrust.certificates(pem));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ca.crt holds no readable certificate: " + e.getMessage(), e);
        }
    }
}
