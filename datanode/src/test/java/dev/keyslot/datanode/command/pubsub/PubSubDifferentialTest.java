package dev.keyslot.datanode.command.pubsub;

import dev.keyslot.datanode.testing.ConnectionPair;
import dev.keyslot.datanode.testing.Differential;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Pub/sub with a subscriber and a publisher connection per server, every confirmation, message and error
 * compared byte for byte with redis-server 7.0, in RESP2 and RESP3.
 */
class PubSubDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClass();
    private ConnectionPair subscriber;
    private ConnectionPair publisher;

    @BeforeEach
    void connect() {
        subscriber = ConnectionPair.open(diff);
        publisher = ConnectionPair.main(diff);
    }

    @AfterEach
    void disconnect() {
        subscriber.close();
    }

    @Test
    void subscribeConfirmsEachChannelWithTheRunningCount() {
        subscriber.send("SUBSCRIBE", "a", "b", "a");
        subscriber.checkReply("subscribe a");
        subscriber.checkReply("subscribe b");
        subscriber.checkReply("subscribe a again");
        subscriber.check("UNSUBSCRIBE", "b");
        subscriber.send("UNSUBSCRIBE", "a", "never");
        subscriber.checkReply("unsubscribe a");
        subscriber.checkReply("unsubscribe never");
        subscriber.check("UNSUBSCRIBE");
        subscriber.check("PUNSUBSCRIBE");
        subscriber.check("SUNSUBSCRIBE");
        subscriber.check("GET", "k");
    }

    @Test
    void messagesReachChannelAndPatternSubscribers() {
        subscriber.check("SUBSCRIBE", "news");
        subscriber.check("PSUBSCRIBE", "n*");
        publisher.check("PUBLISH", "news", "hello");
        subscriber.checkReply("message");
        subscriber.checkReply("pmessage");
        publisher.check("PUBLISH", "nothing", "x");
        subscriber.checkReply("pmessage only");
        publisher.check("PUBLISH", "other", "x");
        subscriber.checkQuiet();
        subscriber.check("PUNSUBSCRIBE", "n*");
        subscriber.check("PUNSUBSCRIBE", "n*");
        publisher.check("PUBLISH", "nothing", "x");
        subscriber.checkQuiet();
    }

    @Test
    void unsubscribeWithoutArgumentsLeavesEveryChannel() {
        subscriber.check("SUBSCRIBE", "one");
        subscriber.check("PSUBSCRIBE", "p1");
        subscriber.check("PSUBSCRIBE", "p2");
        subscriber.check("UNSUBSCRIBE");
        subscriber.check("PING");
        subscriber.send("PUNSUBSCRIBE");
        subscriber.checkReply("punsubscribe p1");
        subscriber.checkReply("punsubscribe p2");
        subscriber.check("PING");
    }

    @Test
    void shardChannels() {
        subscriber.send("SSUBSCRIBE", "s1", "s2");
        subscriber.checkReply("ssubscribe s1");
        subscriber.checkReply("ssubscribe s2");
        subscriber.check("PSUBSCRIBE", "s*");
        publisher.check("SPUBLISH", "s1", "sharded");
        subscriber.checkReply("smessage");
        publisher.check("PUBLISH", "s1", "classic");
        subscriber.checkReply("pmessage for classic publish");
        publisher.check("PUBSUB", "SHARDNUMSUB", "s1", "s2", "s3");
        publisher.check("PUBSUB", "SHARDCHANNELS", "*1");
        publisher.check("PUBSUB", "NUMSUB", "s1");
        subscriber.check("SUNSUBSCRIBE", "s1");
        subscriber.check("SUNSUBSCRIBE");
        subscriber.check("SUNSUBSCRIBE");
    }

    @Test
    void resp2SubscriberMayOnlySubscribeOrPing() {
        subscriber.check("SUBSCRIBE", "c");
        subscriber.check("GET", "k");
        subscriber.check("PUBSUB", "NUMPAT");
        subscriber.check("PING");
        subscriber.check("PING", "hi");
        subscriber.check("PING", "a", "b");
        subscriber.check("NOSUCH");
        subscriber.check("UNSUBSCRIBE", "c");
        subscriber.check("GET", "k");
        subscriber.check("PING");
    }

    @Test
    void resp3SubscriberGetsPushesAndMayRunAnyCommand() {
        subscriber.resp3();
        subscriber.check("SUBSCRIBE", "c");
        subscriber.check("PSUBSCRIBE", "*");
        subscriber.check("SET", "k", "v");
        subscriber.check("PING");
        publisher.check("PUBLISH", "c", "m");
        subscriber.checkReply("message push");
        subscriber.checkReply("pmessage push");
        subscriber.check("PUBLISH", "c", "self");
        subscriber.checkReply("own message push");
        subscriber.checkReply("own pmessage push");
        subscriber.check("UNSUBSCRIBE");
        subscriber.check("PUNSUBSCRIBE");
        subscriber.check("UNSUBSCRIBE");
    }

    @Test
    void pubsubIntrospection() {
        subscriber.check("SUBSCRIBE", "chan");
        subscriber.check("PSUBSCRIBE", "p*");
        publisher.check("PUBSUB", "CHANNELS");
        publisher.check("PUBSUB", "CHANNELS", "c*");
        publisher.check("PUBSUB", "CHANNELS", "x*");
        publisher.check("PUBSUB", "NUMSUB");
        publisher.check("PUBSUB", "NUMSUB", "chan", "none");
        publisher.check("PUBSUB", "NUMPAT");
        publisher.check("PUBSUB", "SHARDCHANNELS");
        publisher.check("PUBSUB", "SHARDNUMSUB");
        publisher.check("PUBSUB", "HELP");
        publisher.check("pubsub", "help");
        publisher.check("PUBSUB", "CHANNELS", "a", "b");
        publisher.check("PUBSUB", "NUMPAT", "x");
        publisher.check("PUBSUB", "NOPE");
        publisher.check("PUBSUB");
        publisher.check("PUBLISH", "chan");
        publisher.check("SUBSCRIBE");
    }

    @Test
    void subscribeInsideTransaction() {
        subscriber.check("MULTI");
        subscriber.check("SUBSCRIBE", "t");
        subscriber.check("PING");
        subscriber.check("EXEC");
        subscriber.check("PING");
        publisher.check("PUBLISH", "t", "in");
        subscriber.checkReply("message after exec");
        publisher.check("MULTI");
        publisher.check("SSUBSCRIBE", "s");
        publisher.check("EXEC");
    }

    @Test
    void binaryChannelsAndMessages() {
        subscriber.check("SUBSCRIBE", "bin\u0001ch");
        publisher.check("PUBLISH", "bin\u0001ch", "\u0000\u00ff payload");
        subscriber.checkReply("binary message");
    }
}
