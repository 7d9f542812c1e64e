package dev.keyslot.datanode.command.generic;

import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.TypedLookup;
import dev.keyslot.datanode.pubsub.NotifyType;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;

/** Generic keyspace commands. */
public final class KeyCommands implements CommandGroup {
    private final Server server;
    private final TypedLookup lookup;

    public KeyCommands(Server server) {
        this.server = server;
        this.lookup = new TypedLookup(server.stats());
    }

    @Override
    public void register(CommandTable t) {
        t.add("del", -2, "write", 1, -1, 1, "keyspace", this::del);
        t.add("exists", -2, "readonly fast", 1, -1, 1, "keyspace", this::exists);
    }

    private void del(Client c, byte[][] argv) {
        long deleted = 0;
        for (int i = 1; i < argv.length; i++) {
            if (c.db().delete(argv[i])) {
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
            if (lookup.read(c.db(), argv[i]) != null) {
                n++;
            }
        }
        c.reply().integer(n);
    }
}
