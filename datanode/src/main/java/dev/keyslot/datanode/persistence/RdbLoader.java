package dev.keyslot.datanode.persistence;

import dev.keyslot.datanode.config.ServerConfig;
import dev.keyslot.datanode.keyspace.AccessTracker;
import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.KeyEntry;
import dev.keyslot.datanode.keyspace.Keyspace;
import dev.keyslot.datanode.persistence.rdb.EmptyKeyException;
import dev.keyslot.datanode.persistence.rdb.FunctionRecord;
import dev.keyslot.datanode.persistence.rdb.RdbFormatException;
import dev.keyslot.datanode.persistence.rdb.RdbOpcode;
import dev.keyslot.datanode.persistence.rdb.RdbReader;
import dev.keyslot.datanode.persistence.rdb.RdbType;
import dev.keyslot.datanode.persistence.rdb.RdbValues;
import dev.keyslot.datanode.server.Log;
import dev.keyslot.datanode.server.Server;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads a whole RDB (any version up to 10, every encoding Redis ever wrote for the supported types) from a
 * stream into the keyspace, on the command thread. Keys are added to what is there: the caller empties the
 * keyspace first to replace it. It reads no byte past the RDB's checksum, so an AOF tail or replication
 * stream after it stays in the stream (pass a buffered stream: reads are small).
 *
 * <p>Anything this server cannot represent (modules, functions, streams until registered) is refused with
 * an {@link RdbFormatException} naming it, never skipped.
 */
public final class RdbLoader {
    /**
     * allowDuplicates: a key already present is replaced (DEBUG RELOAD MERGE) instead of failing the load.
     * keepExpired: keys whose TTL has passed are loaded too (a replica, an AOF base), else dropped as Redis's
     * master does, each told to dropped.
     */
    public record Options(boolean allowDuplicates, boolean keepExpired, ExpiredKeys dropped) {
        public Options(boolean allowDuplicates, boolean keepExpired) {
            this(allowDuplicates, keepExpired, (db, key) -> { });
        }
    }

    /** Told of each key dropped because its TTL had passed (a restarted master tells its replicas). */
    @FunctionalInterface
    public interface ExpiredKeys {
        void dropped(Database db, byte[] key);
    }

    /** What the RDB said about itself (null, 0 or -1 when it did not say), and what was loaded. */
    public record Result(long keysLoaded, long keysExpired, long emptyKeysSkipped, String producedBy,
                         long createdUnixSeconds, long usedMemory, SaveInfo.ReplicationMark replication,
                         List<byte[]> functionLibraries) {
    }

    /** Redis names the first ten empty keys it skips, then only counts them. */
    private static final int MAX_LOGGED_EMPTY_KEYS = 10;
    /** How long a slice of a load slowed by key-load-delay may take before the clients are served. */
    private static final long DELAYED_SLICE_NANOS = 10_000_000;

    private final Keyspace keyspace;
    private final RdbValues values;
    private final boolean verifyChecksum;
    private final Log log;
    private final ServerConfig config;

    public RdbLoader(Server server) {
        this(server, server.keyspace());
    }

    /** A loader into target, which need not be the server's keyspace (a replica's swapdb load). */
    public RdbLoader(Server server, Keyspace target) {
        this.keyspace = target;
        this.values = RdbValues.standard(server.config());
        this.verifyChecksum = server.config().getBool("rdbchecksum") && !server.skipsChecksumValidation();
        this.log = server.log();
        this.config = server.config();
    }

    public Result load(InputStream in, Options options) {
        Loading loading = open(in, options);
        boolean done = false;
        while (!done) {
            done = loading.step(Integer.MAX_VALUE);
        }
        return loading.result();
    }

    /** Reads the header and returns the load, to be run in {@link Loading#step}s (between commands). */
    public Loading open(InputStream in, Options options) {
        RdbReader reader = new RdbReader(in, verifyChecksum);
        return new Loading(reader, readMagic(reader), options);
    }

