package dev.keyslot.datanode.command.pubsub;

import dev.keyslot.datanode.testing.ConnectionPair;
import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.RawConnection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Subscriptions end with the connection, and subscribers are not closed by the idle timeout. */
class SubscriberLifecycleDifferentialTest {
    @Test
    void disconnectingDropsSubscriptions() throws InterruptedException {
        try (Differential diff = new Differential()) {
            ConnectionPair publisher = ConnectionPair.main(diff);
            ConnectionPair subscriber = ConnectionPair.open(diff);
            subscriber.check("SUBSCRIBE", "gone");
            subscriber.check("PSUBSCRIBE", "g*");
            publisher.check("PUBLISH", "gone", "1");
            subscriber.close();
            Thread.sleep(200);
            publisher.check("PUBSUB", "NUMSUB", "gone");
            publisher.check("PUBSUB", "NUMPAT");
            publisher.check("PUBLISH", "gone", "2");
        }
    }

    @Test
    void subscribersAreExemptFromTheIdleTimeout() throws InterruptedException {
        try (Differential diff = new Differential("--timeout", "2")) {
            // The first request of a fresh data node can take about a second (class loading): take it here so
            // the connections below are not idle from the start.
            try (RawConnection warmUp = new RawConnection(diff.node().host(), diff.node().port())) {
                warmUp.call("PING");
            }
            checkTimeoutExemption(diff);
        }
    }

    private static void checkTimeoutExemption(Differential diff) throws InterruptedException {
        try (ConnectionPair subscriber = ConnectionPair.open(diff);
             ConnectionPair unsubscribed = ConnectionPair.open(diff);
             ConnectionPair idle = ConnectionPair.open(diff)) {
            subscriber.check("SUBSCRIBE", "keepalive");
            unsubscribed.check("SUBSCRIBE", "brief");
            unsubscribed.check("UNSUBSCRIBE");
            idle.check("PING");
            Thread.sleep(4500);
            assertThat(idle.node().isClosedByPeer(2000)).as("data node closes the idle client").isTrue();
            assertThat(idle.redis().isClosedByPeer(2000)).as("redis closes the idle client").isTrue();
            assertThat(unsubscribed.node().isClosedByPeer(1000)).as("exemption ends with the subscriptions").isTrue();
            subscriber.check("PING");
        }
    }
}
