package dev.keyslot.operator.testing;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** A throwaway certificate authority for tests: issues node certificates as PEM, the way cert-manager stores them. */
public final class TestCertificates {
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final KeyPair caKeys;
    private final X509CertificateHolder ca;

    /** One issued certificate: PEM of the certificate, its PKCS#8 private key and the issuing CA. */
    public record Issued(String certificate, String key, String ca) {
        /** A kubernetes.io/tls Secret with tls.crt, tls.key and ca.crt. */
        public Secret secret(String name, String namespace) {
            Base64.Encoder base64 = Base64.getEncoder();
            return new SecretBuilder()
                    .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                    .withType("kubernetes.io/tls")
                    .withData(Map.of(
                            "tls.crt", base64.encodeToString(certificate.getBytes(StandardCharsets.US_ASCII)),
                            "tls.key", base64.encodeToString(key.getBytes(StandardCharsets.US_ASCII)),
                            "ca.crt", base64.encodeToString(ca.getBytes(StandardCharsets.US_ASCII))))
                    .build();
        }
    }

    private TestCertificates(KeyPair caKeys, X509CertificateHolder ca) {
        this.caKeys = caKeys;
        this.ca = ca;
    }

    public static TestCertificates newAuthority(String name) {
        KeyPair keys = keyPair();
        X500Name subject = new X500Name("CN=" + name);
        X509CertificateHolder ca = sign(new JcaX509v3CertificateBuilder(subject, serial(), notBefore(), notAfter(),
                subject, keys.getPublic()), keys, true, List.of());
        return new TestCertificates(keys, ca);
    }

    /** The CA certificate, PEM. */
    public String caPem() {
        return pem("CERTIFICATE", encoded(ca));
    }

    /** A certificate for servers and clients, with the given DNS names, signed by this authority. */
    public Issued issue(String commonName, List<String> dnsNames) {
        KeyPair keys = keyPair();
        X509CertificateHolder certificate = sign(new JcaX509v3CertificateBuilder(ca.getSubject(), serial(), notBefore(),
                notAfter(), new X500Name("CN=" + commonName), keys.getPublic()), caKeys, false, dnsNames);
        return new Issued(pem("CERTIFICATE", encoded(certificate)), pem("PRIVATE KEY", keys.getPrivate().getEncoded()), caPem());
    }

    private static X509CertificateHolder sign(JcaX509v3CertificateBuilder builder, KeyPair signer, boolean authority,
                                              List<String> dnsNames) {
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(authority));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(authority
                    ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            if (!dnsNames.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(dnsNames.stream()
                        .map(n -> new GeneralName(GeneralName.dNSName, n)).toArray(GeneralName[]::new)));
            }
            return builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate()));
        } catch (IOException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] encoded(X509CertificateHolder certificate) {
        try {
            return certificate.getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIAL.incrementAndGet());
    }

    private static Date notBefore() {
        return Date.from(Instant.now().minus(Duration.ofHours(1)));
    }

    private static Date notAfter() {
        return Date.from(Instant.now().plus(Duration.ofDays(2)));
    }
}
