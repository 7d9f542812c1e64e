package dev.keyslot.datanode.metrics;

import dev.keyslot.datanode.persistence.Persistence;
import dev.keyslot.datanode.persistence.aof.Aof;
import dev.keyslot.datanode.server.Server;
import dev.keyslot.datanode.server.ServerStats;

/** RDB and AOF figures for the metrics endpoint, copied on the command thread. Durations are -1 before any. */
record PersistenceFigures(boolean loading, long changesSinceLastSave, long lastSaveUnixSeconds,
                          boolean bgsaveInProgress, long lastBgsaveMillis, boolean lastBgsaveOk,
                          long lastCopiedBytes, long latestSnapshotStartMicros, Aof.Figures aof) {
    static final PersistenceFigures EMPTY = new PersistenceFigures(false, 0, 0, false, -1, true, 0, 0,
            new Aof.Figures(false, false, -1, 0, 0, true));

    static PersistenceFigures capture(Server server) {
        Persistence p = server.persistence();
        ServerStats stats = server.stats();
        return new PersistenceFigures(p.loading(), stats.dirty, stats.lastSaveUnixSeconds, p.bgsaveInProgress(),
                p.lastBgsaveMillis(), p.lastBgsaveOk(), p.lastCopiedBytes(), stats.latestSnapshotStartMicros,
                server.aof().figures());
    }
}
