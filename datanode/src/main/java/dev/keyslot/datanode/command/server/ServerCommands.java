package dev.keyslot.datanode.command.server;

import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.Errors;
import dev.keyslot.datanode.command.server.lolwut.LolwutCommand;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;
import dev.keyslot.datanode.server.ShutdownSequence;

import java.util.List;

/**
 * Server commands: DBSIZE FLUSHDB FLUSHALL TIME LASTSAVE SHUTDOWN, plus the administrative families that
 * live in their own classes (CONFIG, INFO, COMMAND, SLOWLOG, LATENCY, DEBUG, MEMORY, MODULE, LOLWUT).
 */
public final class ServerCommands implements CommandGroup {
    private final Server server;

    public ServerCommands(Server server) {
        this.server = server;
    }

    @Override
    public void register(CommandTable t) {
        t.add("dbsize", 1, "readonly fast", "keyspace", (c, argv) -> c.reply().integer(c.db().size()))
                .tips("request_policy:all_shards", "response_policy:agg_sum");
        t.add("flushdb", -1, "write", "keyspace dangerous", this::flushdb)
                .tips("request_policy:all_shards", "response_policy:all_succeeded");
        t.add("flushall", -1, "write", "keyspace dangerous", this::flushall)
                .tips("request_policy:all_shards", "response_policy:all_succeeded");
        t.add("time", 1, "loading stale fast", "", this::time).tips("nondeterministic_output");
        t.add("lastsave", 1, "loading stale fast", "admin dangerous",
                (c, argv) -> c.reply().integer(server.stats().lastSaveUnixSeconds)).tips("nondeterministic_output");
        t.add("shutdown", -1, "admin noscript loading stale no_multi allow_busy", "", this::shutdown);
        t.add("monitor", 1, "admin noscript loading stale", "", this::monitor);
        for (CommandGroup g : List.of(new ConfigCommands(server), new InfoCommand(server),
                new CommandIntrospection(server), new SlowlogCommands(server), new LatencyCommands(server),
                new DebugCommand(server), new MemoryCommands(server), new ModuleCommand(server),
                new LolwutCommand())) {
            g.register(t);
        }
    }

    private void monitor(Client c, byte[][] argv) {
        if (c.denyBlocking()) {
            throw new CommandError("ERR MONITOR isn't allowed for DENY BLOCKING client");
        }
        // A replica or a client already monitoring gets no reply at all, as from Redis.
        if (!c.isReplica() && !c.isMonitoring()) {
            server.monitors().add(c);
            c.reply().ok();
        }
    }

    /** FLUSHDB and FLUSHALL accept one optional ASYNC or SYNC; both empty synchronously here. */
    private static void checkFlushMode(byte[][] argv) {
        if (argv.length > 2 || (argv.length == 2 && !Args.is(argv[1], "sync") && !Args.is(argv[1], "async"))) {
            throw Errors.syntax();
        }
    }

    private void flushdb(Client c, byte[][] argv) {
        checkFlushMode(argv);
        if (server.lazyFree().flushIsAsync(argv.length == 2 ? Args.str(argv[1]) : null)) {
            server.lazyFree().flushed(c.db().size());
        }
        server.stats().dirty += c.db().size();
        c.db().clear();
        // Propagated even when the database was empty already, as in Redis.
        server.propagator().force();
        c.reply().ok();
    }

    private void flushall(Client c, byte[][] argv) {
        checkFlushMode(argv);
        if (server.lazyFree().flushIsAsync(argv.length == 2 ? Args.str(argv[1]) : null)) {
            server.lazyFree().flushed(server.keyspace().totalKeys());
        }
        server.stats().dirty += server.keyspace().totalKeys();
        server.keyspace().flushAll();
        server.propagator().force();
        server.persistence().afterFlushAll();
        c.reply().ok();
    }

    private void time(Client c, byte[][] argv) {
        java.time.Instant now = java.time.Instant.now();
        c.reply().arrayHeader(2);
        c.reply().bulkLong(now.getEpochSecond());
        c.reply().bulkLong(now.getNano() / 1000);
    }

    /** SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]. */
    private void shutdown(Client c, byte[][] argv) {
        boolean nosave = false;
        boolean save = false;
        boolean abort = false;
        boolean now = false;
        boolean force = false;
        for (int i = 1; i < argv.length; i++) {
            if (Args.is(argv[i], "nosave")) {
                nosave = true;
            } else if (Args.is(argv[i], "save")) {
                save = true;
            } else if (Args.is(argv[i], "now")) {
                now = true;
            } else if (Args.is(argv[i], "force")) {
                force = true;
            } else if (Args.is(argv[i], "abort")) {
                abort = true;
            } else {
                throw Errors.syntax();
            }
        }
        if ((abort && (nosave || save || now || force)) || (nosave && save)) {
            throw Errors.syntax();
        }
        ShutdownSequence shutdown = server.shutdown();
        if (abort) {
            if (!shutdown.abort()) {
                throw new CommandError("ERR No shutdown in progress.");
            }
            c.reply().ok();
            return;
        }
        if (!now && c.denyBlocking()) {
            throw new CommandError("ERR SHUTDOWN without NOW or ABORT isn't allowed for DENY BLOCKING client");
        }
        // A timed-out script may have written half of its effects: only a shutdown that saves nothing is allowed.
        String busy = nosave ? null : server.scripting().runner().busyError();
        if (busy != null) {
            throw new CommandError(busy);
        }
        if (!shutdown.request(new ShutdownSequence.Mode(save, nosave, now, force))) {
            throw new CommandError(ShutdownSequence.FAILED);
        }
        if (shutdown.inProgress()) {
            shutdown.await(c, server.executor().defer(c, c.lastCommand(), argv));
        }
    }
}
