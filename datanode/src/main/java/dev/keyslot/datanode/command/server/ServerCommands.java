package dev.keyslot.datanode.command.server;

import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;

/** Server commands: DBSIZE FLUSHDB FLUSHALL and the rest of the administrative surface. */
public final class ServerCommands implements CommandGroup {
    private final Server server;

    public ServerCommands(Server server) {
        this.server = server;
    }

    @Override
    public void register(CommandTable t) {
        t.add("dbsize", 1, "readonly fast", "keyspace", (c, argv) -> c.reply().integer(c.db().size()));
        t.add("flushdb", -1, "write", "keyspace dangerous", this::flushdb);
        t.add("flushall", -1, "write", "keyspace dangerous", this::flushall);
    }

    private void flushdb(Client c, byte[][] argv) {
        server.stats().dirty += c.db().size();
        c.db().clear();
        c.reply().ok();
    }

    private void flushall(Client c, byte[][] argv) {
        server.stats().dirty += server.keyspace().totalKeys();
        server.keyspace().flushAll();
        c.reply().ok();
    }
}
