package dev.keyslot.datanode.command.transaction;

import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandSpec;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;

/**
 * MULTI EXEC DISCARD WATCH UNWATCH. Queueing is a filter; a command refused while queueing dooms the
 * transaction (EXECABORT), a touched watched key makes EXEC reply null, and queued commands run through
 * {@link dev.keyslot.datanode.command.CommandExecutor#call} so they count and are observed like any other.
 */
public final class TransactionCommands implements CommandGroup {
    private final Server server;
    private final WatchRegistry watches = new WatchRegistry();
    private CommandSpec execSpec;

    public TransactionCommands(Server server) {
        this.server = server;
        server.addKeyspaceListener(watches);
        server.executor().addFilter(new NoMultiFilter());
        server.executor().addFilter(new QueueFilter());
        server.executor().addRejectionHook(this::rejected);
        server.onDisconnect(this::discard);
        server.onClientReset(this::discard);
    }

    @Override
    public void register(CommandTable t) {
        t.add("multi", 1, "noscript loading stale fast allow_busy", "transaction", this::multi);
        execSpec = t.add("exec", 1, "noscript loading stale skip_slowlog", "transaction", this::exec)
                .propagatedByItsCommands();
        t.add("discard", 1, "noscript loading stale fast allow_busy", "transaction", this::discardCommand);
        t.add("watch", -2, "noscript loading stale fast allow_busy", 1, -1, 1, "transaction", this::watch)
                .keySpecFlags("RO");
        t.add("unwatch", 1, "noscript loading stale fast allow_busy", "transaction", this::unwatch);
    }

    /** Redis's flagTransaction, and execCommandAbort when EXEC itself is refused. */
    private String rejected(Client c, CommandSpec spec, String error) {
        MultiState multi = c.multi();
        if (multi.inMulti) {
            multi.queueingFailed = true;
        }
        if (spec == execSpec) {
            discard(c);
            if (isClusterRedirection(error)) {
                // Redis's processCommand discards the transaction and redirects EXEC as it would any command.
                return error;
            }
            // Redis formats its own refusals without the ERR code; shared errors (OOM, NOAUTH) keep theirs.
            String reason = error.startsWith("ERR ") ? error.substring(4) : error;
            return "EXECABORT Transaction discarded because of: " + reason;
        }
        return error;
    }

    private static boolean isClusterRedirection(String error) {
        return error.startsWith("MOVED ") || error.startsWith("ASK ") || error.startsWith("CROSSSLOT ")
                || error.startsWith("TRYAGAIN ") || error.startsWith("CLUSTERDOWN ");
    }

    private void multi(Client c, byte[][] argv) {
        MultiState multi = c.multi();
        if (multi.inMulti) {
            throw new CommandError("ERR MULTI calls can not be nested");
        }
        multi.inMulti = true;
        c.reply().ok();
    }

    private void exec(Client c, byte[][] argv) {
        MultiState multi = c.multi();
        if (!multi.inMulti) {
            throw new CommandError("ERR EXEC without MULTI");
        }
        if (watches.anyExpiredSinceWatch(c)) {
            multi.watchBroken = true;
        }
        if (multi.queueingFailed || multi.watchBroken) {
            boolean refused = multi.queueingFailed;
            discard(c);
            if (refused) {
                throw new CommandError("EXECABORT Transaction discarded because of previous errors.");
            }
            c.reply().nullArray();
            return;
        }
        boolean denied = c.denyBlocking();
        c.setDenyBlocking(true);
        watches.unwatchAll(c);
        var queued = multi.queued();
        c.reply().arrayHeader(queued.size());
        for (QueuedCommand q : queued) {
            String refusal = server.acl().recheckQueued(c, q.spec(), q.argv());
            if (refusal != null) {
                c.reply().error(refusal);
                server.stats().countError(refusal);
                continue;
            }
            server.executor().call(c, q.spec(), q.argv());
        }
        c.setDenyBlocking(denied);
        discard(c);
    }

    private void discardCommand(Client c, byte[][] argv) {
        if (!c.multi().inMulti) {
            throw new CommandError("ERR DISCARD without MULTI");
        }
        discard(c);
        c.reply().ok();
    }

    private void discard(Client c) {
        c.multi().clear();
        watches.unwatchAll(c);
    }

    private void watch(Client c, byte[][] argv) {
        MultiState multi = c.multi();
        if (multi.inMulti) {
            throw new CommandError("ERR WATCH inside MULTI is not allowed");
        }
        if (!multi.watchBroken) {
            for (int i = 1; i < argv.length; i++) {
                watches.watch(c, c.db(), argv[i]);
            }
        }
        c.reply().ok();
    }

    private void unwatch(Client c, byte[][] argv) {
        watches.unwatchAll(c);
        c.multi().watchBroken = false;
        c.reply().ok();
    }
}
