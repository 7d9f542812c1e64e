package dev.keyslot.datanode.testing;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Throwaway certificates made with the JDK's keytool: self-signed identities "server" (127.0.0.1, localhost
 * and the 127.0.133.x test addresses), "client" and "other" (a second server identity, for reloads), as PEM
 * certificate + PKCS#8 key and as PKCS#12 store, and ca.crt trusting all three.
 */
public final class TestCertificates implements AutoCloseable {
    public static final String STORE_PASSWORD = "changeit";
    private static final List<String> NAMES = List.of("server", "client", "other");
    private final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    public static TestCertificates create() throws Exception {
        TestCertificates certs = new TestCertificates(Files.createTempDirectory("tls"));
        StringBuilder san = new StringBuilder("SAN=ip:127.0.0.1,dns:localhost");
        for (int i = 1; i <= 9; i++) {
            san.append(",ip:127.0.133.").append(i);
        }
        certs.makeIdentity("server", "CN=localhost", san.toString());
        certs.makeIdentity("client", "CN=client", "SAN=dns:client");
        certs.makeIdentity("other", "CN=other", san.toString());
        StringBuilder bundle = new StringBuilder();
        for (String name : NAMES) {
            bundle.append(Files.readString(certs.cert(name)));
        }
        Files.writeString(certs.ca(), bundle.toString());
        return certs;
    }

    private void makeIdentity(String name, String dname, String san) throws Exception {
        Path store = p12(name);
        run(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair", "-alias", name,
                "-keyalg", "RSA", "-keysize", "2048", "-dname", dname, "-ext", san, "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", STORE_PASSWORD,
                "-keypass", STORE_PASSWORD);
        KeyStore ks = load(store);
        Files.writeString(cert(name), pem("CERTIFICATE", ks.getCertificate(name).getEncoded()));
        Files.writeString(key(name), pem("PRIVATE KEY", ks.getKey(name, STORE_PASSWORD.toCharArray()).getEncoded()));
    }

    private static KeyStore load(Path store) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(store.toFile())) {
            ks.load(in, STORE_PASSWORD.toCharArray());
        }
        return ks;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** Runs a short-lived tool and returns its combined output. */
    public static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + String.join(" ", command));
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    public Path dir() {
        return dir;
    }

    public Path cert(String name) {
        return dir.resolve(name + ".crt");
    }

    public Path key(String name) {
        return dir.resolve(name + ".key");
    }

    public Path p12(String name) {
        return dir.resolve(name + ".p12");
    }

    public Path ca() {
        return dir.resolve("ca.crt");
    }

    /** The options of a node serving TLS on tlsPort with the server identity, trusting ca.crt. */
    public List<String> nodeArgs(int tlsPort) {
        return List.of("--tls-port", Integer.toString(tlsPort), "--tls-cert-file", cert("server").toString(),
                "--tls-key-file", key("server").toString(), "--tls-ca-cert-file", ca().toString());
    }

    /** A JDK client context trusting the three identities, presenting the client one when asked. */
    public SSLContext clientContext(boolean withCertificate) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        for (String name : NAMES) {
            trusted.setCertificateEntry(name, load(p12(name)).getCertificate(name));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        KeyManagerFactory kmf = null;
        if (withCertificate) {
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(load(p12("client")), STORE_PASSWORD.toCharArray());
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    /** redis-cli's options for a TLS connection, with or without the client certificate. */
    public List<String> cliArgs(boolean withCertificate) {
        return withCertificate
                ? List.of("--tls", "--cacert", ca().toString(), "--cert", cert("client").toString(),
                        "--key", key("client").toString())
                : List.of("--tls", "--cacert", ca().toString());
    }

    @Override
    public void close() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }
}
