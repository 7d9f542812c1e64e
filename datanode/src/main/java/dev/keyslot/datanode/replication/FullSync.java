package dev.keyslot.datanode.replication;

import dev.keyslot.datanode.persistence.RdbSnapshot;
import dev.keyslot.datanode.persistence.SaveInfo;
import dev.keyslot.datanode.server.RunId;
import dev.keyslot.datanode.server.Server;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.DefaultFileRegion;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Full resynchronizations on the master side. Replicas that need one wait (repl-diskless-sync-delay lets
 * more of them share a snapshot) until a snapshot starts for all of them; the snapshot thread then streams
 * it straight to their sockets ($EOF:mark, diskless) or into a file sent once complete ($length, disk).
 * Meanwhile the stream from the snapshot's offset on waits for each of them in the shared replication buffer.
 */
final class FullSync {
    private static final int EOF_MARK_LENGTH = 40;

    private final Server server;
    private final ReplicationIds ids;
    private final ReplicaSet replicaSet;
    private final List<ReplicaLink> waiting = new ArrayList<>();
    private final List<ReplicaLink> transferring = new ArrayList<>();
    private long firstWaitMillis;
    private boolean running;
    /** The replicas the running snapshot is for, while it is written to disk: later ones may join it. */
    private List<ReplicaLink> diskBatch;

    FullSync(Server server, ReplicationIds ids, ReplicaSet replicaSet) {
        this.server = server;
        this.ids = ids;
        this.replicaSet = replicaSet;
    }

    void request(ReplicaLink r, boolean psync) {
        r.psync = psync;
        r.state = ReplicaLink.State.WAIT_BGSAVE_START;
        if (running && joinDiskSnapshot(r)) {
            return;
        }
        if (waiting.isEmpty()) {
            firstWaitMillis = System.currentTimeMillis();
        }
        waiting.add(r);
        tick(System.currentTimeMillis());
    }

    /**
     * Redis's syncCommand while a snapshot is written to disk: a replica joins it when one of its replicas keeps
     * the stream since the snapshot (and wants no more than this one can take), starting its stream there too.
     */
    private boolean joinDiskSnapshot(ReplicaLink r) {
        if (diskBatch == null) {
            server.log().notice("Current BGSAVE has socket target. Waiting for next BGSAVE for SYNC");
            return false;
        }
        for (ReplicaLink other : diskBatch) {
            if (other.state != ReplicaLink.State.WAIT_BGSAVE_END || other.rdbOnly && !r.rdbOnly) {
                continue;
            }
            boolean capable = (r.capaEof || !other.capaEof) && (r.capaPsync2 || !other.capaPsync2);
            if (!capable || !r.filter.equals(other.filter)) {
                break;
            }
            waiting.remove(r);
            r.awaitSnapshot(other.streamStart());
            transferring.add(r);
            diskBatch.add(r);
            replicaSet.forceSelect();
            if (r.psync) {
                String header = "+FULLRESYNC " + ids.replid() + " " + (other.streamStart() - 1) + "\r\n";
                r.channel().writeAndFlush(Unpooled.copiedBuffer(header, StandardCharsets.US_ASCII), r.channel().voidPromise());
            }
            server.log().notice("Waiting for end of BGSAVE for SYNC");
            return true;
        }
        server.log().notice("Can't attach the replica to the current BGSAVE. Waiting for next BGSAVE for SYNC");
        return false;
    }

    void forget(ReplicaLink r) {
        if (r != null) {
            waiting.remove(r);
            transferring.remove(r);
        }
    }

    /**
     * Starts a snapshot when none runs and the diskless delay has passed, for the waiting replicas that want the
     * same parts of the data as the first one; the others wait for the next snapshot.
     */
    /** A snapshot for replicas is being written. */
    boolean snapshotRunning() {
        return running;
    }

    void tick(long now) {
        if (running || waiting.isEmpty() || server.keyspace().copyOnWrite().active()) {
            return;
        }
        RdbFilter filter = waiting.get(0).filter;
        List<ReplicaLink> batch = new ArrayList<>();
        boolean allEof = true;
        for (ReplicaLink r : waiting) {
            if (r.filter.equals(filter)) {
                batch.add(r);
                allEof &= r.capaEof;
            }
        }
        boolean configuredDiskless = server.config().getBool("repl-diskless-sync");
        if (configuredDiskless && allEof) {
            long delay = server.config().getLong("repl-diskless-sync-delay") * 1000;
            long maxReplicas = server.config().getLong("repl-diskless-sync-max-replicas");
            boolean enough = maxReplicas > 0 && batch.size() >= maxReplicas;
            if (now - firstWaitMillis < delay && !enough) {
                return;
            }
        }
        start(batch, (configuredDiskless || filter.filtered()) && allEof, filter);
    }

