package dev.keyslot.datanode.scripting;

import dev.keyslot.datanode.command.CommandSpec;
import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.KeyEntry;
import dev.keyslot.datanode.keyspace.Keyspace;
import dev.keyslot.datanode.keyspace.RedisValue;
import dev.keyslot.datanode.util.Numbers;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Undoes what a forked (SCRIPT DEBUG YES) session wrote. Redis runs such a session in a forked child whose
 * dataset is thrown away; here each key a write command of the session may touch is copied (value, expiry,
 * or its absence) before the first such command, and put back when the session ends. Command thread only.
 */
final class DebugRollback {
    /** Stands for a key that did not exist before the session. */
    private static final KeyEntry ABSENT = new KeyEntry(new byte[0], null);

    private final Keyspace keyspace;
    private final Map<Database, Map<String, KeyEntry>> prior = new LinkedHashMap<>();

    DebugRollback(Keyspace keyspace) {
        this.keyspace = keyspace;
    }

    /** Before a write command of the session runs in db: keeps the prior state of the keys it may change. */
    void beforeWrite(Database db, CommandSpec spec, byte[][] argv) {
        switch (spec.fullName()) {
            case "flushall" -> {
                for (Database each : keyspace.all()) {
                    keepAll(each);
                }
                return;
            }
            case "flushdb" -> {
                keepAll(db);
                return;
            }
            case "swapdb" -> {
                keepAll(keyspace.db(Numbers.atoi(argv[1])));
                keepAll(keyspace.db(Numbers.atoi(argv[2])));
                return;
            }
            default -> {
            }
        }
        Database target = otherDatabase(spec, argv);
        for (int position : spec.keyPositions(argv)) {
            keep(db, argv[position]);
            if (target != null) {
                keep(target, argv[position]);
            }
        }
    }

    /** MOVE's and COPY ... DB's destination database, where the keys land too. */
    private Database otherDatabase(CommandSpec spec, byte[][] argv) {
        int index = -1;
        if (spec.fullName().equals("move") && argv.length == 3) {
            index = Numbers.atoi(argv[2]);
        } else if (spec.fullName().equals("copy")) {
            for (int i = 3; i + 1 < argv.length; i++) {
                if (new String(argv[i], StandardCharsets.ISO_8859_1).equalsIgnoreCase("db")) {
                    index = Numbers.atoi(argv[i + 1]);
                }
            }
        }
        return index >= 0 && index < keyspace.all().length ? keyspace.db(index) : null;
    }

    private void keepAll(Database db) {
        db.dict().forEach(e -> keep(db, e.key));
    }

    private void keep(Database db, byte[] key) {
        Map<String, KeyEntry> keys = prior.computeIfAbsent(db, d -> new LinkedHashMap<>());
        String name = new String(key, StandardCharsets.ISO_8859_1);
        if (keys.containsKey(name)) {
            return;
        }
        KeyEntry e = db.dict().get(key);
        keys.put(name, e == null ? ABSENT : copyOf(e));
    }

    private static KeyEntry copyOf(KeyEntry e) {
        Object value = e.value instanceof byte[] bytes ? bytes.clone()
                : e.value instanceof RedisValue v ? v.copy() : e.value;
        KeyEntry copy = new KeyEntry(e.key.clone(), value);
        copy.expireAt = e.expireAt;
        copy.lru = e.lru;
        copy.setRawString(e.rawString());
        copy.setPrivateInteger(e.privateInteger());
        return copy;
    }

    /** Puts every kept key back as it was. */
    void restore() {
        for (Map.Entry<Database, Map<String, KeyEntry>> perDb : prior.entrySet()) {
            Database db = perDb.getKey();
            for (Map.Entry<String, KeyEntry> kept : perDb.getValue().entrySet()) {
                byte[] key = kept.getKey().getBytes(StandardCharsets.ISO_8859_1);
                KeyEntry now = db.dict().get(key);
                if (now != null) {
                    db.removeEntry(now);
                }
                if (kept.getValue() != ABSENT) {
                    db.insertEntry(kept.getValue());
                } else if (now != null) {
                    db.signalModified(key);
                }
            }
        }
        prior.clear();
    }
}
