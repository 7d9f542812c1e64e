package dev.keyslot.datanode.pubsub;

import dev.keyslot.datanode.protocol.Reply;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.util.ByteKey;
import dev.keyslot.datanode.util.GlobMatcher;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The server's pub/sub registry: subscribers per channel, per pattern and per shard channel, message
 * delivery and the subscribe/unsubscribe confirmations, formatted as Redis does for RESP2 (arrays) and
 * RESP3 (pushes). Subscribers are kept in subscription order.
 */
public final class PubSub {
    private static final byte[] PSUBSCRIBE = ascii("psubscribe");
    private static final byte[] PUNSUBSCRIBE = ascii("punsubscribe");
    private static final byte[] PMESSAGE = ascii("pmessage");

    private final Map<ByteKey, Set<Client>> channels = new LinkedHashMap<>();
    private final Map<ByteKey, Set<Client>> shardChannels = new LinkedHashMap<>();
    private final Map<ByteKey, Set<Client>> patterns = new LinkedHashMap<>();
    private final ShardChannelSlots shardChannelSlots = new ShardChannelSlots();
    private final Pushes pushes;

    public PubSub(Pushes pushes) {
        this.pushes = pushes;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private Map<ByteKey, Set<Client>> registry(ChannelKind kind) {
        return kind == ChannelKind.SHARD ? shardChannels : channels;
    }

    public void subscribe(Client c, byte[] channel, ChannelKind kind) {
        ByteKey key = new ByteKey(channel);
        if (c.subscriptions().channels(kind).add(key)) {
            Set<Client> subscribers = registry(kind).get(key);
            if (subscribers == null) {
                subscribers = new LinkedHashSet<>();
                registry(kind).put(key, subscribers);
                if (kind == ChannelKind.SHARD) {
                    shardChannelSlots.added(key);
                }
            }
            subscribers.add(c);
        }
        confirm(c, kind.subscribeName, channel, c.subscriptions().count(kind));
        enterMode(c);
    }

    public void unsubscribe(Client c, byte[] channel, ChannelKind kind) {
        removeChannel(c, new ByteKey(channel), kind);
        confirm(c, kind.unsubscribeName, channel, c.subscriptions().count(kind));
        leaveModeIfIdle(c);
    }

    /** UNSUBSCRIBE or SUNSUBSCRIBE without arguments; confirms with a null channel when there was none. */
    public void unsubscribeAll(Client c, ChannelKind kind) {
        List<ByteKey> subscribed = new ArrayList<>(c.subscriptions().channels(kind));
        for (ByteKey key : subscribed) {
            removeChannel(c, key, kind);
            confirm(c, kind.unsubscribeName, key.bytes(), c.subscriptions().count(kind));
        }
        if (subscribed.isEmpty()) {
            confirm(c, kind.unsubscribeName, null, c.subscriptions().count(kind));
        }
        leaveModeIfIdle(c);
    }

    public void psubscribe(Client c, byte[] pattern) {
        ByteKey key = new ByteKey(pattern);
        if (c.subscriptions().patterns.add(key)) {
            patterns.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(c);
        }
        confirm(c, PSUBSCRIBE, pattern, c.subscriptions().count());
        enterMode(c);
    }

    public void punsubscribe(Client c, byte[] pattern) {
        removePattern(c, new ByteKey(pattern));
        confirm(c, PUNSUBSCRIBE, pattern, c.subscriptions().count());
        leaveModeIfIdle(c);
    }

    public void punsubscribeAll(Client c) {
        List<ByteKey> subscribed = new ArrayList<>(c.subscriptions().patterns);
        for (ByteKey key : subscribed) {
            removePattern(c, key);
            confirm(c, PUNSUBSCRIBE, key.bytes(), c.subscriptions().count());
        }
        if (subscribed.isEmpty()) {
            confirm(c, PUNSUBSCRIBE, null, c.subscriptions().count());
        }
        leaveModeIfIdle(c);
    }

    /**
     * This node stopped serving the slot (Redis's removeChannelsInSlot): the subscribers of its shard channels
     * are unsubscribed and told so with an sunsubscribe, as they are to subscribe again where the slot went.
     */
    public void unsubscribeShardSlot(int slot) {
        for (ByteKey key : shardChannelSlots.in(slot)) {
            Set<Client> subscribers = shardChannels.get(key);
            if (subscribers == null) {
                continue;
            }
            // A snapshot: unsubscribing removes from the set, and a failed flush may close a subscriber.
            for (Client c : subscribers.toArray(new Client[0])) {
                removeChannel(c, key, ChannelKind.SHARD);
                confirm(c, ChannelKind.SHARD.unsubscribeName, key.bytes(), c.subscriptions().count(ChannelKind.SHARD));
                leaveModeIfIdle(c);
            }
        }
    }

    /** Drops every subscription silently (disconnect, RESET). */
    public void forget(Client c) {
        ClientSubscriptions s = c.subscriptions();
        for (ByteKey key : List.copyOf(s.channels)) {
            removeChannel(c, key, ChannelKind.GLOBAL);
        }
        for (ByteKey key : List.copyOf(s.shardChannels)) {
            removeChannel(c, key, ChannelKind.SHARD);
        }
        for (ByteKey key : List.copyOf(s.patterns)) {
            removePattern(c, key);
        }
        leaveModeIfIdle(c);
    }

    /** Delivers a message to the channel's subscribers and, for classic channels, matching patterns. */
    public int publish(byte[] channel, byte[] message, ChannelKind kind) {
        int receivers = 0;
        Set<Client> subscribers = registry(kind).get(new ByteKey(channel));
        if (subscribers != null) {
            // A snapshot: a failed flush may close a subscriber, which unsubscribes it.
            for (Client c : subscribers.toArray(new Client[0])) {
                boolean muted = pushes.begin(c);
                Reply r = c.reply();
                r.pushHeader(3);
                r.bulk(kind.messageName);
                r.bulk(channel);
                r.bulk(message);
                pushes.end(c, muted);
                receivers++;
            }
        }
        if (kind == ChannelKind.SHARD || patterns.isEmpty()) {
            return receivers;
        }
        for (Map.Entry<ByteKey, Set<Client>> e : List.copyOf(patterns.entrySet())) {
            byte[] pattern = e.getKey().bytes();
            if (!GlobMatcher.matches(pattern, channel, false)) {
                continue;
            }
            for (Client c : e.getValue().toArray(new Client[0])) {
                boolean muted = pushes.begin(c);
                Reply r = c.reply();
                r.pushHeader(4);
                r.bulk(PMESSAGE);
                r.bulk(pattern);
                r.bulk(channel);
                r.bulk(message);
                pushes.end(c, muted);
                receivers++;
            }
        }
        return receivers;
    }

    /** Active channels matching pattern (all when null), for PUBSUB CHANNELS / SHARDCHANNELS. */
    public List<byte[]> channels(byte[] pattern, ChannelKind kind) {
        List<byte[]> result = new ArrayList<>();
        for (ByteKey key : registry(kind).keySet()) {
            if (pattern == null || GlobMatcher.matches(pattern, key.bytes(), false)) {
                result.add(key.bytes());
            }
        }
        return result;
    }

    public int subscriberCount(byte[] channel, ChannelKind kind) {
        Set<Client> subscribers = registry(kind).get(new ByteKey(channel));
        return subscribers == null ? 0 : subscribers.size();
    }

    /** Patterns with at least one subscriber (PUBSUB NUMPAT, INFO pubsub_patterns). */
    public int patternCount() {
        return patterns.size();
    }

    /** Channels with at least one subscriber (INFO pubsub_channels, pubsubshard_channels). */
    public int channelCount(ChannelKind kind) {
        return registry(kind).size();
    }

    private void removeChannel(Client c, ByteKey key, ChannelKind kind) {
        if (c.subscriptions().channels(kind).remove(key)) {
            Map<ByteKey, Set<Client>> registry = registry(kind);
            Set<Client> subscribers = registry.get(key);
            subscribers.remove(c);
            if (subscribers.isEmpty()) {
                registry.remove(key);
                if (kind == ChannelKind.SHARD) {
                    shardChannelSlots.removed(key);
                }
            }
        }
    }

    private void removePattern(Client c, ByteKey key) {
        if (c.subscriptions().patterns.remove(key)) {
            Set<Client> subscribers = patterns.get(key);
            subscribers.remove(c);
            if (subscribers.isEmpty()) {
                patterns.remove(key);
            }
        }
    }

    /** A (p|s)(un)subscribe confirmation; channel null prints as a null bulk. */
    private void confirm(Client c, byte[] kind, byte[] channel, int count) {
        boolean muted = pushes.begin(c);
        Reply r = c.reply();
        r.pushHeader(3);
        r.bulk(kind);
        if (channel == null) {
            r.nullBulk();
        } else {
            r.bulk(channel);
        }
        r.integer(count);
        pushes.end(c, muted);
    }

    private static void enterMode(Client c) {
        ClientSubscriptions s = c.subscriptions();
        if (!s.active) {
            s.active = true;
            c.exemptFromTimeout(true);
        }
    }

    private static void leaveModeIfIdle(Client c) {
        ClientSubscriptions s = c.subscriptions();
        if (s.active && s.total() == 0) {
            s.active = false;
            c.exemptFromTimeout(false);
        }
    }
}
