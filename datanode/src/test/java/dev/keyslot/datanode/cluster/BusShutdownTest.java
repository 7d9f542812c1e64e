package dev.keyslot.datanode.cluster;

import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.LoopbackCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A node that stops closes every bus connection it accepted, also one that has not sent a message yet and so
 * belongs to no known node: a peer holding such a link would otherwise see nothing wrong and fail the node only
 * after the whole node timeout instead of noticing the refused reconnection at once.
 */
class BusShutdownTest {
    private static final String HOST = "127.0.163.1";
    @RegisterExtension
    final LoopbackCluster cluster = new LoopbackCluster(5_000);

    @Test
    void stoppingANodeClosesAnInboundLinkThatSentNothing() throws Exception {
        EmbeddedDataNode node = cluster.dataNode(HOST);
        try (Socket peer = new Socket()) {
            peer.connect(new InetSocketAddress(HOST, 16379), 5_000);
            peer.setSoTimeout(5_000);
            cluster.stop(node);
            InputStream in = peer.getInputStream();
            try {
                assertThat(in.read()).as("end of stream").isEqualTo(-1);
            } catch (SocketTimeoutException e) {
                fail("the stopped node left the bus connection open");
            } catch (IOException reset) {
                assertThat(reset.getMessage()).containsIgnoringCase("reset");
            }
        }
    }
}