    private void start(List<ReplicaLink> batch, boolean diskless, RdbFilter filter) {
        waiting.removeAll(batch);
        if (!waiting.isEmpty()) {
            firstWaitMillis = System.currentTimeMillis();
        }
        transferring.addAll(batch);
        running = true;
        String header = "+FULLRESYNC " + ids.replid() + " " + ids.offset() + "\r\n";
        for (ReplicaLink r : batch) {
            r.awaitSnapshot(ids.offset() + 1);
            if (r.psync) {
                r.channel().writeAndFlush(Unpooled.copiedBuffer(header, StandardCharsets.US_ASCII), r.channel().voidPromise());
            }
        }
        // The stream held for these replicas must open with a SELECT: they know no database yet.
        replicaSet.forceSelect();
        SaveInfo info = new SaveInfo(server.memory().usedMemory(),
                new SaveInfo.ReplicationMark(0, ids.replid(), ids.offset()), false,
                filter.functions() ? server.scripting().functions().codes() : List.of(), filter.keys());
        if (diskless) {
            startDiskless(batch, info);
        } else {
            startDisk(batch, info);
        }
    }

    private void startDiskless(List<ReplicaLink> batch, SaveInfo info) {
        String mark = RunId.generate();
        List<Channel> channels = new ArrayList<>();
        for (ReplicaLink r : batch) {
            r.channel().writeAndFlush(Unpooled.copiedBuffer("$EOF:" + mark + "\r\n", StandardCharsets.US_ASCII),
                    r.channel().voidPromise());
            channels.add(r.channel());
        }
        server.log().notice("Starting BGSAVE for SYNC with target: replicas sockets");
        RdbSnapshot.start(server, new ReplicaStreams(channels), info, result -> {
            running = false;
            for (ReplicaLink r : batch) {
                if (!transferring.remove(r)) {
                    continue;
                }
                if (!result.success()) {
                    r.channel().close();
                    continue;
                }
                if (r.rdbOnly) {
                    r.channel().writeAndFlush(Unpooled.copiedBuffer(mark, StandardCharsets.US_ASCII))
                            .addListener(ChannelFutureListener.CLOSE);
                    logRdbOnlyDone(r);
                    continue;
                }
                r.channel().writeAndFlush(Unpooled.copiedBuffer(mark, StandardCharsets.US_ASCII), r.channel().voidPromise());
                r.state = ReplicaLink.State.WAIT_ACK;
                // Online to Redis from here (replicaPutOnline): it counts for min-replicas-to-write at once.
                r.ackMillis = System.currentTimeMillis();
                replicaSet.refreshGoodReplicas();
                server.log().notice("Streamed RDB transfer with replica " + replicaSet.describe(r)
                        + " succeeded (socket). Waiting for REPLCONF ACK from replica to enable streaming");
            }
            if (!result.success()) {
                server.log().warning("Background transfer error: " + result.error());
            }
            tick(System.currentTimeMillis());
        });
    }

    private void startDisk(List<ReplicaLink> batch, SaveInfo info) {
        Path file;
        OutputStream out;
        try {
            file = Files.createTempFile(Path.of(server.config().get("dir")), "temp-repl-", ".rdb");
            out = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024);
        } catch (IOException e) {
            server.log().warning("Can't save in background: " + e.getMessage());
            running = false;
            for (ReplicaLink r : batch) {
                transferring.remove(r);
                r.channel().close();
            }
            return;
        }
        server.log().notice("Starting BGSAVE for SYNC with target: disk");
        diskBatch = new ArrayList<>(batch);
        RdbSnapshot.start(server, out, info, result -> {
            running = false;
            List<ReplicaLink> joined = diskBatch;
            diskBatch = null;
            boolean ok = result.success();
            try {
                out.close();
            } catch (IOException e) {
                ok = false;
            }
            sendFile(joined, file, ok);
            tick(System.currentTimeMillis());
        });
    }

    private void sendFile(List<ReplicaLink> batch, Path file, boolean ok) {
        long length = ok ? file.toFile().length() : 0;
        int[] remaining = {0};
        for (ReplicaLink r : batch) {
            if (!transferring.remove(r)) {
                continue;
            }
            if (!ok) {
                r.channel().close();
                continue;
            }
            remaining[0]++;
            Channel ch = r.channel();
            ch.write(Unpooled.copiedBuffer("$" + length + "\r\n", StandardCharsets.US_ASCII), ch.voidPromise());
            ch.writeAndFlush(new DefaultFileRegion(file.toFile(), 0, length)).addListener((ChannelFutureListener) f -> {
                if (f.isSuccess() && ch.isActive() && r.rdbOnly) {
                    logRdbOnlyDone(r);
                    ch.close();
                } else if (f.isSuccess() && ch.isActive()) {
                    replicaSet.putOnline(r);
                    server.log().notice("Synchronization with replica " + replicaSet.describe(r) + " succeeded");
                }
                if (--remaining[0] == 0) {
                    deleteQuietly(file);
                }
            });
        }
        if (remaining[0] == 0) {
            deleteQuietly(file);
        }
    }

    private void logRdbOnlyDone(ReplicaLink r) {
        server.log().notice("RDB transfer completed, rdb only replica (" + replicaSet.describe(r)
                + ") should be disconnected asap");
    }

    private void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            server.log().warning("Could not remove the replication snapshot " + file + ": " + e.getMessage());
        }
    }
}
