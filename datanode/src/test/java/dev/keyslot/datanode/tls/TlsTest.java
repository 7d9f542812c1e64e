package dev.keyslot.datanode.tls;

import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.Ports;
import dev.keyslot.datanode.testing.RedisServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The TLS port with certificates made by keytool for the test: mutual TLS with redis-cli --tls and a JDK
 * client, a client without certificate refused, plain text on the TLS port refused, and bad settings
 * stopping the startup.
 */
class TlsTest {
    private static final char[] STORE_PASSWORD = "changeit".toCharArray();
    private static Path dir;
    private static EmbeddedDataNode node;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("tls");
        makeIdentity("server", "CN=localhost", "SAN=ip:127.0.0.1,dns:localhost");
        makeIdentity("client", "CN=client", "SAN=dns:client");
        Files.writeString(dir.resolve("ca.crt"), Files.readString(dir.resolve("server.crt"))
                + Files.readString(dir.resolve("client.crt")));
        node = EmbeddedDataNode.start("--tls-port", Integer.toString(Ports.free()),
                "--tls-cert-file", dir.resolve("server.crt").toString(),
                "--tls-key-file", dir.resolve("server.key").toString(),
                "--tls-ca-cert-file", dir.resolve("ca.crt").toString());
    }

    @AfterAll
    static void stop() throws IOException {
        if (node != null) {
            node.close();
        }
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    /** A self-signed identity from keytool, exported as PEM certificate and PKCS#8 key. */
    private static void makeIdentity(String name, String dname, String san) throws Exception {
        Path store = dir.resolve(name + ".p12");
        run(keytool(), "-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048", "-dname", dname,
                "-ext", san, "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", new String(STORE_PASSWORD), "-keypass", new String(STORE_PASSWORD));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(store.toFile())) {
            ks.load(in, STORE_PASSWORD);
        }
        Certificate cert = ks.getCertificate(name);
        Key key = ks.getKey(name, STORE_PASSWORD);
        Files.writeString(dir.resolve(name + ".crt"), pem("CERTIFICATE", cert.getEncoded()));
        Files.writeString(dir.resolve(name + ".key"), pem("PRIVATE KEY", key.getEncoded()));
    }

    private static String keytool() {
        return Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + String.join(" ", command));
        }
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private static int tlsPort() {
        return node.server().tlsPort();
    }

    @Test
    void redisCliConnectsWithItsCertificate() throws Exception {
        String cli = RedisServerProcess.requireTool("redis-cli");
        List<String> base = new ArrayList<>(List.of(cli, "-h", "127.0.0.1", "-p", Integer.toString(tlsPort()),
                "--tls", "--cacert", dir.resolve("ca.crt").toString()));
        List<String> withCert = new ArrayList<>(base);
        withCert.addAll(List.of("--cert", dir.resolve("client.crt").toString(),
                "--key", dir.resolve("client.key").toString()));
        List<String> ping = new ArrayList<>(withCert);
        ping.addAll(List.of("SET", "k", "over tls"));
        assertThat(run(ping.toArray(new String[0])).trim()).isEqualTo("OK");
        List<String> get = new ArrayList<>(withCert);
        get.addAll(List.of("GET", "k"));
        assertThat(run(get.toArray(new String[0])).trim()).isEqualTo("over tls");
        List<String> noCert = new ArrayList<>(base);
        noCert.add("PING");
        assertThat(run(noCert.toArray(new String[0]))).doesNotContain("PONG");
    }

    @Test
    void jdkClientWithMutualTls() throws Exception {
        try (SSLSocket socket = (SSLSocket) clientContext(true).getSocketFactory().createSocket("127.0.0.1", tlsPort())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] reply = new byte[7];
            assertThat(socket.getInputStream().readNBytes(reply, 0, 7)).isEqualTo(7);
            assertThat(new String(reply, StandardCharsets.US_ASCII)).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void clientWithoutCertificateIsRefused() throws Exception {
        try (SSLSocket socket = (SSLSocket) clientContext(false).getSocketFactory().createSocket("127.0.0.1", tlsPort())) {
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
    }

    @Test
    void plainTextOnTheTlsPortGetsNoReply() throws Exception {
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
    }

    @Test
    void unusableSettingsStopTheStartup() {
        assertThatThrownBy(() -> EmbeddedDataNode.start("--tls-port", Integer.toString(Ports.free()),
                "--tls-cert-file", dir.resolve("missing.crt").toString(),
                "--tls-key-file", dir.resolve("server.key").toString(), "--tls-auth-clients", "no"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> EmbeddedDataNode.start("--tls-port", Integer.toString(Ports.free()),
                "--tls-cert-file", dir.resolve("server.crt").toString(),
                "--tls-key-file", dir.resolve("server.key").toString(), "--tls-protocols", "SSLv3",
                "--tls-auth-clients", "no"))
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

    private static SSLContext clientContext(boolean withCertificate) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(dir.resolve("server.p12").toFile())) {
            trust.load(in, STORE_PASSWORD);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("server", trust.getCertificate("server"));
        tmf.init(trusted);
        KeyManagerFactory kmf = null;
        if (withCertificate) {
            KeyStore identity = KeyStore.getInstance("PKCS12");
            try (InputStream in = new FileInputStream(dir.resolve("client.p12").toFile())) {
                identity.load(in, STORE_PASSWORD);
            }
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(identity, STORE_PASSWORD);
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }
}
