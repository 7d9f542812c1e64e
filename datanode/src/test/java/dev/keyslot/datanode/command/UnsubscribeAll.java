package dev.keyslot.datanode.command;

import dev.keyslot.datanode.testing.RespNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * UNSUBSCRIBE, PUNSUBSCRIBE and SUNSUBSCRIBE without arguments confirm each channel in the order of Redis's
 * channel dict, a hash order the data node cannot match: the confirmations are compared with their channel
 * names sorted, each keeping its place and its remaining-subscriptions count.
 */
final class UnsubscribeAll {
    private static final Set<String> KINDS = Set.of("unsubscribe", "punsubscribe", "sunsubscribe");

    private UnsubscribeAll() {
    }

    static List<byte[]> inChannelOrder(List<byte[]> replies) {
        List<Integer> places = new ArrayList<>();
        List<String> channels = new ArrayList<>();
        for (int i = 0; i < replies.size(); i++) {
            RespNode reply = RespNode.parse(replies.get(i));
            if (reply.isAggregate() && reply.children.size() == 3 && KINDS.contains(reply.children.get(0).text)
                    && reply.children.get(1).text != null) {
                places.add(i);
                channels.add(reply.children.get(1).text);
            }
        }
        channels.sort(null);
        List<byte[]> ordered = new ArrayList<>(replies);
        for (int k = 0; k < places.size(); k++) {
            RespNode reply = RespNode.parse(replies.get(places.get(k)));
            String channel = channels.get(k);
            String text = reply.type + "3\r\n" + new String(reply.children.get(0).raw, StandardCharsets.ISO_8859_1)
                    + "$" + channel.length() + "\r\n" + channel + "\r\n"
                    + new String(reply.children.get(2).raw, StandardCharsets.ISO_8859_1);
            ordered.set(places.get(k), text.getBytes(StandardCharsets.ISO_8859_1));
        }
        return ordered;
    }
}
