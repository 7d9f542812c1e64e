package dev.keyslot.datanode.tls;

import dev.keyslot.pemkeys.TraditionalKeys;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The TLS contexts from Redis's tls-* options, with OpenSSL (netty-tcnative's BoringSSL) where its native
 * library loads and the JDK provider otherwise: certificate and key (PEM, PKCS#8 optionally encrypted with
 * tls-key-file-pass, or OpenSSL's traditional RSA and EC forms), the CA bundle peers are verified against, whether client
 * certificates are required (tls-auth-clients), the protocols and the TLSv1.3 suites. Options are read
 * through a lookup so CONFIG SET can try values before they are stored.
 */
public final class TlsSettings {
    private static final List<String> KNOWN_PROTOCOLS = List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");

    private TlsSettings() {
    }

    /**
     * OpenSSL where it loads, unless tls-ciphersuites is set: BoringSSL cannot restrict the TLSv1.3 suites, so
     * only the JDK engine honours that option as Redis does.
     */
    static SslProvider provider(UnaryOperator<String> config) {
        return OpenSsl.isAvailable() && config.apply("tls-ciphersuites").isEmpty() ? SslProvider.OPENSSL : SslProvider.JDK;
    }

    /** Which TLS engine the contexts use and why, for the startup log. */
    public static String engine(UnaryOperator<String> config) {
        if (provider(config) == SslProvider.OPENSSL) {
            return "OpenSSL (" + OpenSsl.versionString() + ")";
        }
        return OpenSsl.isAvailable()
                ? "JDK (tls-ciphersuites is set, which OpenSSL's BoringSSL cannot honour)"
                : "JDK (OpenSSL unavailable: " + reason(OpenSsl.unavailabilityCause()) + ")";
    }

    /**
     * The context that accepts connections; its client authentication follows tls-auth-clients. Throws with
     * the reason Redis logs when a file or setting is unusable.
     */
    public static SslContext serverContext(UnaryOperator<String> config) throws TlsConfigException {
        return serverContext(config, clientAuth(config.apply("tls-auth-clients")));
    }

    /** The context that accepts cluster bus links: peers always show a certificate there, as in Redis. */
    public static SslContext busServerContext(UnaryOperator<String> config) throws TlsConfigException {
        return serverContext(config, ClientAuth.REQUIRE);
    }

    private static SslContext serverContext(UnaryOperator<String> config, ClientAuth auth) throws TlsConfigException {
        checkRequired(config);
        String cert = config.apply("tls-cert-file");
        String key = config.apply("tls-key-file");
        String keyPassword = config.apply("tls-key-file-pass");
        Optional<PrivateKey> traditional = traditionalKey(key, keyPassword);
        SslContextBuilder builder;
        try {
            builder = traditional.isPresent()
                    ? SslContextBuilder.forServer(traditional.get(), chain(cert))
                    : SslContextBuilder.forServer(new File(cert), new File(key), keyPassword.isEmpty() ? null : keyPassword);
        } catch (Exception | Error e) {
            throw identityError(cert, key, e);
        }
        builder.clientAuth(auth);
        return finish(builder, config);
    }

    /**
     * The context of outgoing links (replication, cluster bus, MIGRATE): the tls-client-cert-file identity
     * when both client files are set, tls-cert-file otherwise; the peer must chain to the CA, and like Redis
     * the host name is not checked.
     */
    public static SslContext clientContext(UnaryOperator<String> config) throws TlsConfigException {
        checkRequired(config);
        boolean ownIdentity = !config.apply("tls-client-cert-file").isEmpty() && !config.apply("tls-client-key-file").isEmpty();
        String cert = config.apply(ownIdentity ? "tls-client-cert-file" : "tls-cert-file");
        String key = config.apply(ownIdentity ? "tls-client-key-file" : "tls-key-file");
        String keyPassword = config.apply(ownIdentity ? "tls-client-key-file-pass" : "tls-key-file-pass");
        Optional<PrivateKey> traditional = traditionalKey(key, keyPassword);
        SslContextBuilder builder;
        try {
            builder = SslContextBuilder.forClient().endpointIdentificationAlgorithm(null);
            if (traditional.isPresent()) {
                builder.keyManager(traditional.get(), chain(cert));
            } else {
                builder.keyManager(new File(cert), new File(key), keyPassword.isEmpty() ? null : keyPassword);
            }
        } catch (Exception | Error e) {
            throw identityError(cert, key, e);
        }
        return finish(builder, config);
    }

    /** The key when the file holds an unencrypted traditional RSA or EC key (see {@link TraditionalKeys}). */
    private static Optional<PrivateKey> traditionalKey(String key, String keyPassword) throws TlsConfigException {
        if (!keyPassword.isEmpty()) {
            return Optional.empty();
        }
        try {
            return TraditionalKeys.parse(Files.readString(Path.of(key), StandardCharsets.US_ASCII));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new TlsConfigException("Failed to load private key: " + key + ": " + reason(e));
        }
    }

    private static X509Certificate[] chain(String cert) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(Path.of(cert))) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in).toArray(new X509Certificate[0]);
        }
    }

    private static void checkRequired(UnaryOperator<String> config) throws TlsConfigException {
        if (config.apply("tls-cert-file").isEmpty()) {
            throw new TlsConfigException("No tls-cert-file configured!");
        }
        if (config.apply("tls-key-file").isEmpty()) {
            throw new TlsConfigException("No tls-key-file configured!");
        }
        boolean peersVerified = !config.apply("tls-auth-clients").equals("no")
                || config.apply("tls-cluster").equals("yes") || config.apply("tls-replication").equals("yes");
        if (peersVerified && config.apply("tls-ca-cert-file").isEmpty()) {
            throw new TlsConfigException("Either tls-ca-cert-file or tls-ca-cert-dir must be specified when "
                    + "tls-cluster, tls-replication or tls-auth-clients are enabled!");
        }
    }

    private static SslContext finish(SslContextBuilder builder, UnaryOperator<String> config) throws TlsConfigException {
        builder.sslProvider(provider(config));
        // Netty passes the key through an in-memory key store. PKCS#12, the default, protects it with 10,000
        // rounds of PBKDF2 both ways, which took seconds per context on a loaded machine, on the command thread,
        // long enough for a CONFIG SET reload to exceed the cluster node timeout. JKS protects it in one cheap pass.
        builder.keyStoreType("JKS");
        String ca = config.apply("tls-ca-cert-file");
        if (!ca.isEmpty()) {
            try {
                builder.trustManager(UnadvertisedTrust.of(Path.of(ca)));
            } catch (Exception | Error e) {
                throw new TlsConfigException("Failed to configure CA certificate(s) file/directory: " + reason(e));
            }
        }
        builder.protocols(protocols(config.apply("tls-protocols")).toArray(new String[0]));
        String suites = config.apply("tls-ciphersuites");
        if (!suites.isEmpty()) {
            builder.ciphers(Arrays.asList(suites.split(":")));
        }
        try {
            return builder.build();
        } catch (Exception | Error e) {
            throw new TlsConfigException("Failed to configure TLS: " + reason(e));
        }
    }

    /** Redis's log line for an unusable certificate or key file. */
    private static TlsConfigException identityError(String cert, String key, Throwable e) {
        String reason = reason(e);
        String message = e.getMessage() == null ? "" : e.getMessage();
        return message.contains("private key")
                ? new TlsConfigException("Failed to load private key: " + key + ": " + reason)
                : new TlsConfigException("Failed to load certificate: " + cert + ": " + reason);
    }

    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    static ClientAuth clientAuth(String setting) {
        return switch (setting) {
            case "no" -> ClientAuth.NONE;
            case "optional" -> ClientAuth.OPTIONAL;
            default -> ClientAuth.REQUIRE;
        };
    }

    /** tls-protocols: space separated names, TLSv1.2 and TLSv1.3 when empty (Redis's default). */
    static List<String> protocols(String setting) throws TlsConfigException {
        if (setting.isBlank()) {
            return List.of("TLSv1.2", "TLSv1.3");
        }
        List<String> protocols = new java.util.ArrayList<>();
        for (String p : setting.trim().split("\\s+")) {
            String known = KNOWN_PROTOCOLS.stream().filter(k -> k.equalsIgnoreCase(p)).findFirst().orElse(null);
            if (known == null) {
                throw new TlsConfigException("Invalid tls-protocols specified. Use a combination of 'TLSv1', "
                        + "'TLSv1.1', 'TLSv1.2' and 'TLSv1.3'.");
            }
            protocols.add(known);
        }
        return protocols;
    }
}
