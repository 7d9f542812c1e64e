package dev.keyslot.datanode.keyspace.stream;

import dev.keyslot.datanode.protocol.Reply;

import java.util.Arrays;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The live entries with IDs in [start, end], forwards or backwards. The first node is found by a floor
 * lookup on the master IDs; a backward walk of a node reads its entry offsets forwards first.
 */
public final class StreamIterator {
    private final StreamValue stream;
    private final StreamId start;
    private final StreamId end;
    private final boolean reverse;
    private Map.Entry<StreamId, ListpackNode> node;
    private NodeEntries entries;
    private int[] offsets = new int[0];
    private int remaining;
    private boolean started;
    private boolean finished;
    /** "ms-seq" of the entry being replied, both parts at most 20 digits. */
    private final byte[] idText = new byte[41];

    StreamIterator(StreamValue stream, StreamId start, StreamId end, boolean reverse) {
        this.stream = stream;
        this.start = start;
        this.end = end;
        this.reverse = reverse;
    }

    /** Moves to the next live entry in range; false when there is none. */
    public boolean next() {
        if (finished) {
            return false;
        }
        while (true) {
            if (!advanceInNode()) {
                if (!nextNode()) {
                    finished = true;
                    return false;
                }
                continue;
            }
            if (entries.deleted()) {
                continue;
            }
            if (!reverse) {
                if (entries.before(start)) {
                    continue;
                }
                if (entries.after(end)) {
                    finished = true;
                    return false;
                }
            } else {
                if (entries.after(end)) {
                    continue;
                }
                if (entries.before(start)) {
                    finished = true;
                    return false;
                }
            }
            return true;
        }
    }

    private boolean advanceInNode() {
        if (entries == null) {
            return false;
        }
        if (!reverse) {
            return entries.next();
        }
        if (remaining == 0) {
            return false;
        }
        entries = new NodeEntries(node.getKey(), node.getValue(), offsets[--remaining]);
        return true;
    }

    private boolean nextNode() {
        if (!started) {
            started = true;
            node = reverse ? stream.nodes.floorEntry(end) : stream.nodes.floorEntry(start);
            if (node == null && !reverse) {
                node = stream.nodes.firstEntry();
            }
        } else {
            node = reverse ? stream.nodes.lowerEntry(node.getKey()) : stream.nodes.higherEntry(node.getKey());
        }
        if (node == null) {
            return false;
        }
        entries = new NodeEntries(node.getKey(), node.getValue());
        if (reverse) {
            remaining = 0;
            while (entries.next()) {
                if (remaining == offsets.length) {
                    offsets = Arrays.copyOf(offsets, Math.max(16, remaining * 2));
                }
                offsets[remaining++] = entries.flagsAt();
            }
        }
        return true;
    }

    public StreamId id() {
        return entries.id();
    }

    public long fieldCount() {
        return entries.fieldCount();
    }

    /** The fields and values of the current entry, in order. */
    public void forEachField(BiConsumer<byte[], byte[]> visitor) {
        entries.forEachField(visitor);
    }

    /** Replies [id, [field, value, ...]]. */
    public void replyEntry(Reply r) {
        r.arrayHeader(2);
        int n = writeUnsigned(entries.ms(), 0);
        idText[n++] = '-';
        n = writeUnsigned(entries.seq(), n);
        r.bulk(idText, 0, n);
        entries.replyFields(r);
    }

    private int writeUnsigned(long v, int at) {
        int digits = 1;
        for (long rest = Long.divideUnsigned(v, 10); rest != 0; rest /= 10) {
            digits++;
        }
        int end = at + digits;
        long rest = v;
        for (int i = end - 1; i >= at; i--) {
            idText[i] = (byte) ('0' + Long.remainderUnsigned(rest, 10));
            rest = Long.divideUnsigned(rest, 10);
        }
        return end;
    }
}
