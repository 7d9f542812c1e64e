package dev.keyslot.datanode.command.tracking;

import dev.keyslot.datanode.testing.ConnectionPair;
import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.ServerSide;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

/**
 * Client-side caching: CLIENT TRACKING in its modes and the invalidation messages, compared byte for byte
 * with redis-server 7.0 using a tracking connection and a writer connection per server.
 */
class TrackingDifferentialTest {
    private static Differential diff;
    private ConnectionPair tracker;
    private ConnectionPair writer;

    @BeforeAll
    static void start() {
        diff = new Differential();
    }

    @AfterAll
    static void stop() {
        diff.close();
    }

    @BeforeEach
    void connect() {
        diff.reset();
        tracker = ConnectionPair.open(diff);
        writer = ConnectionPair.main(diff);
    }

    @AfterEach
    void disconnect() {
        tracker.close();
    }

    @Test
    void readKeysAreInvalidatedOnceWhenAnotherClientWritesThem() {
        tracker.resp3();
        writer.check("SET", "k", "1");
        tracker.check("CLIENT", "TRACKING", "on");
        tracker.check("GET", "k");
        tracker.check("GET", "missing");
        writer.check("SET", "k", "2");
        tracker.checkReply("invalidate k");
        writer.check("SET", "k", "3");
        writer.check("SET", "missing", "now");
        tracker.checkReply("invalidate missing");
        tracker.checkQuiet();
    }

    @Test
    void ownWritesAreInvalidatedAfterTheReplyUnlessNoloop() {
        tracker.resp3();
        tracker.check("CLIENT", "TRACKING", "on");
        tracker.check("GET", "k");
        tracker.check("SET", "k", "mine");
        tracker.checkReply("invalidate after own write");
        tracker.check("GET", "k");
        tracker.check("MULTI");
        tracker.check("SET", "k", "in-exec");
        tracker.check("GET", "k");
        tracker.check("EXEC");
        tracker.checkReply("invalidate after exec");
        tracker.check("CLIENT", "TRACKING", "on", "NOLOOP");
        tracker.check("GET", "k");
        tracker.check("SET", "k", "quiet");
        tracker.checkQuiet();
    }

    /**
     * A blocked client a write serves modifies the keys it pops itself: a broadcast tracker with NOLOOP that
     * wrote the key hears of the pop.
     */
    @Test
    void popsOfAServedClientAreNotTheWritersOwn() {
        tracker.resp3();
        tracker.check("CLIENT", "TRACKING", "on", "BCAST", "NOLOOP");
        try (ConnectionPair waiter = ConnectionPair.open(diff)) {
            waiter.send("BZPOPMIN", "z", "0");
            ServerSide.of(diff.redis()).awaitBlocked(1);
            ServerSide.of(diff.node()).awaitBlocked(1);
            tracker.check("ZADD", "z", "1", "a");
            waiter.checkReply("served");
            tracker.checkReply("invalidate z");
            tracker.checkQuiet();
        }
    }

    /**
     * Redis leaves the pop of a served BLPOP, or of a served BLMOVE's source, unsignalled (the push that readied
     * the key signalled it already): keys the pushing transaction read after its pushes stay cached.
     */
    @Test
    void aServedPopDoesNotInvalidateTheKeyItPopped() {
        tracker.resp3();
        tracker.check("CLIENT", "TRACKING", "on");
        try (ConnectionPair popper = ConnectionPair.open(diff); ConnectionPair mover = ConnectionPair.open(diff)) {
            popper.send("BLPOP", "l", "0");
            mover.send("BLMOVE", "m", "dst", "LEFT", "RIGHT", "0");
            ServerSide.of(diff.redis()).awaitBlocked(2);
            ServerSide.of(diff.node()).awaitBlocked(2);
            tracker.check("MULTI");
            tracker.check("RPUSH", "l", "a", "b");
            tracker.check("RPUSH", "m", "c", "d");
            tracker.check("LLEN", "l");
            tracker.check("LLEN", "m");
            tracker.check("EXEC");
            popper.checkReply("popped");
            mover.checkReply("moved");
            tracker.checkQuiet();
            writer.check("DEL", "l", "m");
            tracker.checkReply("invalidate l");
            tracker.checkReply("invalidate m");
            tracker.checkQuiet();
        }
    }

