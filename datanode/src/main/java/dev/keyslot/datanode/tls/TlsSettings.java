package dev.keyslot.datanode.tls;

import dev.keyslot.datanode.config.ServerConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

import java.io.File;
import java.util.Arrays;
import java.util.List;

/**
 * The server side TLS context from Redis's tls-* options, with the JDK provider: certificate and key
 * (PEM, PKCS#8, optionally encrypted with tls-key-file-pass), the CA bundle clients are verified against,
 * whether client certificates are required (tls-auth-clients), the protocols and the TLSv1.3 suites.
 */
public final class TlsSettings {
    private static final List<String> KNOWN_PROTOCOLS = List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");

    private TlsSettings() {
    }

    /** Builds the context; throws with a readable reason when a file or setting is unusable. */
    public static SslContext serverContext(ServerConfig config) throws TlsConfigException {
        String cert = config.get("tls-cert-file");
        String key = config.get("tls-key-file");
        if (cert.isEmpty() || key.isEmpty()) {
            throw new TlsConfigException("No tls-cert-file or tls-key-file configured");
        }
        String keyPassword = config.get("tls-key-file-pass");
        try {
            SslContextBuilder builder = SslContextBuilder.forServer(new File(cert), new File(key),
                            keyPassword.isEmpty() ? null : keyPassword)
                    .sslProvider(SslProvider.JDK)
                    .clientAuth(clientAuth(config.get("tls-auth-clients")));
            String ca = config.get("tls-ca-cert-file");
            if (!ca.isEmpty()) {
                builder.trustManager(new File(ca));
            } else if (!config.get("tls-auth-clients").equals("no")) {
                throw new TlsConfigException("Either tls-ca-cert-file or tls-ca-cert-dir must be specified when "
                        + "tls-cluster, tls-replication or tls-auth-clients are enabled!");
            }
            List<String> protocols = protocols(config.get("tls-protocols"));
            builder.protocols(protocols.toArray(new String[0]));
            String suites = config.get("tls-ciphersuites");
            if (!suites.isEmpty()) {
                builder.ciphers(Arrays.asList(suites.split(":")));
            }
            return builder.build();
        } catch (TlsConfigException e) {
            throw e;
        } catch (Exception e) {
            throw new TlsConfigException("Failed to load the TLS certificate, key or CA file: " + e.getMessage());
        }
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
