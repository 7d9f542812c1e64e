package dev.keyslot.datanode.server;

import dev.keyslot.datanode.memory.StreamBuffers;
import dev.keyslot.datanode.persistence.aof.Aof;
import dev.keyslot.datanode.replication.Replication;

/** The server's replication and AOF buffers, as used_memory counts them. */
final class WriteStreamBuffers implements StreamBuffers {
    private final Replication replication;
    private final Aof aof;

    WriteStreamBuffers(Replication replication, Aof aof) {
        this.replication = replication;
        this.aof = aof;
    }

    @Override
    public long bytes() {
        return replication.replicationBufferBytes() + aof.bufferBytes();
    }

    @Override
    public long notCountedForEviction() {
        return replication.replicationBufferBeyondBacklog() + aof.bufferBytes();
    }
}
