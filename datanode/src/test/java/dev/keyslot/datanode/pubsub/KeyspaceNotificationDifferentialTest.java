package dev.keyslot.datanode.pubsub;

import dev.keyslot.datanode.testing.ConnectionPair;
import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.KeyspaceEventLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Keyspace notifications as a subscriber sees them, compared byte for byte with redis-server 7.0. */
class KeyspaceNotificationDifferentialTest {
    @RegisterExtension
    static final Differential all = Differential.perClassWithoutReset("--notify-keyspace-events", "KEA");
    @RegisterExtension
    static final Differential eventsOnly = Differential.perClassWithoutReset("--notify-keyspace-events", "E$nmx");

    @Test
    void keyspaceAndKeyeventChannelsForWritesAndDeletes() {
        all.reset();
        try (ConnectionPair subscriber = ConnectionPair.open(all)) {
            ConnectionPair writer = ConnectionPair.main(all);
            subscriber.check("PSUBSCRIBE", "__key*__:*");
            writer.check("SET", "k", "v");
            subscriber.checkReply("keyspace set");
            subscriber.checkReply("keyevent set");
            writer.check("SET", "t", "v", "EX", "100");
            for (int i = 0; i < 4; i++) {
                subscriber.checkReply("set then expire #" + i);
            }
            writer.check("DEL", "k", "t", "missing");
            for (int i = 0; i < 4; i++) {
                subscriber.checkReply("del #" + i);
            }
            writer.check("GET", "missing");
            writer.check("SELECT", "5");
            writer.check("SET", "in5", "v");
            subscriber.checkReply("keyspace set in db 5");
            subscriber.checkReply("keyevent set in db 5");
            subscriber.checkQuiet();
        }
    }

    @Test
    void resp3SubscriberSeesItsOwnEventsAsPushesAroundTheReply() {
        all.reset();
        try (ConnectionPair client = ConnectionPair.open(all)) {
            client.resp3();
            client.check("SUBSCRIBE", "__keyevent@0__:set", "__keyevent@0__:del");
            client.checkReply("second subscription");
            client.send("SET", "mine", "v");
            client.checkReply("first of push and reply");
            client.checkReply("second of push and reply");
            client.send("DEL", "mine");
            client.checkReply("first of push and reply");
            client.checkReply("second of push and reply");
            client.checkQuiet();
        }
    }

    @Test
    void expiredKeysAreReported() {
        all.reset();
        try (ConnectionPair subscriber = ConnectionPair.open(all)) {
            ConnectionPair writer = ConnectionPair.main(all);
            subscriber.check("SUBSCRIBE", "__keyevent@0__:expired");
            writer.check("SET", "short", "v", "PX", "20");
            subscriber.checkReply("expired, by active expiry or on access");
        }
    }

    @Test
    void evictedKeysAreReported() {

        try (KeyspaceEventLog log = KeyspaceEventLog.open(all)) {
            ConnectionPair writer = log.writer();
            writer.check("SET", "only", "v");
            writer.check("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
            try {
                writer.check("CONFIG", "SET", "maxmemory", "1");
                writer.check("SET", "another", "v");
            } finally {
                writer.check("CONFIG", "SET", "maxmemory", "0");
                writer.check("CONFIG", "SET", "maxmemory-policy", "noeviction");
            }
            log.assertSameEvents("eviction of the only key");
        }
    }

    @Test
    void onlyEnabledClassesArePublished() {

        eventsOnly.reset();
        try (ConnectionPair subscriber = ConnectionPair.open(eventsOnly)) {
            ConnectionPair writer = ConnectionPair.main(eventsOnly);
            subscriber.check("PSUBSCRIBE", "__key*__:*");
            writer.check("SET", "k", "v");
            subscriber.checkReply("new");
            subscriber.checkReply("set");
            writer.check("SET", "k", "w");
            subscriber.checkReply("set of an existing key is not new");
            writer.check("GET", "nope");
            subscriber.checkReply("keymiss");
            writer.check("EXISTS", "nope", "k");
            subscriber.checkReply("keymiss from EXISTS");
            writer.check("SET", "k", "x", "GET");
            subscriber.checkReply("set with GET");
            writer.check("SET", "other", "x", "GET");
            subscriber.checkReply("keymiss of SET GET");
            subscriber.checkReply("new of SET GET");
            subscriber.checkReply("set of SET GET");
            writer.check("DEL", "k");
            subscriber.checkQuiet();
        }
    }
}
