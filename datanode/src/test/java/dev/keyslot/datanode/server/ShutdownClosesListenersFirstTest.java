package dev.keyslot.datanode.server;

import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.RawConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Once SHUTDOWN has closed a client's connection the port refuses new ones, as an exited redis-server's does:
 * Redis's test suite reconnects right away and expects "connection refused".
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ShutdownClosesListenersFirstTest {
    @Test
    void aClientClosedByShutdownCannotConnectAgain() {
        for (int round = 0; round < 5; round++) {
            try (EmbeddedDataNode node = EmbeddedDataNode.start();
                 RawConnection conn = new RawConnection(node.host(), node.port())) {
                conn.send(RawConnection.encode("SHUTDOWN", "NOSAVE"));
                assertThat(conn.isClosedByPeer(10_000)).isTrue();
                assertThatThrownBy(() -> connect(node)).as("round " + round).isInstanceOf(ConnectException.class);
            }
        }
    }

    private static void connect(EmbeddedDataNode node) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(node.host(), node.port()), 1000);
        }
    }
}