    private static int readMagic(RdbReader reader) {
        byte[] magic = reader.readBytes(9);
        String text = new String(magic, StandardCharsets.ISO_8859_1);
        if (!text.startsWith("REDIS")) {
            throw new RdbFormatException("Wrong signature trying to load DB from file");
        }
        int version;
        try {
            version = Integer.parseInt(text.substring(5));
        } catch (NumberFormatException e) {
            throw new RdbFormatException("Wrong signature trying to load DB from file");
        }
        if (version < 1 || version > RdbType.VERSION) {
            throw new RdbFormatException("Can't handle RDB format version " + version);
        }
        return version;
    }

    private void verifyChecksum(RdbReader reader) {
        long expected = reader.checksum();
        long stored = reader.readLittleEndian(8);
        if (verifyChecksum && stored != 0 && stored != expected) {
            // Redis logs both checksums, then fails the load with the reason operators (and its tests) look for.
            log.warning(String.format("Wrong RDB checksum expected: (%x) but got (%x). Aborting now.", expected, stored));
            throw new RdbFormatException("RDB CRC error");
        }
    }

    /** Where the keys read from an image go, with what the opcodes before each said about it. */
    @FunctionalInterface
    public interface KeySink {
        void key(Database db, byte[] key, Object value, long expireAt, int freq, long idle);
    }

    /** A key read but not stored yet: an image parsed on another thread is stored on the command thread. */
    public record ParsedKey(Database db, byte[] key, Object value, long expireAt, int freq, long idle) {
    }

    /** A load in progress: the position in the file, current database and the opcodes for the next key. */
    public final class Loading {
        private final RdbReader reader;
        private final int version;
        private final Options options;
        private final AccessTracker access = keyspace.access();
        private final long now = System.currentTimeMillis();
        /** The code of each function library record, installed by the caller once the whole image loaded. */
        private final List<byte[]> functionLibraries = new ArrayList<>();
        private Database db = keyspace.db(0);
        long expireAt = KeyEntry.NO_EXPIRY;
        int freq = -1;
        long idle = -1;
        private long loaded;
        private long expired;
        private long emptyKeysSkipped;
        private String producedBy;
        private long created;
        /** Volatile: a load parsed on another thread is watched by INFO on the command thread. */
        private volatile long usedMemory = -1;
        private int replStreamDb = -1;
        private String replId;
        private long replOffset = -1;

        private Loading(RdbReader reader, int version, Options options) {
            this.reader = reader;
            this.version = version;
            this.options = options;
        }

        /** Reads and stores up to maxKeys more keys; true once the whole RDB is read (its checksum verified). */
        public boolean step(int maxKeys) {
            return read(maxKeys, this::store);
        }

        /**
         * Reads up to maxKeys more keys into sink without storing them, so it may run on another thread than
         * the command thread, which then {@link #store}s them; true once the whole RDB is read.
         */
        public boolean read(int maxKeys, KeySink sink) {
            // Read at every slice, as Redis reads it at every key: tests lower it to end a slowed load.
            int keyDelay = config.getInt("key-load-delay");
            long sliceEnd = System.nanoTime() + DELAYED_SLICE_NANOS;
            for (int keys = 0; keys < maxKeys; ) {
                int type = reader.readByte();
                switch (type) {
                    case RdbOpcode.EOF -> {
                        if (version >= 5) {
                            verifyChecksum(reader);
                        }
                        return true;
                    }
                    case RdbOpcode.EXPIRETIME -> expireAt = reader.readLittleEndian(4) * 1000;
                    case RdbOpcode.EXPIRETIME_MS -> expireAt = reader.readLittleEndian(8);
                    case RdbOpcode.FREQ -> freq = reader.readByte();
                    case RdbOpcode.IDLE -> idle = reader.readLength();
                    case RdbOpcode.SELECTDB -> selectDb(reader.readLength());
                    case RdbOpcode.RESIZEDB -> {
                        reader.readLength();
                        reader.readLength();
                    }
                    case RdbOpcode.AUX -> aux(reader.readString(), reader.readString());
                    case RdbOpcode.MODULE_AUX -> throw new RdbFormatException(
                            "the RDB holds module data (opcode 247), which this server does not support");
                    case RdbOpcode.FUNCTION, RdbOpcode.FUNCTION2 -> functionLibraries.add(functionRecord(type));
                    default -> {
                        byte[] key = reader.readString();
                        Object value = valueOrSkipped(type, key);
                        long when = expireAt;
                        int lfu = freq;
                        long lru = idle;
                        expireAt = KeyEntry.NO_EXPIRY;
                        freq = -1;
                        idle = -1;
                        if (value != null) {
                            sink.key(db, key, value, when, lfu, lru);
                        }
                        keys++;
                        if (keyDelay != 0) {
                            KeyDelay.afterKey(keyDelay);
                            // A slowed load still lets the clients in often, as Redis's does every few keys.
                            if (System.nanoTime() - sliceEnd >= 0) {
                                return false;
                            }
                        }
                    }
                }
            }
            return false;
        }

