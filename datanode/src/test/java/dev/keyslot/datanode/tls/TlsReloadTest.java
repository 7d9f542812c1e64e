package dev.keyslot.datanode.tls;

import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.Ports;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CONFIG SET of the certificate files swaps the TLS context for new connections while open ones go on;
 * an unusable file fails with Redis's error and keeps the old context.
 */
class TlsReloadTest {
    private static TestCertificates certs;
    private static EmbeddedDataNode node;

    @BeforeAll
    static void start() throws Exception {
        certs = TestCertificates.create();
        node = EmbeddedDataNode.start(certs.nodeArgs(Ports.free()).toArray(new String[0]));
    }

    @AfterAll
    static void stop() throws IOException {
        node.close();
        certs.close();
    }

    private static SSLSocket connect() throws Exception {
        SSLSocket socket = (SSLSocket) certs.clientContext(true).getSocketFactory()
                .createSocket("127.0.0.1", node.server().tlsPort());
        socket.setSoTimeout(5000);
        socket.startHandshake();
        return socket;
    }

    private static String subject(SSLSocket socket) throws Exception {
        return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
    }

    private static String ping(SSLSocket socket) throws IOException {
        socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
        return new String(socket.getInputStream().readNBytes(7), StandardCharsets.US_ASCII);
    }

    private static String configSet(String... pairs) {
        return RawConnection.configSet("127.0.0.1", node.port(), pairs);
    }

    @Test
    void newCertificateForNewConnectionsOldConnectionsContinue() throws Exception {
        try (SSLSocket before = connect()) {
            assertThat(subject(before)).isEqualTo("CN=localhost");
            assertThat(configSet("tls-cert-file", certs.cert("other").toString(),
                    "tls-key-file", certs.key("other").toString())).isEqualTo("+OK\r\n");
            try (SSLSocket after = connect()) {
                assertThat(subject(after)).isEqualTo("CN=other");
                assertThat(ping(after)).isEqualTo("+PONG\r\n");
            }
            assertThat(ping(before)).isEqualTo("+PONG\r\n");
        } finally {
            configSet("tls-cert-file", certs.cert("server").toString(), "tls-key-file", certs.key("server").toString());
        }
    }

    @Test
    void unusableFileFailsLikeRedisAndKeepsTheOldContext() throws Exception {
        String missing = certs.dir().resolve("missing.crt").toString();
        assertThat(configSet("tls-cert-file", missing)).isEqualTo("-ERR CONFIG SET failed (possibly related to "
                + "argument 'tls-cert-file') - Unable to update TLS configuration. Check server logs.\r\n");
        assertThat(configSet("tls-ca-cert-file", missing)).startsWith("-ERR CONFIG SET failed (possibly related to "
                + "argument 'tls-ca-cert-file')");
        try (RawConnection c = new RawConnection("127.0.0.1", node.port())) {
            assertThat(c.callString("CONFIG", "GET", "tls-cert-file")).contains(certs.cert("server").toString());
        }
        try (SSLSocket socket = connect()) {
            assertThat(subject(socket)).isEqualTo("CN=localhost");
            assertThat(ping(socket)).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void sameFileNameRereadsTheFile() throws Exception {
        java.nio.file.Path cert = certs.dir().resolve("rotating.crt");
        java.nio.file.Path key = certs.dir().resolve("rotating.key");
        java.nio.file.Files.copy(certs.cert("other"), cert);
        java.nio.file.Files.copy(certs.key("other"), key);
        try {
            assertThat(configSet("tls-cert-file", cert.toString(), "tls-key-file", key.toString())).isEqualTo("+OK\r\n");
            java.nio.file.Files.copy(certs.cert("server"), cert, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            java.nio.file.Files.copy(certs.key("server"), key, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            try (SSLSocket socket = connect()) {
                assertThat(subject(socket)).isEqualTo("CN=other");
            }
            assertThat(configSet("tls-cert-file", cert.toString())).isEqualTo("+OK\r\n");
            try (SSLSocket socket = connect()) {
                assertThat(subject(socket)).isEqualTo("CN=localhost");
            }
        } finally {
            configSet("tls-cert-file", certs.cert("server").toString(), "tls-key-file", certs.key("server").toString());
            java.nio.file.Files.delete(cert);
            java.nio.file.Files.delete(key);
        }
    }
}
