package dev.keyslot.datanode.server;

import dev.keyslot.datanode.testing.ConnectionPair;
import dev.keyslot.datanode.testing.Differential;
import org.junit.jupiter.api.Test;

/**
 * What RESET clears of transactions, subscriptions and tracking. This branch has no RESET command yet, so
 * redis-server gets RESET and the data node the hook RESET will call (Server.resetClient); what the
 * connection sees afterwards must agree.
 */
class ResetClientStateTest {
    @Test
    void resetDropsTransactionWatchesSubscriptionsAndTracking() {
        try (Differential diff = new Differential(); ConnectionPair client = ConnectionPair.open(diff)) {
            ConnectionPair other = ConnectionPair.main(diff);
            client.resp3();
            client.check("WATCH", "w");
            client.check("SUBSCRIBE", "ch");
            client.check("PSUBSCRIBE", "p*");
            client.check("CLIENT", "TRACKING", "on", "BCAST");
            client.check("MULTI");
            client.check("SET", "k", "v");

            client.redis().call("RESET");
            client.onNodeClient(c -> {
                c.server().resetClient(c);
                c.reply().setProtocol(2);
            });

            other.check("PUBLISH", "ch", "after reset");
            other.check("PUBSUB", "NUMPAT");
            other.check("SET", "w", "touched");
            client.check("CLIENT", "TRACKINGINFO");
            client.check("EXEC");
            client.check("WATCH", "x");
            client.check("MULTI");
            client.check("GET", "k");
            client.check("EXEC");
            client.checkQuiet();
        }
    }
}
