package dev.keyslot.datanode.command.persistence;

import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.persistence.aof.Aof;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;

/** BGREWRITEAOF, with Redis's replies for a rewrite already running, scheduled or refused. */
public final class AofCommands implements CommandGroup {
    private final Server server;

    public AofCommands(Server server) {
        this.server = server;
    }

    @Override
    public void register(CommandTable t) {
        t.add("bgrewriteaof", 1, "admin noscript no_async_loading", "dangerous", this::bgrewriteaof);
    }

    private void bgrewriteaof(Client c, byte[][] argv) {
        Aof aof = server.aof();
        if (aof.rewriteInProgress()) {
            throw new CommandError("ERR Background append only file rewriting already in progress");
        }
        if (aof.mustSchedule() || c.multi().inMulti()) {
            aof.scheduleRewrite();
            c.reply().simple("Background append only file rewriting scheduled");
        } else if (aof.rewriteNow()) {
            c.reply().simple("Background append only file rewriting started");
        } else {
            throw new CommandError("ERR Can't execute an AOF background rewriting. "
                    + "Please check the server logs for more information.");
        }
    }
}
