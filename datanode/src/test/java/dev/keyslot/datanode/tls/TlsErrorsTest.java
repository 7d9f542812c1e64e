package dev.keyslot.datanode.tls;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLHandshakeException;

import static org.assertj.core.api.Assertions.assertThat;

/** Both engines' handshake failures come out in the words Redis (OpenSSL 3) logs. */
class TlsErrorsTest {
    private static Throwable wrapped(String message) {
        return new DecoderException(new SSLHandshakeException(message));
    }

    @Test
    void boringSslReasonsAreTranslated() {
        assertThat(TlsErrors.describe(wrapped("error:100000c0:SSL routines:OPENSSL_internal:PEER_DID_NOT_RETURN_A_CERTIFICATE")))
                .isEqualTo("error:0A0000C7:SSL routines::peer did not return a certificate");
        assertThat(TlsErrors.describe(wrapped("error:10000418:SSL routines:OPENSSL_internal:TLSV1_ALERT_UNKNOWN_CA")))
                .isEqualTo("error:0A000418:SSL routines::tlsv1 alert unknown ca");
        assertThat(TlsErrors.describe(wrapped("error:1000007d:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED")))
                .isEqualTo("error:0A000086:SSL routines::certificate verify failed");
    }

    @Test
    void jdkReasonsAreTranslated() {
        assertThat(TlsErrors.describe(wrapped("Empty client certificate chain")))
                .isEqualTo("error:0A0000C7:SSL routines::peer did not return a certificate");
        assertThat(TlsErrors.describe(wrapped("PKIX path building failed")))
                .isEqualTo("error:0A000086:SSL routines::certificate verify failed");
    }

    @Test
    void plainTextOnTheTlsPortIsAWrongVersion() {
        assertThat(TlsErrors.describe(new NotSslRecordException("not an SSL/TLS record")))
                .isEqualTo("error:0A00010B:SSL routines::wrong version number");
    }

    @Test
    void unknownFailuresKeepTheEngineMessage() {
        assertThat(TlsErrors.describe(wrapped("something else"))).isEqualTo("something else");
    }
}
