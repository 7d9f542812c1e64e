package dev.keyslot.datanode.pubsub;

import dev.keyslot.datanode.util.ByteKey;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The channels, patterns and shard channels one client is subscribed to, and whether it is in pub/sub
 * mode (Redis's CLIENT_PUBSUB flag: RESP2 clients may then only (un)subscribe, PING, QUIT and RESET).
 * Patterns keep subscription order, as Redis's per-client pattern list does.
 */
public final class ClientSubscriptions {
    final Set<ByteKey> channels = new LinkedHashSet<>();
    final Set<ByteKey> patterns = new LinkedHashSet<>();
    final Set<ByteKey> shardChannels = new LinkedHashSet<>();
    boolean active;

    /** True while subscribed to anything (CLIENT LIST flag P). */
    public boolean active() {
        return active;
    }

    public int channelCount() {
        return channels.size();
    }

    public int patternCount() {
        return patterns.size();
    }

    public int shardChannelCount() {
        return shardChannels.size();
    }

    /** Subscribed channels, patterns and shard channels, read-only (ACL changes check them). */
    public Set<ByteKey> channelNames() {
        return java.util.Collections.unmodifiableSet(channels);
    }

    public Set<ByteKey> patternNames() {
        return java.util.Collections.unmodifiableSet(patterns);
    }

    public Set<ByteKey> shardChannelNames() {
        return java.util.Collections.unmodifiableSet(shardChannels);
    }

    /** The count SUBSCRIBE and PSUBSCRIBE confirmations report: channels plus patterns. */
    int count() {
        return channels.size() + patterns.size();
    }

    int total() {
        return count() + shardChannels.size();
    }

    Set<ByteKey> channels(ChannelKind kind) {
        return kind == ChannelKind.SHARD ? shardChannels : channels;
    }

    int count(ChannelKind kind) {
        return kind == ChannelKind.SHARD ? shardChannels.size() : count();
    }
}
