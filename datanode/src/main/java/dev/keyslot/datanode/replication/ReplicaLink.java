package dev.keyslot.datanode.replication;

import dev.keyslot.datanode.server.Client;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import dev.keyslot.datanode.server.UnsentBytes;

/**
 * The master's view of one connected replica: what it announced with REPLCONF, where it is in the
 * synchronization, the offset it acknowledged, and the stream held for it while its snapshot is sent.
 */
final class ReplicaLink {
    enum State {
        /** Waits for a snapshot to start (repl-diskless-sync-delay, or one already running for others). */
        WAIT_BGSAVE_START("wait_bgsave"),
        /** Its snapshot is being produced and sent; the stream since the snapshot's offset is held. */
        WAIT_BGSAVE_END("wait_bgsave"),
        /** Diskless: the snapshot was sent, the held stream goes out once the replica acknowledges loading it. */
        WAIT_ACK("online"),
        ONLINE("online");

        final String infoName;

        State(String infoName) {
            this.infoName = infoName;
        }
    }

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
    private CompositeByteBuf held;

    ReplicaLink(Client client) {
        this.client = client;
    }

    Channel channel() {
        return client.channel();
    }

    /** Sends a part of the stream, or holds it while the replica is not online yet. */
    void send(ByteBuf part) {
        if (rdbOnly) {
            return;
        }
        switch (state) {
            case ONLINE -> channel().write(part.retainedDuplicate(), channel().voidPromise());
            case WAIT_BGSAVE_END, WAIT_ACK -> held().addComponent(true, part.retainedDuplicate());
            case WAIT_BGSAVE_START -> {
                // Its snapshot starts later and already contains this write.
            }
        }
    }

    private CompositeByteBuf held() {
        if (held == null) {
            held = Unpooled.compositeBuffer(Integer.MAX_VALUE);
        }
        return held;
    }

    /** Sends the stream held during the synchronization, and everything from now on directly. */
    void goOnline() {
        state = State.ONLINE;
        ackMillis = System.currentTimeMillis();
        if (held != null) {
            channel().writeAndFlush(held, channel().voidPromise());
            held = null;
        } else {
            channel().flush();
        }
    }

    /** Bytes waiting to reach the replica: the output buffer that client-output-buffer-limit bounds. */
    long outputBufferBytes() {
        return heldBytes() + UnsentBytes.of(channel());
    }

    /** The stream held while the replica synchronizes, part of its output buffer as Redis counts it. */
    long heldBytes() {
        return held == null ? 0 : held.readableBytes();
    }

    void release() {
        if (held != null) {
            held.release();
            held = null;
        }
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
