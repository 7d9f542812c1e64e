package dev.keyslot.datanode.command.persistence;

import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.Errors;
import dev.keyslot.datanode.persistence.DiskErrorFilter;
import dev.keyslot.datanode.persistence.Persistence;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;

/** SAVE and BGSAVE [SCHEDULE], and the MISCONF refusal of writes while the node cannot persist them. */
public final class PersistenceCommands implements CommandGroup {
    private final Server server;
    private final Persistence persistence;

    public PersistenceCommands(Server server) {
        this.server = server;
        this.persistence = server.persistence();
    }

    @Override
    public void register(CommandTable t) {
        t.add("save", 1, "admin noscript no_async_loading no_multi", "", this::save);
        t.add("bgsave", -1, "admin noscript no_async_loading", "", this::bgsave);
        server.executor().addFilter(new DiskErrorFilter(server, persistence, server.aof()));
    }

    private void save(Client c, byte[][] argv) {
        if (persistence.bgsaveInProgress()) {
            throw new CommandError("ERR Background save already in progress");
        }
        if (!persistence.saveCommand()) {
            throw new CommandError("ERR");
        }
        c.reply().ok();
    }

    private void bgsave(Client c, byte[][] argv) {
        boolean schedule = false;
        if (argv.length > 1) {
            if (argv.length == 2 && Args.is(argv[1], "schedule")) {
                schedule = true;
            } else {
                throw Errors.syntax();
            }
        }
        if (persistence.bgsaveInProgress()) {
            throw new CommandError("ERR Background save already in progress");
        }
        boolean inExec = server.executor().nested();
        if (persistence.snapshotRunning() || inExec) {
            if (!schedule && !inExec) {
                throw new CommandError("ERR Another child process is active (AOF?): can't BGSAVE right now. "
                        + "Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.");
            }
            persistence.scheduleBgsave();
            c.reply().simple("Background saving scheduled");
            return;
        }
        persistence.startBgsave();
        c.reply().simple("Background saving started");
    }
}
