package dev.keyslot.datanode.persistence.rdb;

import dev.keyslot.datanode.keyspace.stream.Consumer;
import dev.keyslot.datanode.keyspace.stream.ConsumerGroup;
import dev.keyslot.datanode.keyspace.stream.ListpackNode;
import dev.keyslot.datanode.keyspace.stream.PendingEntry;
import dev.keyslot.datanode.keyspace.stream.StreamId;
import dev.keyslot.datanode.keyspace.stream.StreamIterator;
import dev.keyslot.datanode.keyspace.stream.StreamValue;

import java.util.Map;

/**
 * Streams as STREAM_LISTPACKS_2 (Redis 7.0): the nodes as (16-byte master ID, listpack) string pairs,
 * the length, last, first and largest deleted IDs, the entries-added counter, then each consumer group
 * with its read counter, its PEL (ID, delivery time, delivery count) and its consumers (name, seen time,
 * owned IDs). Also reads STREAM_LISTPACKS from older versions, deriving the 7.0 counters as Redis does.
 */
final class StreamCodec implements RdbValueEncoder, RdbValueDecoder {
    private static final int ID_BYTES = 16;

    @Override
    public int rdbType(Object value) {
        return RdbType.STREAM_LISTPACKS_2;
    }

    @Override
    public void write(RdbWriter out, Object value) {
        StreamValue s = (StreamValue) value;
        out.writeLength(s.nodes().size());
        byte[] key = new byte[ID_BYTES];
        for (Map.Entry<StreamId, ListpackNode> e : s.nodes().entrySet()) {
            e.getKey().encode(key, 0);
            out.writeString(key);
            out.writeString(e.getValue().toByteArray());
        }
        writeUnsigned(out, s.length());
        writeId(out, s.lastId());
        writeId(out, s.firstId());
        writeId(out, s.maxDeletedId());
        writeUnsigned(out, s.entriesAdded());
        out.writeLength(s.groups().size());
        for (Map.Entry<byte[], ConsumerGroup> e : s.groups().entrySet()) {
            ConsumerGroup g = e.getValue();
            out.writeString(e.getKey());
            writeId(out, g.lastId);
            writeUnsigned(out, g.entriesRead);
            out.writeLength(g.pending().size());
            for (Map.Entry<StreamId, PendingEntry> p : g.pending().entrySet()) {
                writeRawId(out, p.getKey(), key);
                out.writeLittleEndian(p.getValue().deliveryTime, 8);
                writeUnsigned(out, p.getValue().deliveryCount);
            }
            out.writeLength(g.consumers().size());
            for (Consumer c : g.consumers().values()) {
                out.writeString(c.name());
                out.writeLittleEndian(c.seenTime, 8);
                out.writeLength(c.pending().size());
                for (StreamId id : c.pending().keySet()) {
                    writeRawId(out, id, key);
                }
            }
        }
    }

    private static void writeRawId(RdbWriter out, StreamId id, byte[] scratch) {
        id.encode(scratch, 0);
        out.writeBytes(scratch, 0, ID_BYTES);
    }

    private static void writeId(RdbWriter out, StreamId id) {
        writeUnsigned(out, id.ms());
        writeUnsigned(out, id.seq());
    }

    /** Redis's rdbSaveLen of a uint64_t: values past the signed range take the 64-bit form. */
    private static void writeUnsigned(RdbWriter out, long v) {
        if (v >= 0) {
            out.writeLength(v);
            return;
        }
        out.writeByte(RdbWriter.LEN_64BIT);
        for (int i = 7; i >= 0; i--) {
            out.writeByte((int) (v >>> (8 * i)) & 0xff);
        }
    }

    @Override
    public Object read(int rdbType, RdbReader in) {
        boolean v2 = rdbType == RdbType.STREAM_LISTPACKS_2;
        StreamValue s = new StreamValue();
        long nodes = in.readLength();
        for (long i = 0; i < nodes; i++) {
            byte[] key = in.readString();
            if (key.length != ID_BYTES) {
                throw new RdbFormatException("Stream node key entry is not the size of a stream ID");
            }
            byte[] lp = in.readString();
            StreamListpackCheck.validate(lp);
            if (!s.putLoadedNode(StreamId.decode(key, 0), new ListpackNode(lp))) {
                throw new RdbFormatException("Listpack re-added with existing key");
            }
        }
        long length = in.readLength();
        StreamId lastId = readId(in);
        if (v2) {
            StreamId firstId = readId(in);
            StreamId maxDeleted = readId(in);
            s.setMetadata(length, lastId, firstId, maxDeleted, in.readLength());
        } else {
            s.setMetadata(length, lastId, StreamId.MIN, StreamId.MIN, length);
            StreamIterator it = s.iterator(StreamId.MIN, StreamId.MAX, false);
            s.setMetadata(length, lastId, it.next() ? it.id() : StreamId.MAX, StreamId.MIN, length);
        }
        if (length != 0 && nodes == 0) {
            throw new RdbFormatException("Stream length inconsistent with rax entries");
        }
        long groups = in.readLength();
        for (long i = 0; i < groups; i++) {
            readGroup(in, s, v2);
        }
        return s;
    }

    private static void readGroup(RdbReader in, StreamValue s, boolean v2) {
        byte[] name = in.readString();
        StreamId lastId = readId(in);
        long entriesRead = v2 ? in.readLength() : s.estimateDistanceFromFirstEverEntry(lastId);
        ConsumerGroup g = s.createGroup(name, lastId, entriesRead);
        if (g == null) {
            throw new RdbFormatException("Duplicated consumer group name");
        }
        long pending = in.readLength();
        for (long j = 0; j < pending; j++) {
            StreamId id = StreamId.decode(in.readBytes(ID_BYTES), 0);
            long deliveryTime = in.readLittleEndian(8);
            long deliveryCount = in.readLength();
            if (g.pending().putIfAbsent(id, new PendingEntry(deliveryTime, deliveryCount, null)) != null) {
                throw new RdbFormatException("Duplicated global PEL entry loading stream consumer group");
            }
        }
        long consumers = in.readLength();
        for (long j = 0; j < consumers; j++) {
            Consumer c = g.createConsumer(in.readString(), 0);
            if (c == null) {
                throw new RdbFormatException("Duplicate stream consumer detected.");
            }
            c.seenTime = in.readLittleEndian(8);
            long owned = in.readLength();
            for (long k = 0; k < owned; k++) {
                StreamId id = StreamId.decode(in.readBytes(ID_BYTES), 0);
                PendingEntry p = g.pending().get(id);
                if (p == null) {
                    throw new RdbFormatException("Consumer entry not found in group global PEL");
                }
                if (c.pending().putIfAbsent(id, p) != null) {
                    throw new RdbFormatException("Duplicated consumer PEL entry loading a stream consumer group");
                }
                p.consumer = c;
            }
        }
        for (PendingEntry p : g.pending().values()) {
            if (p.consumer == null) {
                throw new RdbFormatException("Stream CG PEL entry without consumer");
            }
        }
    }

    private static StreamId readId(RdbReader in) {
        long ms = in.readLength();
        return new StreamId(ms, in.readLength());
    }
}