        /** The value of key, or null for an empty collection, skipped as Redis skips it (with a few log lines). */
        private Object valueOrSkipped(int type, byte[] key) {
            try {
                return values.read(type, reader);
            } catch (EmptyKeyException e) {
                if (emptyKeysSkipped++ < MAX_LOGGED_EMPTY_KEYS) {
                    log.warning("rdbLoadObject skipping empty key: " + new String(key, StandardCharsets.ISO_8859_1));
                }
                return null;
            }
        }

        void selectDb(long id) {
            if (id >= keyspace.count()) {
                throw new RdbFormatException("Data file was created with a Redis server configured to handle "
                        + "more than " + keyspace.count() + " databases");
            }
            db = keyspace.db((int) id);
        }

        /** A library's code, as Redis names a record it cannot read ("Failed loading library, ..."). */
        private byte[] functionRecord(int opcode) {
            try {
                return FunctionRecord.read(opcode, reader);
            } catch (RdbFormatException e) {
                throw new RdbFormatException("Failed loading library, " + e.getMessage());
            }
        }

        void aux(byte[] key, byte[] value) {
            String v = new String(value, StandardCharsets.ISO_8859_1);
            switch (new String(key, StandardCharsets.ISO_8859_1)) {
                case "redis-ver" -> producedBy = v;
                case "ctime" -> created = parse(v);
                case "used-mem" -> usedMemory = parse(v);
                case "repl-stream-db" -> replStreamDb = (int) parse(v);
                case "repl-id" -> replId = v;
                case "repl-offset" -> replOffset = parse(v);
                default -> { }
            }
        }

        private long parse(String v) {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new RdbFormatException("invalid number in an RDB aux field: " + v);
            }
        }

        /** Stores a key {@link #read} from the image (on the command thread). */
        public void store(ParsedKey k) {
            store(k.db(), k.key(), k.value(), k.expireAt(), k.freq(), k.idle());
        }

        private void store(Database db, byte[] key, Object value, long when, int lfu, long lru) {
            if (!options.keepExpired() && when != KeyEntry.NO_EXPIRY && when < now) {
                expired++;
                options.dropped().dropped(db, key);
                return;
            }
            KeyEntry existing = db.lookupRaw(key);
            if (existing != null) {
                if (!options.allowDuplicates()) {
                    throw new RdbFormatException("RDB has duplicated key '"
                            + new String(key, StandardCharsets.ISO_8859_1) + "' in DB " + db.id());
                }
                db.removeEntry(existing);
            }
            KeyEntry e = db.add(key, value);
            loaded++;
            if (when != KeyEntry.NO_EXPIRY) {
                db.setLoadedExpiry(e, when);
            }
            if (access.lfu()) {
                if (lfu >= 0) {
                    access.setFrequency(e, lfu, now);
                }
            } else if (lru >= 0) {
                access.setIdle(e, lru, now);
            }
        }

        /** The used-mem aux field read so far, -1 before it. */
        public long usedMemory() {
            return usedMemory;
        }

        public Result result() {
            SaveInfo.ReplicationMark mark = replId == null ? null
                    : new SaveInfo.ReplicationMark(replStreamDb, replId, replOffset);
            return new Result(loaded, expired, emptyKeysSkipped, producedBy, created, usedMemory, mark,
                    List.copyOf(functionLibraries));
        }
    }
}
