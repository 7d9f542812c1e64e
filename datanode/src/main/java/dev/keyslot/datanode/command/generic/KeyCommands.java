package dev.keyslot.datanode.command.generic;

import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.TypedLookup;
import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.KeyEntry;
import dev.keyslot.datanode.keyspace.ValueType;
import dev.keyslot.datanode.pubsub.NotifyType;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;
import dev.keyslot.datanode.util.GlobMatcher;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Generic keyspace commands that read or delete keys: DEL UNLINK EXISTS TYPE TOUCH KEYS RANDOMKEY. */
public final class KeyCommands implements CommandGroup {
    private static final byte[] ALL = {'*'};

    private final Server server;
    private final TypedLookup lookup;

    public KeyCommands(Server server) {
        this.server = server;
        this.lookup = new TypedLookup(server.stats());
    }

    @Override
    public void register(CommandTable t) {
        t.add("del", -2, "write", 1, -1, 1, "keyspace", this::del).keySpecFlags("RM delete")
                .tips("request_policy:multi_shard", "response_policy:agg_sum");
        t.add("unlink", -2, "write fast", 1, -1, 1, "keyspace", this::del).keySpecFlags("RM delete")
                .tips("request_policy:multi_shard", "response_policy:agg_sum");
        t.add("exists", -2, "readonly fast", 1, -1, 1, "keyspace", this::exists).keySpecFlags("RO")
                .tips("request_policy:multi_shard", "response_policy:agg_sum");
        t.add("type", 2, "readonly fast", 1, 1, 1, "keyspace", this::type).keySpecFlags("RO");
        t.add("touch", -2, "readonly fast", 1, -1, 1, "keyspace", this::touch).keySpecFlags("RO")
                .tips("request_policy:multi_shard", "response_policy:agg_sum");
        t.add("keys", 2, "readonly", "keyspace dangerous", this::keys)
                .tips("request_policy:all_shards", "nondeterministic_output_order");
        t.add("randomkey", 1, "readonly", "keyspace", this::randomkey).touchesArbitraryKeys()
                .tips("request_policy:all_shards", "nondeterministic_output");
    }

    private void del(Client c, byte[][] argv) {
        boolean unlink = Args.is(argv[0], "unlink");
        long deleted = 0;
        for (int i = 1; i < argv.length; i++) {
            KeyEntry removed = c.db().remove(argv[i]);
            if (removed != null) {
                server.lazyFree().deleted(removed.value, unlink, "lazyfree-lazy-user-del");
                server.notifications().notify(NotifyType.GENERIC, "del", argv[i], c.db());
                deleted++;
            }
        }
        server.stats().dirty += deleted;
        c.reply().integer(deleted);
    }

    private void exists(Client c, byte[][] argv) {
        long n = 0;
        for (int i = 1; i < argv.length; i++) {
            if (lookup.peek(c.db(), argv[i]) != null) {
                n++;
            }
        }
        c.reply().integer(n);
    }

    private void type(Client c, byte[][] argv) {
        KeyEntry e = lookup.peek(c.db(), argv[1]);
        c.reply().simple(e == null ? "none" : ValueType.of(e.value).typeName());
    }

    private void touch(Client c, byte[][] argv) {
        long n = 0;
        for (int i = 1; i < argv.length; i++) {
            if (lookup.read(c.db(), argv[i]) != null) {
                n++;
            }
        }
        c.reply().integer(n);
    }

    /** Keys are collected first: the reply length must precede them and expired keys are skipped. */
    private void keys(Client c, byte[][] argv) {
        byte[] pattern = argv[1];
        boolean all = Arrays.equals(pattern, ALL);
        Database db = c.db();
        List<byte[]> found = new ArrayList<>();
        db.dict().forEach(e -> {
            if ((all || GlobMatcher.matches(pattern, e.key)) && !db.isExpired(e)) {
                found.add(e.key);
            }
        });
        c.reply().arrayHeader(found.size());
        for (byte[] key : found) {
            c.reply().bulk(key);
        }
    }

    private void randomkey(Client c, byte[][] argv) {
        KeyEntry e = c.db().randomLiveEntry();
        if (e == null) {
            c.reply().nullBulk();
        } else {
            c.reply().bulk(e.key);
        }
    }
}
