package dev.keyslot.datanode.tls;

import dev.keyslot.datanode.testing.TestCertificates;
import io.lettuce.core.SslOptions;

/** Lettuce's TLS options for the test certificates: trusts the server identity, presents the client one. */
final class TlsTestSsl {
    private TlsTestSsl() {
    }

    static SslOptions lettuce(TestCertificates certs) {
        return SslOptions.builder().jdkSslProvider()
                .truststore(certs.p12("server").toFile(), TestCertificates.STORE_PASSWORD)
                .keystore(certs.p12("client").toFile(), TestCertificates.STORE_PASSWORD.toCharArray())
                .build();
    }
}