    /**
     * Nor does such a pop make the served client the key's last writer: a broadcast tracker with NOLOOP that was
     * served hears of the key another client pushed.
     */
    @Test
    void aServedPopLeavesTheKeyToItsPusherForNoloop() {
        tracker.resp3();
        tracker.check("CLIENT", "TRACKING", "on", "BCAST", "NOLOOP");
        tracker.send("BLPOP", "l", "0");
        ServerSide.of(diff.redis()).awaitBlocked(1);
        ServerSide.of(diff.node()).awaitBlocked(1);
        writer.check("RPUSH", "l", "a");
        tracker.checkReply("popped");
        tracker.checkReply("invalidate l");
        tracker.checkQuiet();
    }

    /**
     * A served BLMOVE signals its destination before replying, but as the current client it hears of its own
     * cached destination after the reply, as after any command of its own.
     */
    @Test
    void aServedClientHearsOfItsOwnWritesAfterItsReply() {
        tracker.resp3();
        tracker.check("CLIENT", "TRACKING", "on");
        tracker.check("LRANGE", "dst", "0", "-1");
        tracker.send("BLMOVE", "src", "dst", "LEFT", "RIGHT", "0");
        ServerSide.of(diff.redis()).awaitBlocked(1);
        ServerSide.of(diff.node()).awaitBlocked(1);
        writer.check("RPUSH", "src", "x");
        tracker.checkReply("moved");
        tracker.checkReply("invalidate dst");
        tracker.checkQuiet();
    }

    /**
     * While a write serves a blocked client, that client is the current one: a NOLOOP tracker whose push woke a
     * BLMOVE hears of the key the BLMOVE pushed to.
     */
    @Test
    void theServedClientsPushIsNotTheWakersOwn() {
        tracker.resp3();
        tracker.check("CLIENT", "TRACKING", "on", "NOLOOP");
        tracker.check("LRANGE", "dst", "0", "-1");
        try (ConnectionPair waiter = ConnectionPair.open(diff)) {
            waiter.send("BLMOVE", "src", "dst", "LEFT", "RIGHT", "0");
            ServerSide.of(diff.redis()).awaitBlocked(1);
            ServerSide.of(diff.node()).awaitBlocked(1);
            tracker.check("RPUSH", "src", "x");
            waiter.checkReply("served");
            tracker.checkReply("invalidate dst");
            tracker.checkQuiet();
        }
    }

    /**
     * RENAME signals its source, then its destination, once both have moved: another client tracking both, and
     * the renaming client tracking its own keys (its invalidations follow the reply), hear of them in that order,
     * whether or not the destination existed.
     */
    @Test
    void renameInvalidatesTheSourceBeforeTheDestination() {
        tracker.resp3();
        tracker.check("CLIENT", "TRACKING", "on");
        for (boolean destinationExists : new boolean[] {false, true}) {
            for (ConnectionPair renamer : List.of(writer, tracker)) {
                writer.check("SET", "src", "v");
                if (destinationExists) {
                    writer.check("SET", "dst", "old");
                }
                tracker.check("GET", "src");
                tracker.check("GET", "dst");
                renamer.check("RENAME", "src", "dst");
                tracker.checkReply("invalidate src");
                tracker.checkReply("invalidate dst");
                writer.check("DEL", "dst");
                tracker.checkQuiet();
            }
        }
    }

    /** A pop that empties a list invalidates it after the "del" event, as Redis signals the key last. */
    @Test
    void emptyingPopInvalidatesAfterItsDelEvent() {
        trackingWithKeyspaceEventsOf("l", () -> {
            writer.check("RPUSH", "l", "a");
            tracker.checkReply("rpush event");
            tracker.check("LRANGE", "l", "0", "-1");
            writer.check("LPOP", "l");
            tracker.checkReply("lpop event");
            tracker.checkReply("del event");
            tracker.checkReply("invalidate l");
            tracker.checkQuiet();
        });
    }

