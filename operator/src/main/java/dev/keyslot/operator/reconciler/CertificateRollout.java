package dev.keyslot.operator.reconciler;

import dev.keyslot.operator.crd.CertificateStatus;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The status of a certificate roll-out: Complete once every desired node serves the Secret's certificate and
 * trusts exactly its CA bundle, Rolling before (a CA change included, whose step the status names). The event
 * marks the moment a certificate became complete, so a renewal's end is visible.
 */
final class CertificateRollout {
    static final String UNREACHABLE = "unreachable";

    private CertificateRollout() {
    }

    /**
     * @param nodes        by pod, what each observed node serves (from {@link CertificateReload})
     * @param settled      every node runs the served files and nothing is left to serve: the Secret's files as they are
     * @param desiredNodes how many nodes the spec asks for: fewer observed nodes means some node was not checked
     */
    static CertificateStatus advance(CertificateStatus previous, TlsSecret secret, Map<String, CertificateReload.NodeTls> nodes,
                                     boolean settled, String caRotation, int desiredNodes, Instant now, EventRecorder events) {
        X509Certificate wanted = (X509Certificate) secret.leaf();
        String serial = serial(wanted);
        Map<String, String> serials = new TreeMap<>();
        nodes.forEach((pod, node) -> serials.put(pod, node.serving().map(CertificateRollout::serial).orElse(UNREACHABLE)));
        boolean complete = settled && serials.size() >= desiredNodes && serials.values().stream().allMatch(serial::equals);
        String state = complete ? CertificateStatus.COMPLETE : CertificateStatus.ROLLING;
        boolean unchanged = previous != null && serial.equals(previous.getSerial()) && state.equals(previous.getState())
                && Objects.equals(caRotation, previous.getCaRotation());
        if (complete && !unchanged) {
            events.normal("CertificateRotationComplete", "every node serves the certificate with serial " + serial
                    + " from Secret version " + secret.version() + " and trusts exactly its CA bundle");
        }
        return new CertificateStatus(state, unchanged ? previous.getSince() : now.toString(), serial,
                wanted.getNotAfter().toInstant().toString(), secret.version(), serials, caRotation);
    }

    /** TLS certificates are X.509. */
    private static String serial(Certificate certificate) {
        return ((X509Certificate) certificate).getSerialNumber().toString(16);
    }
}
