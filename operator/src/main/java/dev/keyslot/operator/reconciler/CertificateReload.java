package dev.keyslot.operator.reconciler;

import dev.keyslot.operator.admin.ConnectionPool;
import dev.keyslot.operator.admin.NodeAddress;
import dev.keyslot.operator.admin.NodeAdmin;
import dev.keyslot.operator.admin.TlsTrust;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLSocketFactory;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Makes running nodes load the served TLS files without a restart. The kubelet refreshes a mounted Secret's
 * files some time after the Secret changed, and a node keeps what it loaded, so every node is checked in fresh
 * handshakes: it must serve the served certificate and accept it as a client's, accept the TLS Secret's
 * certificate when the served bundle trusts its CA, and reject the previous certificate once the bundle no longer
 * trusts its CA. A node that answers otherwise is told to reread its files (CONFIG SET of the paths it already
 * has, read with CONFIG GET) and checked again; until its files are refreshed it keeps failing, and the next
 * reconcile asks again. A node that does not answer in time is not current and not reloaded. Connections
 * already open keep their session; new ones get the new files.
 */
final class CertificateReload {
    private static final Logger LOG = LoggerFactory.getLogger(CertificateReload.class);

    /** What a node serves to a new client (absent when the handshake failed), and whether it runs the served files. */
    record NodeTls(Optional<Certificate> serving, boolean current) {
    }

    private record Expectation(SSLSocketFactory tls, TlsProbe.Verdict wanted) {
    }

    private final ConnectionPool pool;
    private final EventRecorder events;

    CertificateReload(ConnectionPool pool, EventRecorder events) {
        this.pool = pool;
        this.events = events;
    }

    /** @return by pod, what the node serves after the reload and whether it runs {@code served} */
    Map<String, NodeTls> apply(ServedTls served, TlsSecret source, List<NodeReport> nodes) {
        Certificate wanted = ServedTls.leaf(served.certificate());
        List<Expectation> expectations = expectations(served, source);
        Map<String, NodeTls> result = new TreeMap<>();
        List<String> reloaded = new ArrayList<>();
        int stale = 0;
        for (NodeReport node : nodes) {
            NodeAddress address = NodeAddress.of(node.ip());
            Check check = check(address, expectations, wanted);
            if (check.wrong()) {
                try {
                    NodeAdmin admin = new NodeAdmin(pool, address);
                    admin.configSet(admin.configGet(ClusterTls.fileDirectives().keySet()));
                    check = check(address, expectations, wanted);
                    if (check.current()) {
                        reloaded.add(node.pod().name());
                    }
                } catch (RuntimeException e) {
                    LOG.debug("certificate reload of {} at {} failed: {}", node.pod().name(), address, e.toString());
                }
            }
            if (!check.current()) {
                stale++;
            }
            result.put(node.pod().name(), new NodeTls(check.serving(), check.current()));
        }
        if (!reloaded.isEmpty()) {
            events.normal("CertificateReloaded", reloaded.size() + " node(s) reloaded their TLS files without a restart: "
                    + reloaded + (stale == 0 ? "" : "; " + stale + " do not run the current ones yet"));
        }
        return result;
    }

    /** @param wrong a definite wrong answer (not a timeout), which a reload may cure */
    private record Check(Optional<Certificate> serving, boolean current, boolean wrong) {
    }

    private Check check(NodeAddress address, List<Expectation> expectations, Certificate wanted) {
        Optional<Certificate> serving = Optional.empty();
        boolean current = true;
        boolean wrong = false;
        for (Expectation expectation : expectations) {
            TlsProbe.Result probe = TlsProbe.connect(address, pool.timeout(), expectation.tls());
            if (serving.isEmpty()) {
                serving = probe.served();
            }
            boolean answered = probe.verdict() != TlsProbe.Verdict.UNKNOWN;
            boolean servesWanted = probe.served().map(wanted::equals).orElse(true);
            if (!answered) {
                current = false;
            } else if (probe.verdict() != expectation.wanted() || !servesWanted) {
                LOG.debug("{}: {} where {} was wanted{}", address, probe.verdict(), expectation.wanted(),
                        servesWanted ? "" : ", serving another certificate");
                current = false;
                wrong = true;
            }
        }
        return new Check(serving, current && serving.isPresent(), wrong);
    }

    /**
     * The handshakes that tell whether a node runs {@code served}. Certificates whose key cannot be read (encrypted,
     * or in a form TlsTrust does not know) cannot be presented, so their checks are left out.
     */
    private static List<Expectation> expectations(ServedTls served, TlsSecret source) {
        String trusted = served.ca() + "\n" + source.ca();
        List<Expectation> expectations = new ArrayList<>();
        expectations.add(new Expectation(TlsTrust.presenting(trusted, served.certificate(), served.key())
                .orElseGet(() -> TlsTrust.trusting(trusted)), TlsProbe.Verdict.ACCEPTED));
        if (!source.certificate().equals(served.certificate())
                && TlsTrust.issuedBy(ServedTls.leaf(source.certificate()), served.ca())) {
            TlsTrust.presenting(trusted, source.certificate(), source.key())
                    .ifPresent(tls -> expectations.add(new Expectation(tls, TlsProbe.Verdict.ACCEPTED)));
        }
        if (served.hasPrevious() && !TlsTrust.issuedBy(ServedTls.leaf(served.previousCertificate()), served.ca())) {
            TlsTrust.presenting(trusted, served.previousCertificate(), served.previousKey())
                    .ifPresent(tls -> expectations.add(new Expectation(tls, TlsProbe.Verdict.REJECTED)));
        }
        return expectations;
    }
}
