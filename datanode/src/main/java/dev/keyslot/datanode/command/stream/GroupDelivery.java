package dev.keyslot.datanode.command.stream;

import dev.keyslot.datanode.keyspace.stream.Consumer;
import dev.keyslot.datanode.keyspace.stream.ConsumerGroup;
import dev.keyslot.datanode.keyspace.stream.PendingEntry;
import dev.keyslot.datanode.keyspace.stream.StreamId;
import dev.keyslot.datanode.keyspace.stream.StreamIterator;
import dev.keyslot.datanode.keyspace.stream.StreamValue;
import dev.keyslot.datanode.protocol.Reply;

import java.util.Map;

/**
 * What XREAD and XREADGROUP send for one stream: plain entries after an ID, new entries delivered to a
 * consumer (moving the group's last ID and filling the PELs unless NOACK), or the consumer's own history.
 */
final class GroupDelivery {
    private GroupDelivery() {
    }

    /**
     * Entries from start on, up to count (0 = all), delivered to consumer when group is not null; the
     * effects on the group are propagated through propagation (null without a group).
     */
    static void deliver(Reply r, StreamValue s, StreamId start, long count, ConsumerGroup group, Consumer consumer,
                        boolean noAck, long now, GroupPropagation propagation) {
        long n = StreamReplies.count(s, start, StreamId.MAX, count, false);
        r.arrayHeader(n);
        StreamIterator it = s.iterator(start, StreamId.MAX, false);
        StreamId lastIdBefore = group == null ? null : group.lastId;
        for (long i = 0; i < n && it.next(); i++) {
            StreamId id = it.id();
            if (group != null) {
                s.advanceGroup(group, id);
            }
            it.replyEntry(r);
            if (group != null && !noAck) {
                propagation.delivered(group, id, addPending(group, consumer, id, now));
            }
        }
        if (group != null && noAck && !group.lastId.equals(lastIdBefore)) {
            propagation.lastIdMoved(group);
        }
    }

    private static PendingEntry addPending(ConsumerGroup group, Consumer consumer, StreamId id, long now) {
        PendingEntry p = group.pending().get(id);
        if (p == null) {
            p = new PendingEntry(now, 1, consumer);
            group.pending().put(id, p);
            consumer.pending().put(id, p);
            return p;
        }
        group.assign(id, p, consumer);
        p.deliveryTime = now;
        p.deliveryCount = 1;
        return p;
    }

    /** The consumer's pending entries from start on, each re-delivered (or [id, nil] when deleted since). */
    static void history(Reply r, StreamValue s, StreamId start, long count, Consumer consumer, long now) {
        Map<StreamId, PendingEntry> tail = consumer.pending().tailMap(start, true);
        long n = count == 0 ? tail.size() : Math.min(count, tail.size());
        r.arrayHeader(n);
        long i = 0;
        for (Map.Entry<StreamId, PendingEntry> e : tail.entrySet()) {
            if (i++ == n) {
                break;
            }
            if (StreamReplies.entry(r, s, e.getKey())) {
                e.getValue().deliveryTime = now;
                e.getValue().deliveryCount++;
            } else {
                r.arrayHeader(2);
                r.bulk(e.getKey().toBytes());
                r.nullArray();
            }
        }
    }
}
