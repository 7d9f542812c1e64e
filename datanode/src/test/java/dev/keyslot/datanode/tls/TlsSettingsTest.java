package dev.keyslot.datanode.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** Engine choice: OpenSSL from the bundled native library, the JDK where a setting needs it. */
class TlsSettingsTest {
    private static UnaryOperator<String> config(String ciphersuites) {
        Map<String, String> values = Map.of("tls-ciphersuites", ciphersuites);
        return name -> values.getOrDefault(name, "");
    }

    @Test
    void bundledOpenSslIsUsedByDefault() {
        assertThat(OpenSsl.isAvailable()).as("netty-tcnative loads on linux-x86_64").isTrue();
        assertThat(TlsSettings.provider(config(""))).isEqualTo(SslProvider.OPENSSL);
        assertThat(TlsSettings.engine(config(""))).startsWith("OpenSSL (");
    }

    @Test
    void tls13SuitesNeedTheJdkEngine() {
        UnaryOperator<String> restricted = config("TLS_CHACHA20_POLY1305_SHA256");
        assertThat(TlsSettings.provider(restricted)).isEqualTo(SslProvider.JDK);
        assertThat(TlsSettings.engine(restricted)).startsWith("JDK (tls-ciphersuites is set");
    }
}