    /**
     * A removal that empties a sorted set invalidates it where Redis signals the key: ZREM after its "del" event,
     * ZREMRANGEBYSCORE before its events, ZPOPMIN between its pop event and "del".
     */
    @Test
    void emptyingSortedSetRemovalsInvalidateWhereRedisSignals() {
        trackingWithKeyspaceEventsOf("z", () -> {
            for (String[] removal : List.of(new String[] {"ZREM", "z", "m"},
                    new String[] {"ZREMRANGEBYSCORE", "z", "0", "1"}, new String[] {"ZPOPMIN", "z"})) {
                writer.check("ZADD", "z", "1", "m");
                tracker.checkReply("zadd event");
                tracker.check("ZRANGE", "z", "0", "-1");
                writer.check(removal);
                for (int push = 0; push < 3; push++) {
                    tracker.checkReply("removal event, del event and invalidation, in Redis's order");
                }
                tracker.checkQuiet();
            }
        });
    }

    /**
     * Runs a scenario with keyspace events on and the tracker, in RESP3, both tracking and subscribed to the events
     * of key, so the order of its invalidations and the events shows on one connection.
     */
    private void trackingWithKeyspaceEventsOf(String key, Runnable scenario) {
        diff.check("CONFIG", "SET", "notify-keyspace-events", "KEA");
        try {
            tracker.resp3();
            tracker.check("CLIENT", "TRACKING", "on");
            tracker.check("PSUBSCRIBE", "__keyspace@0__:" + key);
            scenario.run();
        } finally {
            diff.check("CONFIG", "SET", "notify-keyspace-events", "");
        }
    }

    /**
     * Keys a script's commands read are remembered for the script's caller (a read-only script's declared keys
     * are not, only what it reads); the caller's NOLOOP covers its script's writes in the default mode, not
     * in the broadcast one.
     */
    @Test
    void scriptsTrackKeysForTheirCaller() {
        tracker.resp3();
        tracker.check("CLIENT", "TRACKING", "on");
        tracker.check("EVAL", "return redis.call('get', KEYS[1])", "1", "read");
        tracker.check("EVAL_RO", "return 1", "1", "declared");
        writer.check("MSET", "declared", "1", "read", "1");
        tracker.checkReply("invalidate read");
        tracker.checkQuiet();
        tracker.check("EVAL", "redis.call('get', KEYS[1]) redis.call('set', KEYS[1], 'v') return 1", "1", "own");
        tracker.checkReply("invalidate own after the reply");
        tracker.check("CLIENT", "TRACKING", "off");
        tracker.check("CLIENT", "TRACKING", "on", "OPTIN");
        tracker.check("CLIENT", "CACHING", "yes");
        tracker.check("EVAL", "return redis.call('get', KEYS[1])", "1", "opted");
        tracker.check("GET", "unopted");
        writer.check("MSET", "opted", "1", "unopted", "1");
        tracker.checkReply("invalidate opted");
        tracker.checkQuiet();
        tracker.check("CLIENT", "TRACKING", "off");
        tracker.check("CLIENT", "TRACKING", "on", "NOLOOP");
        tracker.check("GET", "loop");
        tracker.check("EVAL", "return redis.call('set', KEYS[1], 'v')", "1", "loop");
        tracker.checkQuiet();
        tracker.check("CLIENT", "TRACKING", "off");
        tracker.check("CLIENT", "TRACKING", "on", "BCAST", "NOLOOP");
        tracker.check("EVAL", "return redis.call('set', KEYS[1], 'v')", "1", "broadcast");
        tracker.checkReply("invalidate broadcast");
        tracker.checkQuiet();
    }

    /**
     * A script that runs a read-only command makes its caller track the keys the script declared, not those its
     * commands touched; a script that only writes, or EVAL_RO calling PING, tracks nothing.
     */
    @Test
    void scriptsThatReadTrackTheirDeclaredKeys() {
        tracker.resp3();
        tracker.check("CLIENT", "TRACKING", "on");
        tracker.check("EVAL", "redis.call('set', 'key3', 'bar')", "2", "key1", "key2");
        writer.check("MSET", "key2", "1", "key1", "1");
        tracker.checkQuiet();
        tracker.check("EVAL", "redis.call('get', 'key3')", "2", "key1", "key2");
        writer.check("MSET", "key2", "2", "key1", "2", "key3", "2");
        tracker.checkReply("invalidate key2");
        tracker.checkReply("invalidate key1");
        tracker.checkQuiet();
        tracker.check("EVAL_RO", "redis.call('ping')", "2", "key1", "key2");
        writer.check("MSET", "key2", "3", "key1", "3");
        tracker.checkQuiet();
        tracker.check("EVAL_RO", "redis.call('get', 'key1')", "2", "key1", "key2");
        writer.check("MSET", "key2", "4", "key1", "4");
        tracker.checkReply("invalidate key2");
        tracker.checkReply("invalidate key1");
        tracker.checkQuiet();
    }

