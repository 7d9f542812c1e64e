package dev.keyslot.datanode.replication;

import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.UnsentBytes;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

/**
 * The master's view of one connected replica: what it announced with REPLCONF, where it is in the
 * synchronization, the offset it acknowledged, and its place in the shared replication buffer: the stream from
 * the offset its snapshot or partial resynchronization starts at is its output, sent while its socket takes it.
 */
final class ReplicaLink implements ReplicationBuffer.WritableTarget {
    enum State {
        /** Waits for a snapshot to start (repl-diskless-sync-delay, or one already running for others). */
        WAIT_BGSAVE_START("wait_bgsave"),
        /** Its snapshot is being produced and sent; the stream since the snapshot's offset waits for it. */
        WAIT_BGSAVE_END("wait_bgsave"),
        /** Diskless: the snapshot was sent, the stream goes out once the replica acknowledges loading it. */
        WAIT_ACK("online"),
        ONLINE("online");

        final String infoName;

        State(String infoName) {
            this.infoName = infoName;
        }
    }

    /** No place in the replication buffer: it needs none of it (or no longer). */
    static final long NOTHING_NEEDED = Long.MAX_VALUE;

    final Client client;
    State state = State.WAIT_BGSAVE_START;
    int listeningPort;
    String announcedIp;
    boolean capaEof;
    boolean capaPsync2;
    /** REPLCONF rdb-only 1 (redis-cli --rdb): the snapshot and nothing after it. */
    boolean rdbOnly;
    /** REPLCONF rdb-filter-only: what of the data its snapshot carries. */
    RdbFilter filter = RdbFilter.EVERYTHING;
    /** False for the old SYNC: no +FULLRESYNC line before the payload, no REPLCONF ACKs after it. */
    boolean psync = true;
    long ackOffset;
    long ackMillis = System.currentTimeMillis();
    /** When the output buffer went over the soft limit, 0 while under it. */
    long softLimitSinceMillis;
    /** Where its stream starts: the offset after its snapshot's, or that of its PSYNC. */
    private long streamStart;
    /** The first offset of the stream it is owed: its stream's start, unless it wants the snapshot only. */
    private long streamFrom = NOTHING_NEEDED;
    /** The next offset to hand to its socket. */
    private long handedUpTo;
    /** Being disconnected: it takes nothing more and holds nothing of the buffer. */
    private boolean closing;

    ReplicaLink(Client client) {
        this.client = client;
    }

    Channel channel() {
        return client.channel();
    }

    /** Its snapshot starts: the stream from offset on is kept for it until it is online. */
    void awaitSnapshot(long offset) {
        state = State.WAIT_BGSAVE_END;
        startStreamAt(offset);
    }

    /** Its stream starts at offset (the byte after its snapshot's, or the offset of its PSYNC). */
    void startStreamAt(long offset) {
        streamStart = offset;
        streamFrom = rdbOnly ? NOTHING_NEEDED : offset;
        handedUpTo = offset;
    }

    long streamStart() {
        return streamStart;
    }

    /**
     * Sends the stream kept during the synchronization, and everything from now on as it comes; what was written
     * before it (a +CONTINUE line) goes out even when the stream has nothing for it yet.
     */
    void goOnline(ReplicationBuffer buffer) {
        state = State.ONLINE;
        ackMillis = System.currentTimeMillis();
        sendMore(buffer);
        channel().flush();
    }

    /** Hands the socket the stream it has not had yet, as much as it takes without queuing too much. */
    void sendMore(ReplicationBuffer buffer) {
        if (state != State.ONLINE || closing || rdbOnly || buffer == null) {
            return;
        }
        long before = handedUpTo;
        handedUpTo = buffer.writeFrom(handedUpTo, this);
        if (handedUpTo != before) {
            channel().flush();
        }
    }

    @Override
    public boolean writable() {
        return channel().isWritable();
    }

    @Override
    public void write(ByteBuf slice) {
        channel().write(slice, channel().voidPromise());
    }

    /**
     * The first offset it has still to send (what keeps its part of the buffer): the stream held while it
     * synchronizes, or what its socket has not taken yet. What the socket still queues of its snapshot or of
     * the +CONTINUE line comes before its stream, so its stream then is all unsent.
     */
    long neededOffset() {
        if (closing || streamFrom == NOTHING_NEEDED || state == State.WAIT_BGSAVE_START) {
            return NOTHING_NEEDED;
        }
        if (state != State.ONLINE) {
            return streamFrom;
        }
        return Math.max(streamFrom, handedUpTo - UnsentBytes.of(channel()));
    }

    /**
     * Its output buffer as Redis counts a replica's: its part of the shared buffer, from the block holding the
     * first byte it has still to send; nothing before any of the stream was added for it.
     */
    long outputBufferBytes(ReplicationBuffer buffer) {
        long needed = neededOffset();
        if (buffer == null || needed == NOTHING_NEEDED || needed == streamFrom && needed > buffer.endOffset()) {
            return 0;
        }
        return buffer.bytesHeldFrom(needed);
    }

    /** Disconnects it: from now on it holds nothing of the buffer and is sent nothing more. */
    void close() {
        closing = true;
        channel().close();
    }

    String ip() {
        if (announcedIp != null) {
            return announcedIp;
        }
        String address = client.remoteAddress();
        int colon = address.lastIndexOf(':');
        return colon < 0 ? address : address.substring(0, colon);
    }
}
