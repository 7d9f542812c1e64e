package dev.keyslot.datanode.persistence.aof;

import dev.keyslot.datanode.keyspace.stream.Consumer;
import dev.keyslot.datanode.keyspace.stream.ConsumerGroup;
import dev.keyslot.datanode.keyspace.stream.PendingEntry;
import dev.keyslot.datanode.keyspace.stream.StreamId;
import dev.keyslot.datanode.keyspace.stream.StreamIterator;
import dev.keyslot.datanode.keyspace.stream.StreamValue;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The commands that rebuild a stream in a command-format AOF base, as Redis's rewriteStreamObject: an XADD
 * per entry (an empty stream is made with XADD MAXLEN 0), XSETID for the last, max-deleted ID and entries
 * added, then per group XGROUP CREATE, an XCLAIM ... FORCE per pending entry and XGROUP CREATECONSUMER for
 * each consumer without any.
 */
final class StreamCommands {
    private static final byte[] XADD = ascii("XADD");
    private static final byte[] XSETID = ascii("XSETID");
    private static final byte[] XGROUP = ascii("XGROUP");
    private static final byte[] XCLAIM = ascii("XCLAIM");
    private static final byte[] CREATE = ascii("CREATE");
    private static final byte[] CREATECONSUMER = ascii("CREATECONSUMER");
    private static final byte[] MAXLEN = ascii("MAXLEN");
    private static final byte[] ENTRIESADDED = ascii("ENTRIESADDED");
    private static final byte[] MAXDELETEDID = ascii("MAXDELETEDID");
    private static final byte[] ENTRIESREAD = ascii("ENTRIESREAD");
    private static final byte[] TIME = ascii("TIME");
    private static final byte[] RETRYCOUNT = ascii("RETRYCOUNT");
    private static final byte[] JUSTID = ascii("JUSTID");
    private static final byte[] FORCE = ascii("FORCE");
    private static final byte[] ZERO = ascii("0");

    private StreamCommands() {
    }

    static void write(AofBuffer buf, byte[] key, StreamValue stream) {
        entries(buf, key, stream);
        buf.appendHeader('*', 7);
        buf.appendBulk(XSETID);
        buf.appendBulk(key);
        buf.appendBulk(stream.lastId().toBytes());
        buf.appendBulk(ENTRIESADDED);
        buf.appendBulk(number(stream.entriesAdded()));
        buf.appendBulk(MAXDELETEDID);
        buf.appendBulk(stream.maxDeletedId().toBytes());
        for (Map.Entry<byte[], ConsumerGroup> g : stream.groups().entrySet()) {
            group(buf, key, g.getKey(), g.getValue());
        }
    }

    private static void entries(AofBuffer buf, byte[] key, StreamValue stream) {
        if (stream.length() == 0) {
            // Only XADD can create a stream key; MAXLEN 0 leaves it empty.
            buf.appendHeader('*', 7);
            buf.appendBulk(XADD);
            buf.appendBulk(key);
            buf.appendBulk(MAXLEN);
            buf.appendBulk(ZERO);
            buf.appendBulk(new StreamId(0, 1).toBytes());
            buf.appendBulk(ascii("x"));
            buf.appendBulk(ascii("y"));
            return;
        }
        StreamIterator it = stream.iterator(StreamId.MIN, StreamId.MAX, false);
        while (it.next()) {
            buf.appendHeader('*', 3 + it.fieldCount() * 2);
            buf.appendBulk(XADD);
            buf.appendBulk(key);
            buf.appendBulk(it.id().toBytes());
            it.forEachField((field, value) -> {
                buf.appendBulk(field);
                buf.appendBulk(value);
            });
        }
    }

    private static void group(AofBuffer buf, byte[] key, byte[] name, ConsumerGroup group) {
        buf.appendHeader('*', 7);
        buf.appendBulk(XGROUP);
        buf.appendBulk(CREATE);
        buf.appendBulk(key);
        buf.appendBulk(name);
        buf.appendBulk(group.lastId.toBytes());
        buf.appendBulk(ENTRIESREAD);
        buf.appendBulk(number(group.entriesRead));
        for (Consumer consumer : group.consumers().values()) {
            if (consumer.pending().isEmpty()) {
                buf.appendHeader('*', 5);
                buf.appendBulk(XGROUP);
                buf.appendBulk(CREATECONSUMER);
                buf.appendBulk(key);
                buf.appendBulk(name);
                buf.appendBulk(consumer.name());
                continue;
            }
            for (Map.Entry<StreamId, PendingEntry> p : consumer.pending().entrySet()) {
                buf.appendHeader('*', 12);
                buf.appendBulk(XCLAIM);
                buf.appendBulk(key);
                buf.appendBulk(name);
                buf.appendBulk(consumer.name());
                buf.appendBulk(ZERO);
                buf.appendBulk(p.getKey().toBytes());
                buf.appendBulk(TIME);
                buf.appendBulk(number(p.getValue().deliveryTime));
                buf.appendBulk(RETRYCOUNT);
                buf.appendBulk(number(p.getValue().deliveryCount));
                buf.appendBulk(JUSTID);
                buf.appendBulk(FORCE);
            }
        }
    }

    private static byte[] number(long n) {
        return ascii(Long.toString(n));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
