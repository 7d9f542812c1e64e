package dev.keyslot.datanode.tls;

import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.Ports;
import dev.keyslot.datanode.testing.RedisServerProcess;
import dev.keyslot.datanode.testing.TestCertificates;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The TLS port: mutual TLS with redis-cli --tls, a JDK client, Jedis and Lettuce; a client without
 * certificate refused and logged as Redis logs it while other clients go on; plain text on the TLS port
 * refused; bad settings stopping the startup.
 */
class TlsTest {
    private static TestCertificates certs;
    private static EmbeddedDataNode node;
    private static Path logFile;

    @BeforeAll
    static void start() throws Exception {
        certs = TestCertificates.create();
        node = EmbeddedDataNode.start(certs.nodeArgs(Ports.free()).toArray(new String[0]));
        logFile = certs.dir().resolve("node.log");
        node.server().log().configure("notice", logFile.toString());
    }

    @AfterAll
    static void stop() throws IOException {
        if (node != null) {
            node.close();
        }
        certs.close();
    }

    private static int tlsPort() {
        return node.server().tlsPort();
    }

    private static String cli(boolean withCertificate, String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of(RedisServerProcess.requireTool("redis-cli"), "-h", "127.0.0.1",
                "-p", Integer.toString(tlsPort())));
        args.addAll(certs.cliArgs(withCertificate));
        args.addAll(List.of(command));
        return TestCertificates.run(args.toArray(new String[0])).trim();
    }

    @Test
    void redisCliConnectsWithItsCertificate() throws Exception {
        assertThat(cli(true, "SET", "k", "over tls")).isEqualTo("OK");
        assertThat(cli(true, "GET", "k")).isEqualTo("over tls");
        assertThat(cli(false, "PING")).doesNotContain("PONG");
    }

    @Test
    void jdkClientWithMutualTls() throws Exception {
        try (SSLSocket socket = (SSLSocket) certs.clientContext(true).getSocketFactory().createSocket("127.0.0.1", tlsPort())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] reply = new byte[7];
            assertThat(socket.getInputStream().readNBytes(reply, 0, 7)).isEqualTo(7);
            assertThat(new String(reply, StandardCharsets.US_ASCII)).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void clientWithoutCertificateIsRefusedLoggedAndOthersGoOn() throws Exception {
        try (SSLSocket other = (SSLSocket) certs.clientContext(true).getSocketFactory().createSocket("127.0.0.1", tlsPort())) {
            other.setSoTimeout(5000);
            try (SSLSocket socket = (SSLSocket) certs.clientContext(false).getSocketFactory().createSocket("127.0.0.1", tlsPort())) {
                socket.setSoTimeout(5000);
                assertThatThrownBy(() -> {
                    socket.startHandshake();
                    socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                    if (socket.getInputStream().read() < 0) {
                        throw new IOException("closed");
                    }
                }).isInstanceOf(IOException.class);
            }
            other.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(other.getInputStream().readNBytes(7), StandardCharsets.US_ASCII)).isEqualTo("+PONG\r\n");
        }
        awaitLogLine("Error accepting a client connection: error:0A0000C7:SSL routines::peer did not return a certificate");
    }

    @Test
    void plainTextOnTheTlsPortGetsNoReplyAndIsLogged() throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", tlsPort())) {
            s.setSoTimeout(3000);
            s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] buf = new byte[64];
            int n;
            try {
                n = s.getInputStream().read(buf);
            } catch (IOException e) {
                n = -1;
            }
            String got = n > 0 ? new String(buf, 0, n, StandardCharsets.ISO_8859_1) : "";
            assertThat(got).doesNotContain("PONG");
        }
        awaitLogLine("Error accepting a client connection: error:0A00010B:SSL routines::wrong version number");
    }

    private static void awaitLogLine(String text) throws Exception {
        long deadline = System.currentTimeMillis() + 5000;
        while (!Files.readString(logFile).contains(text)) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("no log line '" + text + "' in:\n" + Files.readString(logFile));
            }
            Thread.sleep(50);
        }
    }

    @Test
    void jedisOverTls() {
        var config = DefaultJedisClientConfig.builder().ssl(true)
                .sslSocketFactory(sslSocketFactory()).build();
        try (Jedis jedis = new Jedis(new HostAndPort("127.0.0.1", tlsPort()), config)) {
            assertThat(jedis.set("jedis", "tls")).isEqualTo("OK");
            assertThat(jedis.get("jedis")).isEqualTo("tls");
        }
    }

    private static javax.net.ssl.SSLSocketFactory sslSocketFactory() {
        try {
            return certs.clientContext(true).getSocketFactory();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void lettuceOverTls() {
        RedisURI uri = RedisURI.builder().withHost("127.0.0.1").withPort(tlsPort()).withSsl(true).build();
        RedisClient client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder().sslOptions(TlsTestSsl.lettuce(certs)).build());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            assertThat(c.sync().set("lettuce", "tls")).isEqualTo("OK");
            assertThat(c.sync().get("lettuce")).isEqualTo("tls");
        } finally {
            client.shutdown();
        }
    }

    @Test
    void unusableSettingsStopTheStartup() {
        assertThatThrownBy(() -> EmbeddedDataNode.start("--tls-port", Integer.toString(Ports.free()),
                "--tls-cert-file", certs.dir().resolve("missing.crt").toString(),
                "--tls-key-file", certs.key("server").toString(), "--tls-auth-clients", "no"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> EmbeddedDataNode.start("--tls-port", Integer.toString(Ports.free()),
                "--tls-cert-file", certs.cert("server").toString(),
                "--tls-key-file", certs.key("server").toString(), "--tls-protocols", "SSLv3",
                "--tls-auth-clients", "no"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> EmbeddedDataNode.start("--tls-port", Integer.toString(Ports.free()),
                "--tls-cert-file", certs.cert("server").toString(),
                "--tls-key-file", certs.key("server").toString(), "--tls-auth-clients", "no",
                "--tls-replication", "yes"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void settingsParsing() throws TlsConfigException {
        assertThat(TlsSettings.protocols("")).containsExactly("TLSv1.2", "TLSv1.3");
        assertThat(TlsSettings.protocols("tlsv1.3")).containsExactly("TLSv1.3");
        assertThat(TlsSettings.clientAuth("optional")).isEqualTo(io.netty.handler.ssl.ClientAuth.OPTIONAL);
        assertThat(TlsSettings.clientAuth("no")).isEqualTo(io.netty.handler.ssl.ClientAuth.NONE);
        assertThat(TlsSettings.clientAuth("yes")).isEqualTo(io.netty.handler.ssl.ClientAuth.REQUIRE);
    }
}
