package dev.keyslot.datanode.pubsub;

import java.nio.charset.StandardCharsets;

/** Classic channels (SUBSCRIBE/PUBLISH) and shard channels (SSUBSCRIBE/SPUBLISH), with their message names. */
public enum ChannelKind {
    GLOBAL("subscribe", "unsubscribe", "message"),
    SHARD("ssubscribe", "sunsubscribe", "smessage");

    final byte[] subscribeName;
    final byte[] unsubscribeName;
    final byte[] messageName;

    ChannelKind(String subscribe, String unsubscribe, String message) {
        this.subscribeName = subscribe.getBytes(StandardCharsets.US_ASCII);
        this.unsubscribeName = unsubscribe.getBytes(StandardCharsets.US_ASCII);
        this.messageName = message.getBytes(StandardCharsets.US_ASCII);
    }
}
