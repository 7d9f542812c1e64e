package dev.keyslot.datanode.tls;

import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.Ports;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With tls-auth-clients optional (what the operator configures), a reload of tls-ca-cert-file that drops a CA
 * refuses that CA's clients on new connections, as redis-server does: also a JDK client whose TLS session dates
 * from before the reload. The node's certificate request names no CA (redis-server's names none), so a JDK client
 * presents its certificate whoever issued it instead of quietly presenting none. Both engines.
 */
class TlsTrustReloadTest {
    /** Setting tls-ciphersuites selects the JDK engine; without it the node uses OpenSSL. */
    private static final String JDK_ENGINE = "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384";
    private static TestCertificates certs;

    @BeforeAll
    static void createCertificates() throws Exception {
        certs = TestCertificates.create();
    }

    @AfterAll
    static void deleteCertificates() throws IOException {
        certs.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", JDK_ENGINE})
    void aDroppedCaRefusesItsClientsAfterTheReloadResumedSessionsToo(String ciphersuites) throws Exception {
        Path trust = certs.dir().resolve("trust-" + ciphersuites.length() + ".crt");
        Files.writeString(trust, Files.readString(certs.cert("server")) + Files.readString(certs.cert("client")));
        List<String> args = new ArrayList<>(certs.nodeArgs(Ports.free()));
        args.addAll(List.of("--tls-ca-cert-file", trust.toString(), "--tls-auth-clients", "optional"));
        if (!ciphersuites.isEmpty()) {
            args.addAll(List.of("--tls-ciphersuites", ciphersuites));
        }
        try (EmbeddedDataNode node = EmbeddedDataNode.start(args.toArray(new String[0]))) {
            RecordingClient trustedBefore = new RecordingClient();
            assertThat(ping(node, trustedBefore.context)).isEqualTo("+PONG\r\n");
            assertThat(ping(node, trustedBefore.context)).isEqualTo("+PONG\r\n");

            Files.writeString(trust, Files.readString(certs.cert("server")) + Files.readString(certs.cert("other")));
            assertThat(RawConnection.configSet("127.0.0.1", node.port(), "tls-ca-cert-file", trust.toString()))
                    .isEqualTo("+OK\r\n");

            assertThat(ping(node, trustedBefore.context)).as("a client with a session from before the reload")
                    .startsWith("refused");
            RecordingClient fresh = new RecordingClient();
            assertThat(ping(node, fresh.context)).as("a new client of the dropped CA").startsWith("refused");
            assertThat(ping(node, certs.clientContext(false))).as("optional: no certificate is fine")
                    .isEqualTo("+PONG\r\n");
            assertThat(trustedBefore.namedIssuers).as("CAs named in the certificate requests").containsOnly(0);
            assertThat(fresh.namedIssuers).as("CAs named in the certificate request").containsOnly(0);
        }
    }

    /** The reply to PING on a new connection, or "refused" and why when the node cut the connection. */
    private static String ping(EmbeddedDataNode node, SSLContext context) throws IOException {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", node.server().tlsPort())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] reply = socket.getInputStream().readNBytes(7);
            return reply.length == 7 ? new String(reply, StandardCharsets.US_ASCII) : "refused: closed";
        } catch (javax.net.ssl.SSLException | java.net.SocketException e) {
            return "refused: " + e;
        }
    }

    /** A JDK client presenting the "client" identity, counting the CAs each certificate request named. */
    private static final class RecordingClient {
        final List<Integer> namedIssuers = new ArrayList<>();
        final SSLContext context;

        RecordingClient() throws Exception {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store("client"), TestCertificates.STORE_PASSWORD.toCharArray());
            X509ExtendedKeyManager identity = (X509ExtendedKeyManager) keys.getKeyManagers()[0];
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("server", store("server").getCertificate("server"));
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {new Recording(identity)}, trust.getTrustManagers(), null);
        }

        private static KeyStore store(String name) throws Exception {
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(certs.p12(name))) {
                store.load(in, TestCertificates.STORE_PASSWORD.toCharArray());
            }
            return store;
        }

        private final class Recording extends X509ExtendedKeyManager {
            private final X509ExtendedKeyManager identity;

            Recording(X509ExtendedKeyManager identity) {
                this.identity = identity;
            }

            @Override
            public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
                namedIssuers.add(issuers == null ? 0 : issuers.length);
                return identity.chooseClientAlias(keyType, issuers, socket);
            }

            @Override
            public String[] getClientAliases(String keyType, Principal[] issuers) {
                return identity.getClientAliases(keyType, issuers);
            }

            @Override
            public String[] getServerAliases(String keyType, Principal[] issuers) {
                return identity.getServerAliases(keyType, issuers);
            }

            @Override
            public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
                return identity.chooseServerAlias(keyType, issuers, socket);
            }

            @Override
            public X509Certificate[] getCertificateChain(String alias) {
                return identity.getCertificateChain(alias);
            }

            @Override
            public PrivateKey getPrivateKey(String alias) {
                return identity.getPrivateKey(alias);
            }
        }
    }
}
