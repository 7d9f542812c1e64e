package dev.keyslot.datanode.acl;

import dev.keyslot.datanode.testing.Differential;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * protected-mode against redis-server 7.0: a client whose source address is 127.0.0.2 is not local for
 * Redis (only 127.0.0.1 and ::1 are), so it is refused while the default user has no password.
 */
class ProtectedModeTest {
    @RegisterExtension
    static final Differential diff = Differential.perClassWithoutReset();

    @AfterEach
    void restore() {
        diff.reconnect();
        diff.redisConnection().call("CONFIG", "SET", "requirepass", "", "protected-mode", "yes");
        diff.nodeConnection().call("CONFIG", "SET", "requirepass", "", "protected-mode", "yes");
    }

    /** Connects from 127.0.0.2, sends PING and returns everything the server wrote before closing or 1s. */
    private static String pingFromOtherLoopbackAddress(String host, int port) throws IOException {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
            s.connect(new InetSocketAddress(host, port), 5000);
            s.setSoTimeout(1000);
            s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            try {
                for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                    out.write(buf, 0, n);
                    if (out.toString(StandardCharsets.US_ASCII).endsWith("\r\n")) {
                        break;
                    }
                }
            } catch (java.net.SocketException | java.net.SocketTimeoutException e) {
                // A refused connection may be reset after the error was written.
            }
            return out.toString(StandardCharsets.US_ASCII);
        }
    }

    private static void compareFromOtherAddress() throws IOException {
        String expected = pingFromOtherLoopbackAddress(diff.redis().host(), diff.redis().port());
        String actual = pingFromOtherLoopbackAddress(diff.node().host(), diff.node().port());
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void nonLocalClientIsDeniedWithoutPassword() throws IOException {
        String reply = pingFromOtherLoopbackAddress(diff.node().host(), diff.node().port());
        assertThat(reply).isEqualTo("-" + ProtectedMode.DENIED + "\r\n");
        compareFromOtherAddress();
    }

    @Test
    void passwordOrProtectedModeOffLetsNonLocalClientsIn() throws IOException {
        diff.checkAll("CONFIG SET requirepass secret", "AUTH secret");
        compareFromOtherAddress();
        assertThat(pingFromOtherLoopbackAddress(diff.node().host(), diff.node().port()))
                .isEqualTo("-NOAUTH Authentication required.\r\n");
        diff.checkAll("CONFIG SET requirepass", "CONFIG SET protected-mode no");
        diff.check("CONFIG", "SET", "requirepass", "");
        compareFromOtherAddress();
        assertThat(pingFromOtherLoopbackAddress(diff.node().host(), diff.node().port())).isEqualTo("+PONG\r\n");
    }

    @Test
    void localClientsAreAlwaysAccepted() {
        diff.checkAll("PING", "CONFIG GET protected-mode");
    }

    @Test
    void onlyExactLoopbackAddressesAreLocal() {
        assertThat(ProtectedMode.isLocal(new InetSocketAddress("127.0.0.1", 1))).isTrue();
        assertThat(ProtectedMode.isLocal(new InetSocketAddress("::1", 1))).isTrue();
        assertThat(ProtectedMode.isLocal(new InetSocketAddress("127.0.0.2", 1))).isFalse();
        assertThat(ProtectedMode.isLocal(new InetSocketAddress("10.1.2.3", 1))).isFalse();
        assertThat(ProtectedMode.isLocal(new InetSocketAddress("fe80::1", 1))).isFalse();
        assertThat(ProtectedMode.isLocal(new io.netty.channel.unix.DomainSocketAddress("/tmp/x.sock"))).isTrue();
    }
}
