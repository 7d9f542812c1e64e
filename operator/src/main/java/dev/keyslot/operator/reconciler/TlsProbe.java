package dev.keyslot.operator.reconciler;

import dev.keyslot.operator.admin.NodeAddress;
import dev.keyslot.operator.admin.RespConnection;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import java.io.UncheckedIOException;
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
            return new Result(Optional.empty(), e.getCause() instanceof SSLException ? Verdict.REJECTED : Verdict.UNKNOWN);
        }
        try (connection) {
            Optional<Certificate> served = Optional.ofNullable(connection.peerCertificate());
            try {
                // Any reply, an error (NOAUTH) too, means the node kept the connection.
                connection.pipeline(timeout, List.<Object[]>of(new Object[] {"PING"}));
                return new Result(served, Verdict.ACCEPTED);
            } catch (UncheckedIOException e) {
                return new Result(served, e.getCause() instanceof SocketTimeoutException ? Verdict.UNKNOWN : Verdict.REJECTED);
            }
        }
    }
}
