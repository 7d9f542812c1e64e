package dev.keyslot.datanode.command.generic;

import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.TypedLookup;
import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.KeyEntry;
import dev.keyslot.datanode.keyspace.ValueType;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;

import java.util.ArrayList;
import java.util.List;

/**
 * SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]: walks the keyspace dict with its reverse-binary
 * cursor, so every key present for the whole iteration is returned at least once.
 */
public final class ScanCommand implements CommandGroup {
    private final TypedLookup lookup;

    public ScanCommand(Server server) {
        this.lookup = new TypedLookup(server.stats());
    }

    @Override
    public void register(CommandTable t) {
        t.add("scan", -2, "readonly", "keyspace", this::scan).touchesArbitraryKeys()
                .tips("nondeterministic_output", "request_policy:special");
    }

    private void scan(Client c, byte[][] argv) {
        ScanOptions options = ScanOptions.parse(argv, 1, true);
        Database db = c.db();
        List<byte[]> keys = new ArrayList<>();
        long cursor = options.cursor;
        // Bounded so a sparse table cannot stall the server: at most 10 x COUNT buckets per call. Like
        // Redis, a COUNT so large that the product overflows means no bound at all.
        long maxIterations = options.count * 10;
        do {
            cursor = db.scan(cursor, e -> keys.add(e.key));
        } while (cursor != 0 && maxIterations-- != 0 && keys.size() < options.count);
        // Filtering happens after the walk: it may expire keys, which must not happen mid-bucket.
        keys.removeIf(key -> !options.matches(key) || !typeMatches(db, key, options.type) || db.lookup(key) == null);
        c.reply().arrayHeader(2);
        c.reply().bulkLong(cursor);
        c.reply().arrayHeader(keys.size());
        for (byte[] key : keys) {
            c.reply().bulk(key);
        }
    }

    private boolean typeMatches(Database db, byte[] key, byte[] type) {
        if (type == null) {
            return true;
        }
        KeyEntry e = lookup.peek(db, key);
        String name = e == null ? "none" : ValueType.of(e.value).typeName();
        return name.equalsIgnoreCase(Args.str(type));
    }
}
