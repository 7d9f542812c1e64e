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
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CONFIG SET of the certificate files swaps the TLS context for new connections while open ones go on;
 * an unusable file fails with Redis's error and keeps the old context. The files are read on a worker thread:
 * the node serves other clients meanwhile, and the reloading client gets its replies once the swap is done.
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
        Path cert = certs.dir().resolve("rotating.crt");
        Path key = certs.dir().resolve("rotating.key");
        Files.copy(certs.cert("other"), cert);
        Files.copy(certs.key("other"), key);
        try {
            assertThat(configSet("tls-cert-file", cert.toString(), "tls-key-file", key.toString())).isEqualTo("+OK\r\n");
            Files.copy(certs.cert("server"), cert, StandardCopyOption.REPLACE_EXISTING);
            Files.copy(certs.key("server"), key, StandardCopyOption.REPLACE_EXISTING);
            try (SSLSocket socket = connect()) {
                assertThat(subject(socket)).isEqualTo("CN=other");
            }
            assertThat(configSet("tls-cert-file", cert.toString())).isEqualTo("+OK\r\n");
            try (SSLSocket socket = connect()) {
                assertThat(subject(socket)).isEqualTo("CN=localhost");
            }
        } finally {
            configSet("tls-cert-file", certs.cert("server").toString(), "tls-key-file", certs.key("server").toString());
            Files.delete(cert);
            Files.delete(key);
        }
    }

    @Test
    void otherClientsAreServedWhileTheFilesAreReadAndTheReloadingClientWaitsForItsReply() throws Exception {
        Path pipe = certs.dir().resolve("ca-pipe.crt");
        assertThat(TestCertificates.run("mkfifo", pipe.toString())).isEmpty();
        String bundle = Files.readString(certs.ca());
        AtomicBoolean stop = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            try {
                while (!stop.get()) {
                    // Blocks until the node opens the pipe to read it; each context reads the file once, up to
                    // the end of the file, which it sees only when no writer has the pipe open: hence the pause.
                    Files.writeString(pipe, bundle);
                    Thread.sleep(100);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                if (!stop.get()) {
                    throw new IllegalStateException(e);
                }
            }
        });
        try (RawConnection reloading = new RawConnection("127.0.0.1", node.port());
             RawConnection other = new RawConnection("127.0.0.1", node.port())) {
            assertThat(other.callString("CONFIG", "SET", "slowlog-log-slower-than", "200000")).isEqualTo("+OK\r\n");
            assertThat(other.callString("SLOWLOG", "RESET")).isEqualTo("+OK\r\n");
            reloading.send(concat(RawConnection.encode("CONFIG", "SET", "tls-ca-cert-file", pipe.toString()),
                    RawConnection.encode("PING")));
            for (int i = 0; i < 3; i++) {
                assertThat(other.callString("PING")).isEqualTo("+PONG\r\n");
            }
            assertThat(reloading.quietFor(300)).as("no reply before the files are read").isTrue();

            writer.start();
            assertThat(reloading.readReplyString()).isEqualTo("+OK\r\n");
            assertThat(reloading.readReplyString()).isEqualTo("+PONG\r\n");
            // As with Redis's synchronous CONFIG SET, the slowlog counts the whole wait, not the handler's part.
            Matcher entry = Pattern.compile("^\\*1\r\n\\*6\r\n:\\d+\r\n:\\d+\r\n:(\\d+)\r\n\\*4\r\n\\$6\r\nCONFIG\r\n\\$3\r\nSET\r\n")
                    .matcher(other.callString("SLOWLOG", "GET", "1"));
            assertThat(entry.find()).as("a slowlog entry for the CONFIG SET").isTrue();
            assertThat(Long.parseLong(entry.group(1))).isGreaterThanOrEqualTo(300_000);
            assertThat(reloading.callString("CONFIG", "GET", "tls-ca-cert-file")).contains(pipe.toString());
        } finally {
            stop.set(true);
            // Opening a pipe for reading and writing does not wait: this releases a writer waiting for a reader.
            new RandomAccessFile(pipe.toFile(), "rw").close();
            writer.join(10_000);
            RawConnection.configSet("127.0.0.1", node.port(), "tls-ca-cert-file", certs.ca().toString(),
                    "slowlog-log-slower-than", "10000");
            Files.delete(pipe);
        }
        try (SSLSocket socket = connect()) {
            assertThat(ping(socket)).isEqualTo("+PONG\r\n");
        }
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
