package dev.keyslot.datanode.command.server;

import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.Errors;
import dev.keyslot.datanode.command.HelpReply;
import dev.keyslot.datanode.protocol.Reply;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;
import dev.keyslot.datanode.server.SlowLog;

import java.util.Iterator;

/** SLOWLOG GET [count], LEN, RESET and HELP. */
public final class SlowlogCommands implements CommandGroup {
    private final Server server;

    public SlowlogCommands(Server server) {
        this.server = server;
    }

    @Override
    public void register(CommandTable t) {
        var slowlog = t.container("slowlog", "");
        slowlog.sub("get", -2, "admin loading stale", "", this::get)
                .tips("request_policy:all_nodes", "nondeterministic_output");
        slowlog.sub("len", 2, "admin loading stale", "", (c, argv) -> c.reply().integer(server.slowLog().size()))
                .tips("request_policy:all_nodes", "response_policy:agg_sum", "nondeterministic_output");
        slowlog.sub("reset", 2, "admin loading stale", "", this::reset)
                .tips("request_policy:all_nodes", "response_policy:all_succeeded");
        slowlog.sub("help", 2, "loading stale", "", (c, argv) -> HelpReply.send(c, argv[0],
                "GET [<count>]",
                "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
                "    Entries are made of:",
                "    id, timestamp, time in microseconds, arguments array, client IP and port,",
                "    client name",
                "LEN",
                "    Return the length of the slowlog.",
                "RESET",
                "    Reset the slowlog."));
    }

    private void get(Client c, byte[][] argv) {
        if (argv.length > 3) {
            throw Errors.subcommandSyntax(argv);
        }
        SlowLog log = server.slowLog();
        long count = 10;
        if (argv.length == 3) {
            count = Args.toLong(argv[2], "ERR count should be greater than or equal to -1");
            if (count < -1) {
                throw new CommandError("ERR count should be greater than or equal to -1");
            }
            if (count == -1) {
                count = log.size();
            }
        }
        int n = (int) Math.min(count, log.size());
        Reply r = c.reply();
        r.arrayHeader(n);
        Iterator<SlowLog.Entry> it = log.newestFirst();
        for (int i = 0; i < n; i++) {
            SlowLog.Entry e = it.next();
            r.arrayHeader(6);
            r.integer(e.id());
            r.integer(e.unixSeconds());
            r.integer(e.micros());
            r.arrayHeader(e.argv().length);
            for (byte[] arg : e.argv()) {
                r.bulk(arg);
            }
            r.bulk(Args.bytes(e.clientAddress()));
            r.bulk(Args.bytes(e.clientName()));
        }
    }

    private void reset(Client c, byte[][] argv) {
        server.slowLog().reset();
        c.reply().ok();
    }
}
