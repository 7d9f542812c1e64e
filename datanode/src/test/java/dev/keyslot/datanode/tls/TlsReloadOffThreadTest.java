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
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client's CONFIG SET of the TLS files has them read on a worker thread: while the files cannot be read yet
 * (the CA file is a named pipe nobody writes to), the node serves other clients; the CONFIG SET's client gets its
 * reply, and then its next command's, once the contexts are built and swapped in.
 */
class TlsReloadOffThreadTest {
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
            reloading.send(concat(RawConnection.encode("CONFIG", "SET", "tls-ca-cert-file", pipe.toString()),
                    RawConnection.encode("PING")));
            for (int i = 0; i < 3; i++) {
                assertThat(other.callString("PING")).isEqualTo("+PONG\r\n");
            }
            assertThat(reloading.quietFor(300)).as("no reply before the files are read").isTrue();

            writer.start();
            reloading.setReadTimeout(30_000);
            assertThat(reloading.readReplyString()).isEqualTo("+OK\r\n");
            assertThat(reloading.readReplyString()).isEqualTo("+PONG\r\n");
            assertThat(reloading.callString("CONFIG", "GET", "tls-ca-cert-file")).contains(pipe.toString());
        } finally {
            stop.set(true);
            // Opening a pipe for reading and writing does not wait: this releases a writer waiting for a reader.
            new RandomAccessFile(pipe.toFile(), "rw").close();
            writer.join(10_000);
            RawConnection.configSet("127.0.0.1", node.port(), "tls-ca-cert-file", certs.ca().toString());
            Files.delete(pipe);
        }
        try (SSLSocket socket = (SSLSocket) certs.clientContext(true).getSocketFactory()
                .createSocket("127.0.0.1", node.server().tlsPort())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(socket.getInputStream().readNBytes(7), StandardCharsets.US_ASCII)).isEqualTo("+PONG\r\n");
        }
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
