package dev.keyslot.operator.reconciler;

import dev.keyslot.operator.crd.CertificateStatus;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The status of a certificate roll-out: Complete once every desired node serves the Secret's certificate, Rolling
 * before. The event marks the moment a certificate became complete, so a renewal's end is visible.
 */
final class CertificateRollout {
    static final String UNREACHABLE = "unreachable";

    private CertificateRollout() {
    }

    /**
     * @param serving      by pod, what each observed node serves (from {@link CertificateReload})
     * @param desiredNodes how many nodes the spec asks for: fewer observed nodes means some node was not checked
     */
    static CertificateStatus advance(CertificateStatus previous, TlsSecret secret, Map<String, Optional<Certificate>> serving,
                                     int desiredNodes, Instant now, EventRecorder events) {
        X509Certificate wanted = (X509Certificate) secret.leaf();
        String serial = serial(wanted);
        Map<String, String> nodes = new TreeMap<>();
        serving.forEach((pod, served) -> nodes.put(pod, served.map(CertificateRollout::serial).orElse(UNREACHABLE)));
        boolean complete = nodes.size() >= desiredNodes && nodes.values().stream().allMatch(serial::equals);
        String state = complete ? CertificateStatus.COMPLETE : CertificateStatus.ROLLING;
        boolean unchanged = previous != null && serial.equals(previous.getSerial()) && state.equals(previous.getState());
        if (complete && !unchanged) {
            events.normal("CertificateRotationComplete", "every node serves the certificate with serial " + serial
                    + " from Secret version " + secret.version());
        }
        return new CertificateStatus(state, unchanged ? previous.getSince() : now.toString(), serial,
                wanted.getNotAfter().toInstant().toString(), secret.version(), nodes);
    }

    /** TLS certificates are X.509. */
    private static String serial(Certificate certificate) {
        return ((X509Certificate) certificate).getSerialNumber().toString(16);
    }
}
