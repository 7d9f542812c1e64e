package dev.keyslot.datanode.persistence.aof;

import dev.keyslot.datanode.persistence.RdbLoader;
import dev.keyslot.datanode.persistence.RdbOptions;
import dev.keyslot.datanode.persistence.RdbStreamWriter;
import dev.keyslot.datanode.persistence.rdb.RdbFormatException;
import dev.keyslot.datanode.persistence.rdb.RdbValues;
import dev.keyslot.datanode.server.Server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The AOF's view of the server's RDB persistence: its snapshots, RDB encoding and loader. */
final class PersistenceBridge implements RdbBridge {
    private final Server server;

    PersistenceBridge(Server server) {
        this.server = server;
    }

    @Override
    public boolean snapshotRunning() {
        return server.persistence().snapshotRunning();
    }

    @Override
    public KeyspaceSnapshot capture(boolean inBackground) {
        if (!inBackground) {
            return new CopyOnWriteSnapshot(server.keyspace(), null);
        }
        // Redis forks for a background rewrite: INFO's total_forks and latest_fork_usec count it as for BGSAVE.
        long startNanos = System.nanoTime();
        KeyspaceSnapshot snapshot = new CopyOnWriteSnapshot(server.keyspace(), server.eventLoop());
        server.stats().latestSnapshotStartMicros = (System.nanoTime() - startNanos) / 1000;
        server.stats().snapshotsStarted++;
        return snapshot;
    }

    @Override
    public List<byte[]> functionLibraries() {
        return server.scripting().functions().codes();
    }

    @Override
    public BaseWriter rdbBase(OutputStream out, List<byte[]> functionLibraries) throws IOException {
        RdbStreamWriter writer = new RdbStreamWriter(out, RdbOptions.of(server.config()),
                RdbValues.standard(server.config()), server.keyspace().access());
        return new RdbBaseWriter(writer, server.persistence().saveInfo(true, functionLibraries));
    }

    @Override
    public ImageLoad loadRdb(InputStream in) throws IOException {
        RdbLoader.Loading load;
        try {
            load = new RdbLoader(server).open(in, new RdbLoader.Options(false, true));
        } catch (RdbFormatException | UncheckedIOException e) {
            throw new IOException(e.getMessage(), e);
        }
        server.persistence().readingImage(load);
        return maxKeys -> {
            try {
                if (!load.step(maxKeys)) {
                    return false;
                }
            } catch (RdbFormatException | UncheckedIOException e) {
                throw new IOException(e.getMessage(), e);
            }
            RdbLoader.Result result = load.result();
            server.persistence().loaded(result);
            try {
                server.persistence().installFunctions(result, false);
            } catch (RdbFormatException e) {
                throw new IOException(e.getMessage(), e);
            }
            return true;
        };
    }
}
