package dev.keyslot.operator.admin;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The TLS probe presents client certificates whose key is PEM in any unencrypted form users' Secrets hold: PKCS#8,
 * PKCS#1 ("RSA PRIVATE KEY", cert-manager's default) and SEC1 ("EC PRIVATE KEY"), as openssl writes them. A server
 * that requires client certificates receives the certificate.
 */
class TlsTrustKeysTest {
    private static Path dir;

    @BeforeAll
    static void makeKeys() throws Exception {
        dir = Files.createTempDirectory("keys");
        openssl("genrsa", "-traditional", "-out", file("rsa.key"), "2048");
        openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", file("ec.key"));
        for (String name : new String[] {"rsa", "ec"}) {
            openssl("pkcs8", "-topk8", "-nocrypt", "-in", file(name + ".key"), "-out", file(name + ".pk8"));
            openssl("req", "-x509", "-new", "-key", file(name + ".key"), "-subj", "/CN=" + name, "-days", "1",
                    "-out", file(name + ".crt"));
        }
    }

    @AfterAll
    static void removeKeys() throws IOException {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @ParameterizedTest
    @CsvSource({"rsa.key, RSA PRIVATE KEY", "ec.key, EC PRIVATE KEY", "rsa.pk8, PRIVATE KEY", "ec.pk8, PRIVATE KEY"})
    void presentsTheCertificateWithItsKeyInEachForm(String keyFile, String pemType) throws Exception {
        String name = keyFile.substring(0, keyFile.indexOf('.'));
        String certificatePem = read(name + ".crt");
        String keyPem = read(keyFile);
        assertThat(keyPem).startsWith("-----BEGIN " + pemType + "-----");

        SSLSocketFactory client = TlsTrust.presenting(certificatePem, certificatePem, keyPem).orElseThrow();

        Certificate certificate = TlsTrust.certificates(certificatePem).iterator().next();
        assertThat(certificateReceivedByServer(name, certificate, client)).isEqualTo(certificate);
    }

    /** The client certificate a server requiring one receives; the server has the same identity and trusts it. */
    private static Certificate certificateReceivedByServer(String name, Certificate certificate, SSLSocketFactory client)
            throws Exception {
        KeyStore identity = KeyStore.getInstance("PKCS12");
        identity.load(null, null);
        identity.setKeyEntry("identity", pkcs8(name), new char[0], new Certificate[] {certificate});
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(identity, new char[0]);
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("trusted", certificate);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trust.getTrustManagers(), null);
        try (SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setNeedClientAuth(true);
            server.setSoTimeout(30_000);
            CompletableFuture<Certificate> received = new CompletableFuture<>();
            Thread acceptor = new Thread(() -> {
                try (SSLSocket accepted = (SSLSocket) server.accept()) {
                    accepted.setSoTimeout(30_000);
                    accepted.startHandshake();
                    received.complete(accepted.getSession().getPeerCertificates()[0]);
                    accepted.getOutputStream().write('+');
                } catch (Exception e) {
                    received.completeExceptionally(e);
                }
            });
            acceptor.start();
            try (SSLSocket socket = (SSLSocket) client.createSocket(server.getInetAddress(), server.getLocalPort())) {
                socket.setSoTimeout(30_000);
                assertThat(socket.getInputStream().read()).as("the server's byte after the handshake").isEqualTo('+');
            }
            acceptor.join(30_000);
            return received.get(30, TimeUnit.SECONDS);
        }
    }

    private static PrivateKey pkcs8(String name) throws Exception {
        byte[] der = Base64.getMimeDecoder().decode(read(name + ".pk8").replaceAll("-----[A-Z ]+-----", ""));
        return KeyFactory.getInstance(name.equals("rsa") ? "RSA" : "EC").generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    /** Runs openssl; skips the tests where it is missing, except in CI (CI=true), where that fails them. */
    private static void openssl(String... args) throws Exception {
        if (!new File("/usr/bin/openssl").canExecute()) {
            String message = "openssl not found (apt-get install -y openssl)";
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(message);
            }
            Assumptions.abort(message);
        }
        List<String> command = new ArrayList<>(List.of("/usr/bin/openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("openssl finished").isTrue();
        assertThat(p.exitValue()).as(output).isZero();
    }

    private static String file(String name) {
        return dir.resolve(name).toString();
    }

    private static String read(String name) throws IOException {
        return Files.readString(dir.resolve(name), StandardCharsets.US_ASCII);
    }
}
