package dev.keyslot.datanode.command.stream;

import dev.keyslot.datanode.keyspace.stream.StreamId;
import dev.keyslot.datanode.keyspace.stream.StreamIterator;
import dev.keyslot.datanode.keyspace.stream.StreamValue;
import dev.keyslot.datanode.protocol.Reply;

/** Entry replies: [id, [field, value, ...]] items, counted first because replies carry their length up front. */
final class StreamReplies {
    private StreamReplies() {
    }

    /** Live entries in [start, end] up to count (0 = all). */
    static long count(StreamValue s, StreamId start, StreamId end, long count, boolean reverse) {
        StreamIterator it = s.iterator(start, end, reverse);
        long n = 0;
        while ((count == 0 || n < count) && it.next()) {
            n++;
        }
        return n;
    }

    /** Replies the array of entries in [start, end], up to count (0 = all); returns how many. */
    static long range(Reply r, StreamValue s, StreamId start, StreamId end, long count, boolean reverse) {
        long n = count(s, start, end, count, reverse);
        r.arrayHeader(n);
        StreamIterator it = s.iterator(start, end, reverse);
        for (long i = 0; i < n && it.next(); i++) {
            it.replyEntry(r);
        }
        return n;
    }

    /** Replies the single entry id without an enclosing array; false when it does not exist. */
    static boolean entry(Reply r, StreamValue s, StreamId id) {
        return entry(r, s, id, false);
    }

    /** Replies the entry id, or the first (last when reverse) entry when id is null; false when none. */
    static boolean entry(Reply r, StreamValue s, StreamId id, boolean reverse) {
        StreamIterator it = id == null ? s.iterator(StreamId.MIN, StreamId.MAX, reverse) : s.iterator(id, id, false);
        if (!it.next()) {
            return false;
        }
        it.replyEntry(r);
        return true;
    }
}
