package dev.keyslot.datanode.memory;

import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.KeyEntry;
import dev.keyslot.datanode.keyspace.Keyspace;

import java.util.function.Consumer;

/**
 * A background pass, a bounded number of entries per cron tick, that re-measures every key in turn with
 * a SCAN cursor. It corrects sizes that {@link DatasetAccounting} could not see change, so the estimate
 * converges even for writes whose keys are not at the command table's key positions.
 */
final class AccountingSweep {
    private static final int ENTRIES_PER_TICK = 1000;

    private final Keyspace keyspace;
    private final Consumer<KeyEntry> visitor = this::remeasure;
    private int dbIndex;
    private long cursor;
    private int visited;
    private Database current;

    AccountingSweep(Keyspace keyspace) {
        this.keyspace = keyspace;
    }

    void tick() {
        visited = 0;
        int dbsStarted = 0;
        while (visited < ENTRIES_PER_TICK && dbsStarted <= keyspace.count()) {
            current = keyspace.db(dbIndex);
            cursor = current.size() == 0 ? 0 : current.scan(cursor, visitor);
            if (cursor == 0) {
                dbIndex = (dbIndex + 1) % keyspace.count();
                dbsStarted++;
            }
        }
    }

    private void remeasure(KeyEntry e) {
        current.remeasure(e);
        visited++;
    }
}
