package dev.keyslot.datanode.scripting;

import dev.keyslot.datanode.command.CommandSpec;
import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.KeyEntry;
import dev.keyslot.datanode.keyspace.Keyspace;
import dev.keyslot.datanode.keyspace.RedisValue;
import dev.keyslot.datanode.util.Numbers;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

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
                keepSwapped(database(argv[1]), database(argv[2]));
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
        if (spec.fullName().equals("move") && argv.length == 3) {
            return database(argv[2]);
        }
        Database target = null;
        if (spec.fullName().equals("copy")) {
            for (int i = 3; i + 1 < argv.length; i++) {
                if (new String(argv[i], StandardCharsets.ISO_8859_1).equalsIgnoreCase("db")) {
                    target = database(argv[i + 1]);
                }
            }
        }
        return target;
    }

    /**
     * SWAPDB: each database gets the other's keys, so both keep every key either holds now or has kept already
     * (a key the session created or deleted before the swap changes the other database too).
     */
    private void keepSwapped(Database a, Database b) {
        if (a == null || b == null) {
            return;
        }
        Set<String> names = new LinkedHashSet<>();
        for (Database db : new Database[] {a, b}) {
            db.dict().forEach(e -> names.add(new String(e.key, StandardCharsets.ISO_8859_1)));
            names.addAll(prior.getOrDefault(db, Map.of()).keySet());
        }
        for (String name : names) {
            byte[] key = name.getBytes(StandardCharsets.ISO_8859_1);
            keep(a, key);
            keep(b, key);
        }
    }

    private Database database(byte[] index) {
        int i = Numbers.atoi(index);
        return i >= 0 && i < keyspace.all().length ? keyspace.db(i) : null;
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
        copy.copyStringFlags(e);
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
