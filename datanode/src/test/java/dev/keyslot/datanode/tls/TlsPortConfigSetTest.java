package dev.keyslot.datanode.tls;

import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.Ports;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CONFIG SET tls-port as Redis 7.0: opens the TLS listener on a node started without one (setting TLS up
 * from the configured files), moves it to another port while open TLS connections go on, closes it with 0,
 * and fails with Redis's errors when TLS cannot be set up or the port is taken; CONFIG SET bind moves the TLS
 * listener together with the plain one.
 */
class TlsPortConfigSetTest {
    private static TestCertificates certs;
    private EmbeddedDataNode node;

    @BeforeAll
    static void createCertificates() throws Exception {
        certs = TestCertificates.create();
    }

    @AfterAll
    static void removeCertificates() throws IOException {
        certs.close();
    }

    @BeforeEach
    void start() throws Exception {
        node = EmbeddedDataNode.start("--tls-cert-file", certs.cert("server").toString(),
                "--tls-key-file", certs.key("server").toString(), "--tls-ca-cert-file", certs.ca().toString());
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private String configSet(String... pairs) {
        return RawConnection.configSet("127.0.0.1", node.port(), pairs);
    }

    private SSLSocket connectTls(int port) throws Exception {
        SSLSocket socket = (SSLSocket) certs.clientContext(true).getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout(5000);
        socket.startHandshake();
        return socket;
    }

    private static String ping(Socket socket) throws IOException {
        socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
        return new String(socket.getInputStream().readNBytes(7), StandardCharsets.US_ASCII);
    }

    /** The listener closes on the event loop after the reply; waits (bounded) until connecting is refused. */
    private static void awaitRefused(int port) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(5));
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("port " + port + " still accepts connections");
                }
                Thread.sleep(20);
            } catch (ConnectException refused) {
                return;
            }
        }
    }

    @Test
    void tlsPortOpensMovesAndCloses() throws Exception {
        assertThat(node.server().tlsPort()).isZero();
        int first = Ports.free();
        assertThat(configSet("tls-port", Integer.toString(first))).isEqualTo("+OK\r\n");
        assertThat(node.server().tlsPort()).isEqualTo(first);
        try (SSLSocket before = connectTls(first)) {
            assertThat(ping(before)).isEqualTo("+PONG\r\n");
            int second = Ports.free();
            assertThat(configSet("tls-port", Integer.toString(second))).isEqualTo("+OK\r\n");
            try (SSLSocket after = connectTls(second)) {
                assertThat(ping(after)).isEqualTo("+PONG\r\n");
            }
            awaitRefused(first);
            assertThat(ping(before)).isEqualTo("+PONG\r\n");
            assertThat(configSet("tls-port", "0")).isEqualTo("+OK\r\n");
            awaitRefused(second);
            assertThat(node.server().tlsPort()).isZero();
        }
    }

    @Test
    void unusableSettingsOrTakenPortFailLikeRedis() throws Exception {
        assertThat(configSet("tls-cert-file", certs.dir().resolve("missing.crt").toString())).isEqualTo("+OK\r\n");
        assertThat(configSet("tls-port", Integer.toString(Ports.free()))).isEqualTo(
                "-ERR CONFIG SET failed (possibly related to argument 'tls-port') - Unable to update TLS configuration."
                        + " Check server logs.\r\n");
        assertThat(configSet("tls-cert-file", certs.cert("server").toString())).isEqualTo("+OK\r\n");
        try (var taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            assertThat(configSet("tls-port", Integer.toString(taken.getLocalPort()))).isEqualTo(
                    "-ERR CONFIG SET failed (possibly related to argument 'tls-port') - Unable to listen on this port."
                            + " Check server logs.\r\n");
        }
        assertThat(node.server().tlsPort()).isZero();
        assertThat(configSet("tls-port", "0")).isEqualTo("+OK\r\n");
    }

    @Test
    void bindMovesTheTlsListenerToo() throws Exception {
        int tlsPort = Ports.free();
        assertThat(configSet("tls-port", Integer.toString(tlsPort))).isEqualTo("+OK\r\n");
        assertThat(configSet("bind", "127.0.0.1 127.0.149.7")).isEqualTo("+OK\r\n");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(5));
        while (true) {
            SSLSocket socket = (SSLSocket) certs.clientContext(true).getSocketFactory().createSocket();
            try (socket) {
                socket.connect(new java.net.InetSocketAddress("127.0.149.7", tlsPort), 1000);
                socket.setSoTimeout(5000);
                socket.startHandshake();
                assertThat(ping(socket)).isEqualTo("+PONG\r\n");
                break;
            } catch (ConnectException notYet) {
                if (Instant.now().isAfter(deadline)) {
                    throw notYet;
                }
                Thread.sleep(20);
            }
        }
        try (SSLSocket loopback = connectTls(tlsPort)) {
            assertThat(ping(loopback)).isEqualTo("+PONG\r\n");
        }
    }
}
