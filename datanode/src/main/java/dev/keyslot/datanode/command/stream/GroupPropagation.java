package dev.keyslot.datanode.command.stream;

import dev.keyslot.datanode.keyspace.stream.ConsumerGroup;
import dev.keyslot.datanode.keyspace.stream.PendingEntry;
import dev.keyslot.datanode.keyspace.stream.StreamId;
import dev.keyslot.datanode.propagation.Propagator;
import dev.keyslot.datanode.propagation.StreamWords;

import java.nio.charset.StandardCharsets;

/**
 * How a group read or claim reaches replicas and the AOF, as in Redis: not as the XREADGROUP, XCLAIM or
 * XAUTOCLAIM itself (its outcome depends on time and state) but as its effects on one group of one stream: an
 * idempotent XCLAIM per entry delivered into, claimed in or dropped from the PEL, XGROUP SETID for a last ID
 * XCLAIM's LASTID moved without claiming, XGROUP SETID for the last ID a NOACK read moved, and XGROUP CREATECONSUMER for a
 * consumer a NOACK read created.
 */
final class GroupPropagation {
    private static final byte[] XCLAIM = word("XCLAIM");
    private static final byte[] XGROUP = word("XGROUP");
    private static final byte[] SETID = word("SETID");
    private static final byte[] CREATECONSUMER = word("CREATECONSUMER");
    private static final byte[] ZERO = word("0");
    private static final byte[] TIME = word("TIME");
    private static final byte[] RETRYCOUNT = word("RETRYCOUNT");
    private static final byte[] FORCE = word("FORCE");
    private static final byte[] JUSTID = word("JUSTID");
    private static final byte[] LASTID = word("LASTID");
    private static final byte[] ENTRIESREAD = word("ENTRIESREAD");

    private final Propagator propagator;
    private final int db;
    private final byte[] key;
    private final byte[] groupName;

    GroupPropagation(Propagator propagator, int db, byte[] key, byte[] groupName) {
        this.propagator = propagator;
        this.db = db;
        this.key = key;
        this.groupName = groupName;
    }

    /** XCLAIM key group consumer 0 id TIME t RETRYCOUNT n FORCE JUSTID LASTID group-last-id. */
    void delivered(ConsumerGroup group, StreamId id, PendingEntry p) {
        claimed(group, id.toBytes(), p);
    }

    /**
     * The same for an entry XCLAIM or XAUTOCLAIM gave to p's consumer, or is about to drop from the PEL because
     * it was deleted from the stream (the replica's XCLAIM then drops it too); id as the command spelled it.
     */
    void claimed(ConsumerGroup group, byte[] id, PendingEntry p) {
        propagator.alsoPropagate(db, XCLAIM, key, groupName, p.consumer.name(), ZERO, id, TIME,
                StreamWords.number(p.deliveryTime), RETRYCOUNT, StreamWords.number(p.deliveryCount), FORCE, JUSTID,
                LASTID, group.lastId.toBytes());
    }

    /** XGROUP SETID key group last-id ENTRIESREAD n. */
    void lastIdMoved(ConsumerGroup group) {
        propagator.alsoPropagate(db, XGROUP, SETID, key, groupName, group.lastId.toBytes(), ENTRIESREAD,
                StreamWords.number(group.entriesRead));
    }

    /** XGROUP CREATECONSUMER key group consumer. */
    void consumerCreated(byte[] consumer) {
        propagator.alsoPropagate(db, XGROUP, CREATECONSUMER, key, groupName, consumer);
    }

    private static byte[] word(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
