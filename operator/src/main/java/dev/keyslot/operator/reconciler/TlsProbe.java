package dev.keyslot.operator.reconciler;

import dev.keyslot.operator.admin.NodeAddress;
import dev.keyslot.operator.admin.RespConnection;

import javax.net.ssl.SSLSocketFactory;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One fresh TLS connection to a node: which certificate it serves, and whether it accepts the client certificate
 * the socket factory presents. A node that does not trust that certificate's CA fails the handshake or, with
 * TLS 1.3, closes the connection before answering the first command.
 */
final class TlsProbe {
    enum Verdict { ACCEPTED, REJECTED, UNKNOWN }

    record Result(Optional<Certificate> served, Verdict verdict) {
    }

    private TlsProbe() {
    }

    static Result connect(NodeAddress address, Duration timeout, SSLSocketFactory tls) {
        RespConnection connection;
        try {
            connection = RespConnection.open(address, timeout, tls);
        } catch (UncheckedIOException e) {
            return new Result(Optional.empty(), unanswered(e) ? Verdict.UNKNOWN : Verdict.REJECTED);
        }
        try (connection) {
            Optional<Certificate> served = Optional.ofNullable(connection.peerCertificate());
            try {
                // Any reply, an error (NOAUTH) too, means the node kept the connection.
                connection.pipeline(timeout, List.<Object[]>of(new Object[] {"PING"}));
                return new Result(served, Verdict.ACCEPTED);
            } catch (UncheckedIOException e) {
                return new Result(served, unanswered(e) ? Verdict.UNKNOWN : Verdict.REJECTED);
            }
        }
    }

    /**
     * Nothing reached the node, or it did not answer in time. Any other failure (a TLS alert, the connection
     * reset or closed during or right after the handshake) is the node refusing the client's certificate.
     */
    private static boolean unanswered(UncheckedIOException e) {
        return e.getCause() instanceof SocketTimeoutException || e.getCause() instanceof ConnectException
                || e.getCause() instanceof NoRouteToHostException;
    }
}
