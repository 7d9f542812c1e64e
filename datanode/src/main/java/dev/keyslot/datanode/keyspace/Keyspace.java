package dev.keyslot.datanode.keyspace;

/** The numbered databases of one server. */
public final class Keyspace {
    private final Database[] dbs;
    private final AccessTracker access = new AccessTracker();
    private final KeyspaceEvents events;
    private final CopyOnWrite copyOnWrite = new CopyOnWrite();
    private boolean frozen;

    public Keyspace(int count, Clock clock, KeyspaceEvents events) {
        this.events = events;
        dbs = new Database[count];
        for (int i = 0; i < count; i++) {
            dbs[i] = new Database(i, clock, access, events, copyOnWrite);
        }
    }

    /** The guard that keeps a running snapshot point-in-time while commands change the keyspace. */
    public CopyOnWrite copyOnWrite() {
        return copyOnWrite;
    }

    /** LRU/LFU bookkeeping shared by all databases; the server configures it from maxmemory-policy. */
    public AccessTracker access() {
        return access;
    }


    /**
     * While clients are paused the dataset stays as it is, as Redis keeps it: expired keys read as missing but are
     * not deleted, and nothing is evicted. The pause's end lets the next access or the expiry cycle delete them.
     */
    public void setFrozen(boolean frozen) {
        this.frozen = frozen;
        for (Database db : dbs) {
            db.setExpiryHeld(frozen);
        }
    }

    public boolean frozen() {
        return frozen;
    }

    /** See {@link Database#setLoading}. */
    public void setLoading(boolean loading) {
        for (Database db : dbs) {
            db.setLoading(loading);
        }
    }

    public Database db(int index) {
        return dbs[index];
    }

    public int count() {
        return dbs.length;
    }

    public Database[] all() {
        return dbs;
    }

    public long totalKeys() {
        long n = 0;
        for (Database db : dbs) {
            n += db.size();
        }
        return n;
    }

    /** Estimated bytes of all entries plus the bucket arrays that index them. */
    public long datasetBytes() {
        long n = 0;
        for (Database db : dbs) {
            n += db.datasetBytes() + db.indexBuckets() * EntrySize.BUCKET_SLOT;
        }
        return n;
    }

    public void flushAll() {
        for (Database db : dbs) {
            db.empty();
        }
        events.flushed();
    }

    /** Background rehash of every database's dicts, as Redis's activerehashing does in cron. */
    public void rehash(long millis) {
        for (Database db : dbs) {
            if (db.dict().isRehashing()) {
                db.dict().rehashMillis(millis);
                return;
            }
        }
    }
}
