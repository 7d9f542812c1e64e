package dev.keyslot.datanode.acl;

import dev.keyslot.datanode.pubsub.ClientSubscriptions;
import dev.keyslot.datanode.util.ByteKey;
import dev.keyslot.datanode.util.GlobMatcher;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * When a user's channel permissions change, its subscribed clients whose subscriptions are no longer
 * allowed are disconnected (Redis's ACLKillPubsubClientsIfNeeded).
 */
final class SubscriptionCheck {
    private SubscriptionCheck() {
    }

    /** The channel patterns of all selectors of the user, or null when a selector allows every channel. */
    static List<String> channelPatterns(User user) {
        List<String> all = new ArrayList<>();
        for (Selector s : user.selectors()) {
            if (s.allChannels()) {
                return null;
            }
            all.addAll(s.channels());
        }
        return all;
    }

    /** True when every channel pattern the original user had is still granted: nobody can lose access. */
    static boolean nothingRevoked(User original, List<String> upcoming) {
        for (Selector s : original.selectors()) {
            if (s.allChannels() || !upcoming.containsAll(s.channels())) {
                return false;
            }
        }
        return true;
    }

    /** Patterns must be granted literally; channels and shard channels must match a granted pattern. */
    static boolean allowed(ClientSubscriptions subscriptions, List<String> upcoming) {
        for (ByteKey pattern : subscriptions.patternNames()) {
            if (!upcoming.contains(new String(pattern.bytes(), StandardCharsets.ISO_8859_1))) {
                return false;
            }
        }
        return matchesAll(subscriptions.channelNames(), upcoming)
                && matchesAll(subscriptions.shardChannelNames(), upcoming);
    }

    private static boolean matchesAll(Iterable<ByteKey> channels, List<String> upcoming) {
        for (ByteKey channel : channels) {
            boolean matched = false;
            for (String p : upcoming) {
                if (GlobMatcher.matches(p.getBytes(StandardCharsets.ISO_8859_1), channel.bytes())) {
                    matched = true;
                    break;
                }
            }
            if (!matched) {
                return false;
            }
        }
        return true;
    }
}
