package dev.keyslot.datanode.tls;

import io.netty.handler.ssl.OpenSslCertificateException;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;

import io.netty.handler.ssl.util.SimpleTrustManagerFactory;

import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;

/**
 * Trust in the certificates of tls-ca-cert-file that does not name them to peers. Both engines list a trust
 * manager's accepted issuers in the server's certificate request; a JDK client whose certificate has another
 * issuer then sends no certificate at all, which tls-auth-clients optional lets in, so a client of a CA the node
 * stopped trusting still got in. redis-server names no CAs: such a client sends its certificate and is refused.
 */
final class UnadvertisedTrust extends SimpleTrustManagerFactory {
    private final TrustManager[] managers;

    private UnadvertisedTrust(X509ExtendedTrustManager verifier) {
        managers = new TrustManager[] {new Unadvertised(verifier)};
    }

    /** The certificates of a PEM bundle, which must hold at least one. */
    static UnadvertisedTrust of(Path caFile) throws IOException, GeneralSecurityException {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(caFile)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        if (certificates.isEmpty()) {
            throw new CertificateException("no certificate in " + caFile);
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int index = 0;
        for (Certificate certificate : certificates) {
            store.setCertificateEntry("ca-" + index++, certificate);
        }
        TrustManagerFactory pkix = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        pkix.init(store);
        for (TrustManager manager : pkix.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager verifier) {
                return new UnadvertisedTrust(verifier);
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager available");
    }

    @Override
    protected void engineInit(KeyStore keyStore) {
    }

    @Override
    protected void engineInit(ManagerFactoryParameters parameters) {
    }

    @Override
    protected TrustManager[] engineGetTrustManagers() {
        return managers.clone();
    }

    /** Verifies as the PKIX manager does and accepts certificates of its CAs, naming none of them. */
    private static final class Unadvertised extends X509ExtendedTrustManager {
        private static final X509Certificate[] NONE = new X509Certificate[0];
        /** OpenSSL's X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY, the verify error of an unknown issuer. */
        private static final int UNABLE_TO_GET_ISSUER_CERT_LOCALLY = 20;
        private final X509ExtendedTrustManager verifier;

        Unadvertised(X509ExtendedTrustManager verifier) {
            this.verifier = verifier;
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return NONE;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            verifier.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            verifier.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            verifier.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            verifier.checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            try {
                verifier.checkClientTrusted(chain, authType, engine);
            } catch (CertificateException e) {
                throw withOpenSslAlert(e, engine);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            try {
                verifier.checkServerTrusted(chain, authType, engine);
            } catch (CertificateException e) {
                throw withOpenSslAlert(e, engine);
            }
        }

        /**
         * A certificate of no trusted CA: OpenSSL, in redis-server, answers it with an unknown_ca alert. Netty's
         * OpenSSL engine reports a trust manager's failure to find a path as an unspecified error, which BoringSSL
         * sends as internal_error, unless the exception carries OpenSSL's verify code. (The JDK engine already sends
         * unknown_ca.)
         */
        private static CertificateException withOpenSslAlert(CertificateException e, SSLEngine engine) {
            if (!(engine instanceof ReferenceCountedOpenSslEngine)) {
                return e;
            }
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof CertPathBuilderException) {
                    return new OpenSslCertificateException(e.getMessage(), e, UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
                }
            }
            return e;
        }
    }
}
