package dev.keyslot.datanode.keyspace.stream;

import dev.keyslot.datanode.protocol.Reply;

import java.util.function.BiConsumer;

/**
 * Walks the entries of one node front to back, deleted ones included: each entry is flags, ms and seq
 * deltas from the master ID, the field count unless it shares the master fields, fields and values, and
 * its element count.
 */
final class NodeEntries {
    private final StreamId master;
    private final ListpackNode lp;
    private final long masterFields;
    private final int masterFieldsAt;
    /** Where the next entry's flags are, -1 at the end. */
    private int cursor;

    private int flagsAt;
    private int flags;
    private long ms;
    private long seq;
    private long fieldCount;
    private int fieldsAt;

    NodeEntries(StreamId master, ListpackNode lp) {
        this.master = master;
        this.lp = lp;
        int p = lp.next(lp.next(lp.first()));
        masterFields = lp.integer(p);
        p = lp.next(p);
        masterFieldsAt = p;
        for (long i = 0; i < masterFields; i++) {
            p = lp.next(p);
        }
        cursor = lp.next(p);
    }

    /** Positions on the entry whose flags are at p. */
    NodeEntries(StreamId master, ListpackNode lp, int p) {
        this(master, lp);
        cursor = p;
        next();
    }

    boolean next() {
        if (cursor == -1) {
            return false;
        }
        int p = cursor;
        flagsAt = p;
        flags = (int) lp.integer(p);
        p = lp.next(p);
        ms = master.ms() + lp.integer(p);
        p = lp.next(p);
        seq = master.seq() + lp.integer(p);
        p = lp.next(p);
        if ((flags & StreamValue.FLAG_SAME_FIELDS) != 0) {
            fieldCount = masterFields;
        } else {
            fieldCount = lp.integer(p);
            p = lp.next(p);
        }
        fieldsAt = p;
        long skip = (flags & StreamValue.FLAG_SAME_FIELDS) != 0 ? fieldCount : fieldCount * 2;
        for (long i = 0; i < skip; i++) {
            p = lp.next(p);
        }
        cursor = lp.next(p);
        return true;
    }

    int flagsAt() {
        return flagsAt;
    }

    int flags() {
        return flags;
    }

    boolean deleted() {
        return (flags & StreamValue.FLAG_DELETED) != 0;
    }

    long ms() {
        return ms;
    }

    long seq() {
        return seq;
    }

    StreamId id() {
        return new StreamId(ms, seq);
    }

    boolean after(StreamId bound) {
        int c = Long.compareUnsigned(ms, bound.ms());
        return c > 0 || (c == 0 && Long.compareUnsigned(seq, bound.seq()) > 0);
    }

    boolean before(StreamId bound) {
        int c = Long.compareUnsigned(ms, bound.ms());
        return c < 0 || (c == 0 && Long.compareUnsigned(seq, bound.seq()) < 0);
    }

    long fieldCount() {
        return fieldCount;
    }

    /** Replies the field/value pairs as one flat array. */
    void forEachField(BiConsumer<byte[], byte[]> visitor) {
        boolean same = (flags & StreamValue.FLAG_SAME_FIELDS) != 0;
        int field = masterFieldsAt;
        int p = fieldsAt;
        for (long i = 0; i < fieldCount; i++) {
            byte[] name;
            if (same) {
                name = lp.bytesAt(field);
                field = lp.next(field);
            } else {
                name = lp.bytesAt(p);
                p = lp.next(p);
            }
            visitor.accept(name, lp.bytesAt(p));
            p = lp.next(p);
        }
    }

    void replyFields(Reply r) {
        r.arrayHeader(fieldCount * 2);
        boolean same = (flags & StreamValue.FLAG_SAME_FIELDS) != 0;
        int field = masterFieldsAt;
        int p = fieldsAt;
        for (long i = 0; i < fieldCount; i++) {
            if (same) {
                lp.reply(r, field);
                field = lp.next(field);
            } else {
                lp.reply(r, p);
                p = lp.next(p);
            }
            lp.reply(r, p);
            p = lp.next(p);
        }
    }
}
