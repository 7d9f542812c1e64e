package dev.keyslot.operator.reconciler;

import dev.keyslot.operator.admin.ConnectionPool;
import dev.keyslot.operator.admin.NodeAddress;
import dev.keyslot.operator.admin.NodeAdmin;
import dev.keyslot.operator.admin.RespConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Makes running nodes take a renewed certificate without a restart. The kubelet refreshes a mounted Secret's
 * files some time after the Secret changed, and a node keeps serving what it loaded, so: every node whose
 * certificate in a fresh handshake is not the Secret's tls.crt is told to reread its files (CONFIG SET of the
 * paths it already has, read with CONFIG GET, reloads them). Until the pod's files are refreshed it still serves the old one, and the next
 * reconcile asks again. Connections already open keep their session; new ones get the new certificate.
 * Reports the certificate each node serves afterwards.
 */
final class CertificateReload {
    private static final Logger LOG = LoggerFactory.getLogger(CertificateReload.class);

    private final ConnectionPool pool;
    private final EventRecorder events;

    CertificateReload(ConnectionPool pool, EventRecorder events) {
        this.pool = pool;
        this.events = events;
    }

    /** @return by pod, the certificate the node serves after the reload; absent for a node that could not be reached */
    Map<String, Optional<Certificate>> apply(TlsSecret secret, List<NodeReport> nodes) {
        Certificate wanted = secret.leaf();
        Map<String, Optional<Certificate>> serving = new TreeMap<>();
        List<String> reloaded = new ArrayList<>();
        int stale = 0;
        for (NodeReport node : nodes) {
            NodeAddress address = NodeAddress.of(node.ip());
            Optional<Certificate> now = Optional.empty();
            try {
                now = Optional.of(served(address));
                if (!wanted.equals(now.get())) {
                    NodeAdmin admin = new NodeAdmin(pool, address);
                    admin.configSet(admin.configGet(ClusterTls.fileDirectives().keySet()));
                    now = Optional.of(served(address));
                    if (wanted.equals(now.get())) {
                        reloaded.add(node.pod().name());
                    } else {
                        stale++;
                    }
                }
            } catch (RuntimeException e) {
                LOG.debug("certificate reload of {} at {} failed: {}", node.pod().name(), address, e.toString());
                stale++;
            }
            serving.put(node.pod().name(), now);
        }
        if (!reloaded.isEmpty()) {
            events.normal("CertificateReloaded", reloaded.size() + " node(s) reloaded the renewed certificate without a restart: "
                    + reloaded + (stale == 0 ? "" : "; " + stale + " still serve the previous one"));
        }
        return serving;
    }

    /** The certificate a node presents to a new client. */
    private Certificate served(NodeAddress address) {
        try (RespConnection connection = RespConnection.open(address, pool.timeout(), pool.tls())) {
            return connection.peerCertificate();
        }
    }
}