    /** INFO stats counts the tracked keys, key-client pairs and BCAST prefixes, and the channels and patterns in use. */
    @Test
    void infoCountsTrackedKeysAndSubscriptions() {
        tracker.check("CLIENT", "TRACKING", "on");
        tracker.check("GET", "key1");
        tracker.check("GET", "key2");
        try (ConnectionPair broadcaster = ConnectionPair.open(diff); ConnectionPair subscriber = ConnectionPair.open(diff)) {
            broadcaster.check("CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "p:", "PREFIX", "q:");
            subscriber.check("SUBSCRIBE", "ch1", "ch2");
            subscriber.check("PSUBSCRIBE", "pat*");
            subscriber.check("SSUBSCRIBE", "shard");
            List<String> counters = List.of("tracking_total_keys", "tracking_total_items", "tracking_total_prefixes",
                    "pubsub_channels", "pubsub_patterns", "pubsubshard_channels");
            String redis = diff.redisConnection().callString("INFO", "stats");
            String node = diff.nodeConnection().callString("INFO", "stats");
            for (String counter : counters) {
                org.assertj.core.api.Assertions.assertThat(field(node, counter)).as(counter).isEqualTo(field(redis, counter));
            }
            org.assertj.core.api.Assertions.assertThat(field(node, "tracking_total_keys")).isEqualTo("2");
        }
    }

    private static String field(String info, String name) {
        return info.replaceAll("(?s).*\r\n" + name + ":(\\d+)\r\n.*", "$1");
    }

    @Test
    void flushSendsANullInvalidation() {
        tracker.resp3();
        tracker.check("CLIENT", "TRACKING", "on");
        tracker.check("GET", "k");
        writer.check("FLUSHALL");
        tracker.checkReply("null invalidation");
        tracker.check("FLUSHDB");
        tracker.checkReply("own flush invalidation");
        tracker.checkQuiet();
    }

    @Test
    void redirectToResp2SubscriberOfTheInvalidateChannel() {
        try (ConnectionPair listener = ConnectionPair.open(diff)) {
            String[] ids = listener.ids();
            listener.check("SUBSCRIBE", "__redis__:invalidate");
            tracker.checkEach(new String[] {"CLIENT", "TRACKING", "on", "REDIRECT", ids[0]},
                    new String[] {"CLIENT", "TRACKING", "on", "REDIRECT", ids[1]});
            tracker.check("GET", "a");
            writer.check("SET", "a", "1");
            listener.checkReply("invalidation message");
            writer.check("FLUSHALL");
            listener.checkReply("null invalidation message");
            tracker.checkWithId(ids, "CLIENT", "TRACKINGINFO");
            tracker.checkWithId(ids, "CLIENT", "GETREDIR");
        }
    }

    /**
     * XADD, LPUSH, RPUSH, ZADD and ZINCRBY signal their key after replying, also when they create it: a redirect
     * target that runs them hears of another client's cached key after its reply.
     */
    @Test
    void pushesZaddAndXaddInvalidateAfterTheirReply() {
        try (ConnectionPair target = ConnectionPair.open(diff)) {
            String[] ids = target.ids();
            target.resp3();
            tracker.checkEach(new String[] {"CLIENT", "TRACKING", "on", "REDIRECT", ids[0]},
                    new String[] {"CLIENT", "TRACKING", "on", "REDIRECT", ids[1]});
            tracker.check("EXISTS", "s", "l", "r", "z");
            target.check("XADD", "s", "1-1", "f", "v");
            target.checkReply("invalidate s after the new stream's id");
            target.check("LPUSH", "l", "a");
            target.checkReply("invalidate l after the new list's length");
            tracker.check("LLEN", "l");
            target.check("LPUSH", "l", "b");
            target.checkReply("invalidate l after the longer list's length");
            target.check("RPUSH", "r", "c");
            target.checkReply("invalidate r after the new list's length");
            target.check("ZADD", "z", "1", "a");
            target.checkReply("invalidate z after the new sorted set's count");
            tracker.check("ZSCORE", "z", "a");
            target.check("ZINCRBY", "z", "1", "a");
            target.checkReply("invalidate z after the new score");
            target.checkQuiet();
        }
    }

    @Test
    void redirectTargetsReceiveWhateverTheirProtocolAllows() {
        try (ConnectionPair resp2Subscriber = ConnectionPair.open(diff);
             ConnectionPair resp3Plain = ConnectionPair.open(diff);
             ConnectionPair second = ConnectionPair.open(diff)) {
            String[] subscriberIds = resp2Subscriber.ids();
            resp2Subscriber.check("SUBSCRIBE", "unrelated");
            tracker.checkEach(new String[] {"CLIENT", "TRACKING", "on", "REDIRECT", subscriberIds[0]},
                    new String[] {"CLIENT", "TRACKING", "on", "REDIRECT", subscriberIds[1]});
            tracker.check("GET", "x");
            String[] plainIds = resp3Plain.ids();
            resp3Plain.resp3();
            second.checkEach(new String[] {"CLIENT", "TRACKING", "on", "REDIRECT", plainIds[0]},
                    new String[] {"CLIENT", "TRACKING", "on", "REDIRECT", plainIds[1]});
            second.check("GET", "x");
            writer.check("MULTI");
            writer.check("SET", "x", "1");
            writer.check("EXEC");
            resp2Subscriber.checkReply("message on __redis__:invalidate despite another subscription");
            resp3Plain.checkReply("push to a RESP3 redirect target");
            resp2Subscriber.checkQuiet();
            resp3Plain.checkQuiet();
        }
    }

    @Test
    void brokenRedirectIsReportedToResp3Trackers() {
        tracker.resp3();
        ConnectionPair target = ConnectionPair.open(diff);
        String[] ids = target.ids();
        tracker.checkEach(new String[] {"CLIENT", "TRACKING", "on", "REDIRECT", ids[0]},
                new String[] {"CLIENT", "TRACKING", "on", "REDIRECT", ids[1]});
        tracker.check("GET", "b");
        target.close();
        writer.check("PING");
        writer.check("SET", "b", "1");
        tracker.checkReplyWithId("tracking-redir-broken", ids);
        tracker.checkWithId(ids, "CLIENT", "TRACKINGINFO");
    }

    @Test
    void broadcastModeSendsModifiedKeysUnderThePrefixes() {
        tracker.resp3();
        tracker.check("CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "user:", "PREFIX", "item:");
        writer.check("SET", "user:1", "x");
        tracker.checkReply("bcast user:1");
        writer.check("SET", "other", "x");
        writer.check("SET", "item:9", "x");
        tracker.checkReply("bcast item:9");
        tracker.check("CLIENT", "TRACKINGINFO");
        tracker.check("SET", "user:2", "own");
        tracker.checkReply("bcast own write without noloop");
        tracker.check("CLIENT", "TRACKING", "off");
        tracker.check("CLIENT", "TRACKING", "on", "BCAST", "NOLOOP");
        tracker.check("SET", "user:3", "own");
        writer.check("SET", "z", "1");
        tracker.checkReply("bcast all keys, own excluded");
        tracker.checkQuiet();
    }

    @Test
    void optinTracksOnlyAfterCachingYes() {
        tracker.resp3();
        tracker.check("CLIENT", "TRACKING", "on", "OPTIN");
        tracker.check("GET", "untracked");
        tracker.check("CLIENT", "CACHING", "yes");
        tracker.check("CLIENT", "TRACKINGINFO");
        tracker.check("GET", "tracked");
        tracker.check("CLIENT", "TRACKINGINFO");
        writer.check("SET", "untracked", "1");
        writer.check("SET", "tracked", "1");
        tracker.checkReply("invalidate tracked");
        tracker.checkQuiet();
    }

    @Test
    void optoutTracksUnlessCachingNo() {
        tracker.resp3();
        tracker.check("CLIENT", "TRACKING", "on", "OPTOUT");
        tracker.check("CLIENT", "CACHING", "no");
        tracker.check("GET", "skipped");
        tracker.check("GET", "tracked");
        writer.check("SET", "skipped", "1");
        writer.check("SET", "tracked", "1");
        tracker.checkReply("invalidate tracked");
        tracker.checkQuiet();
    }

    @Test
    void cachingLastsOneCommandEvenWhenItIsRefused() {
        tracker.resp3();
        tracker.check("CLIENT", "TRACKING", "on", "OPTIN");
        tracker.check("CLIENT", "CACHING", "yes");
        tracker.check("NOSUCHCOMMAND");
        tracker.check("GET", "k");
        tracker.check("CLIENT", "CACHING", "yes");
        tracker.check("MULTI");
        tracker.check("GET", "k2");
        tracker.check("EXEC");
        writer.check("SET", "k", "1");
        writer.check("SET", "k2", "1");
        tracker.checkReply("invalidate k2 read inside the transaction");
        tracker.check("CLIENT", "CACHING", "yes");
        tracker.check("MULTI");
        tracker.check("GET", "queued");
        tracker.check("EXEC", "refused");
        tracker.check("GET", "after");
        writer.check("SET", "queued", "1");
        writer.check("SET", "after", "1");
        tracker.checkQuiet();
    }

    @Test
    void trackingErrors() {
        tracker.check("CLIENT", "TRACKING");
        tracker.check("CLIENT", "TRACKING", "maybe");
        tracker.check("CLIENT", "TRACKING", "on", "NOPE");
        tracker.check("CLIENT", "TRACKING", "on", "REDIRECT");
        tracker.check("CLIENT", "TRACKING", "on", "REDIRECT", "x");
        tracker.check("CLIENT", "TRACKING", "on", "REDIRECT", "987654");
        tracker.check("CLIENT", "TRACKING", "on", "PREFIX", "a");
        tracker.check("CLIENT", "TRACKING", "on", "BCAST", "OPTIN");
        tracker.check("CLIENT", "TRACKING", "on", "OPTIN", "OPTOUT");
        tracker.check("CLIENT", "CACHING", "yes");
        tracker.check("CLIENT", "GETREDIR");
        tracker.check("CLIENT", "TRACKINGINFO");
        tracker.check("CLIENT", "TRACKING", "on", "OPTIN");
        tracker.check("CLIENT", "CACHING", "no");
        tracker.check("CLIENT", "CACHING", "maybe");
        tracker.check("CLIENT", "TRACKING", "on", "OPTOUT");
        tracker.check("CLIENT", "TRACKING", "on", "BCAST");
        tracker.check("CLIENT", "GETREDIR");
        tracker.check("CLIENT", "TRACKING", "off");
        tracker.check("CLIENT", "TRACKING", "on", "OPTOUT");
        tracker.check("CLIENT", "CACHING", "yes");
        tracker.check("CLIENT", "GETREDIR", "extra");
        tracker.check("CLIENT", "CACHING");
    }

    @Test
    void prefixOverlaps() {
        tracker.check("CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "a", "PREFIX", "ab");
        tracker.check("CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "x");
        tracker.check("CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "x");
        tracker.check("CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "xy");
        tracker.send("CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "m", "PREFIX", "n", "PREFIX", "nn");
        tracker.checkReply("overlap of later prefixes: error");
        tracker.checkReply("and then OK anyway");
        tracker.check("CLIENT", "TRACKINGINFO");
        tracker.check("CLIENT", "TRACKING", "off");
        tracker.check("CLIENT", "TRACKING", "on", "BCAST");
        tracker.check("CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "p");
        tracker.check("CLIENT", "TRACKINGINFO");
    }

    @Test
    void resp2TrackerWithoutRedirectGetsNothing() {
        tracker.check("CLIENT", "TRACKING", "on");
        tracker.check("GET", "k");
        writer.check("SET", "k", "1");
        tracker.checkQuiet();
        tracker.check("CLIENT", "TRACKINGINFO");
    }
}
