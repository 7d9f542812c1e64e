package dev.keyslot.operator.admin;

import dev.keyslot.pemkeys.TraditionalKeys;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TLS client sockets that trust the certificates of a PEM bundle (a cluster's ca.crt). Host names are not
 * checked, as Redis does not check them between nodes: nodes are reached by pod IP, which the certificates
 * (DNS names of the pods and services) do not carry.
 */
public final class TlsTrust {
    private TlsTrust() {
    }

    private static final Pattern PKCS8_KEY = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    public static SSLSocketFactory trusting(String caPem) {
        return context(caPem, null).getSocketFactory();
    }

    /**
     * Sockets that trust the bundle and present the certificate (PEM chain) with its key as the client's, or empty
     * when the key is not an unencrypted PEM key: PKCS#8 ("PRIVATE KEY"), PKCS#1 ("RSA PRIVATE KEY", what
     * cert-manager writes by default) or SEC1 ("EC PRIVATE KEY").
     */
    public static Optional<SSLSocketFactory> presenting(String caPem, String certificatePem, String keyPem) {
        Optional<PrivateKey> key = privateKey(keyPem);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        try {
            KeyStore identity = KeyStore.getInstance(KeyStore.getDefaultType());
            identity.load(null, null);
            char[] password = new char[0];
            identity.setKeyEntry("identity", key.get(), password, certificates(certificatePem).toArray(new Certificate[0]));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(identity, password);
            return Optional.of(context(caPem, keys.getKeyManagers()).getSocketFactory());
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("unusable certificate or key: " + e.getMessage(), e);
        }
    }

    private static Optional<PrivateKey> privateKey(String pem) {
        Matcher body = PKCS8_KEY.matcher(pem);
        if (!body.find()) {
            try {
                return TraditionalKeys.parse(pem);
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("unusable key: " + e.getMessage(), e);
            }
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(body.group(1)));
        for (String algorithm : new String[] {"EC", "RSA", "Ed25519"}) {
            try {
                return Optional.of(KeyFactory.getInstance(algorithm).generatePrivate(spec));
            } catch (GeneralSecurityException e) {
                // not a key of this algorithm: try the next one
            }
        }
        return Optional.empty();
    }

    /** Whether one of the bundle's certificates signed the certificate. */
    public static boolean issuedBy(Certificate certificate, String caPem) {
        try {
            for (Certificate ca : certificates(caPem)) {
                try {
                    certificate.verify(ca.getPublicKey());
                    return true;
                } catch (GeneralSecurityException e) {
                    // signed by another one of the bundle, if any
                }
            }
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("unusable CA bundle: " + e.getMessage(), e);
        }
    }

    /** The certificates as one PEM bundle. */
    public static String pem(Collection<? extends Certificate> certificates) {
        Base64.Encoder base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        StringBuilder bundle = new StringBuilder();
        try {
            for (Certificate certificate : certificates) {
                bundle.append("-----BEGIN CERTIFICATE-----\n").append(base64.encodeToString(certificate.getEncoded()))
                        .append("\n-----END CERTIFICATE-----\n");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("unencodable certificate: " + e.getMessage(), e);
        }
        return bundle.toString();
    }

    private static SSLContext context(String caPem, KeyManager[] keys) {
        try {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int index = 0;
            for (Certificate certificate : certificates(caPem)) {
                trusted.setCertificateEntry("ca-" + index++, certificate);
            }
            if (index == 0) {
                throw new IllegalArgumentException("no certificate in the CA bundle");
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("unusable CA bundle: " + e.getMessage(), e);
        }
    }

    public static Collection<? extends Certificate> certificates(String pem) throws GeneralSecurityException {
        return CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }
}
