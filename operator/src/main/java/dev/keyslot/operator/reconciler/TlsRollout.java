package dev.keyslot.operator.reconciler;

import dev.keyslot.operator.admin.ConnectionPool;
import dev.keyslot.operator.crd.CertificateStatus;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One reconcile's step of bringing the nodes to the TLS Secret's files: checks (and reloads) what every node runs,
 * moves the served files one step on when every node runs them (see {@link CaRotation}), and reports it.
 */
final class TlsRollout {
    private final ConnectionPool pool;
    private final ServedTlsSecret store;
    private final EventRecorder events;

    TlsRollout(ConnectionPool pool, ServedTlsSecret store, EventRecorder events) {
        this.pool = pool;
        this.store = store;
        this.events = events;
    }

    CertificateStatus advance(CertificateStatus previous, TlsSecret source, ServedTls served, List<NodeReport> reports,
                              int desiredNodes, Instant now) {
        Map<String, CertificateReload.NodeTls> nodes = new CertificateReload(pool, events).apply(served, source, reports);
        boolean everyNodeCurrent = nodes.size() >= desiredNodes && nodes.values().stream().allMatch(CertificateReload.NodeTls::current);
        CaRotation.Next next = CaRotation.next(source, served, everyNodeCurrent);
        boolean changed = !next.served().equals(served);
        if (changed) {
            store.write(next.served());
            String previousStep = previous == null ? null : previous.getCaRotation();
            if (next.step() != null && !Objects.equals(next.step(), previousStep)) {
                events.normal("CaRotationStep", "the CA in " + ClusterTls.CA_FILE + " changed: " + describe(next.step()));
            }
        }
        boolean settled = everyNodeCurrent && !changed && served.equals(ServedTls.of(source));
        return CertificateRollout.advance(previous, source, nodes, settled, next.step(), desiredNodes, now, events);
    }

    private static String describe(String step) {
        return switch (step) {
            case CaRotation.TRUST_NEW_CA -> "nodes now trust the old and the new CA, still serving the old certificate";
            case CaRotation.SERVE_NEW_CERTIFICATE -> "every node trusts the new CA; nodes now serve the new certificate";
            case CaRotation.DROP_OLD_CA -> "every node serves the new certificate; nodes now stop trusting the old CA";
            default -> throw new IllegalArgumentException("unknown CA rotation step " + step);
        };
    }
}
