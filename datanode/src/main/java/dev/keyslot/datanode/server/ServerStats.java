package dev.keyslot.datanode.server;

import java.util.Map;
import java.util.TreeMap;

/** Counters INFO stats reports, reset by CONFIG RESETSTAT. */
public final class ServerStats {
    public long connectionsReceived;
    public long rejectedConnections;
    public long commandsProcessed;
    public long netInputBytes;
    public long netOutputBytes;
    public long expiredKeys;
    public long evictedKeys;
    /** Clients closed by maxmemory-clients (INFO evicted_clients). */
    public long evictedClients;
    public long keyspaceHits;
    public long keyspaceMisses;
    public long totalErrorReplies;
    public long unexpectedErrorReplies;
    /** INFO lazyfreed_objects: values and keys freed as Redis would free them in the background. */
    public long lazyfreedObjects;
    /** Error replies by error code (the first word), as errorstats prints. */
    public final Map<String, Long> errorsByCode = new TreeMap<>();
    /** Changes since the last save, as rdb_changes_since_last_save. */
    public long dirty;
    /** Unix time of the last successful save (start time until persistence exists), as LASTSAVE reports. */
    public long lastSaveUnixSeconds = System.currentTimeMillis() / 1000;
    /** How long the command thread spent starting the last snapshot, as latest_fork_usec. */
    public long latestSnapshotStartMicros;
    /** SAVE commands and background saves started, as rdb_saves. */
    public long rdbSaves;
    /** Snapshots started (BGSAVE, replication, AOF rewrite), as total_forks. */
    public long snapshotsStarted;
    /** MIGRATE's open connections to its targets, as migrate_cached_sockets: a gauge, which RESETSTAT keeps. */
    public int migrateCachedSockets;

    public void countError(String message) {
        totalErrorReplies++;
        int space = message.indexOf(' ');
        String code = space < 0 ? message : message.substring(0, space);
        errorsByCode.merge(code, 1L, Long::sum);
    }

    public void reset() {
        connectionsReceived = 0;
        rejectedConnections = 0;
        commandsProcessed = 0;
        netInputBytes = 0;
        netOutputBytes = 0;
        expiredKeys = 0;
        evictedKeys = 0;
        evictedClients = 0;
        keyspaceHits = 0;
        keyspaceMisses = 0;
        totalErrorReplies = 0;
        unexpectedErrorReplies = 0;
        lazyfreedObjects = 0;
        errorsByCode.clear();
        snapshotsStarted = 0;
        rdbSaves = 0;
        latestSnapshotStartMicros = 0;
    }
}
