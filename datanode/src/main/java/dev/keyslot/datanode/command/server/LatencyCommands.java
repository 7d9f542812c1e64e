package dev.keyslot.datanode.command.server;

import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandSpec;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.HelpReply;
import dev.keyslot.datanode.protocol.Reply;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.LatencyHistograms;
import dev.keyslot.datanode.server.LatencyMonitor;
import dev.keyslot.datanode.server.Server;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** LATENCY LATEST, HISTORY, RESET, GRAPH, DOCTOR, HISTOGRAM and HELP. */
public final class LatencyCommands implements CommandGroup {
    private static final String FLAGS = "admin noscript loading stale";
    private static final String[] REPORT_TIPS =
            {"nondeterministic_output", "request_policy:all_nodes", "response_policy:special"};

    private final Server server;

    public LatencyCommands(Server server) {
        this.server = server;
    }

    @Override
    public void register(CommandTable t) {
        var latency = t.container("latency", "");
        latency.sub("latest", 2, FLAGS, "", this::latest).tips(REPORT_TIPS);
        latency.sub("history", 3, FLAGS, "", this::history).tips(REPORT_TIPS);
        latency.sub("reset", -2, FLAGS, "", this::reset)
                .tips("request_policy:all_nodes", "response_policy:all_succeeded");
        latency.sub("doctor", 2, FLAGS, "", this::doctor).tips(REPORT_TIPS);
        latency.sub("histogram", -2, FLAGS, "", this::histogram).tips(REPORT_TIPS);
        latency.sub("graph", 3, FLAGS, "", this::graph).tips(REPORT_TIPS);
        latency.sub("help", 2, "loading stale", "", (c, argv) -> HelpReply.send(c, argv[0],
                "DOCTOR",
                "    Return a human readable latency analysis report.",
                "GRAPH <event>",
                "    Return an ASCII latency graph for the <event> class.",
                "HISTORY <event>",
                "    Return time-latency samples for the <event> class.",
                "LATEST",
                "    Return the latest latency samples for all events.",
                "RESET [<event> ...]",
                "    Reset latency data of one or more <event> classes.",
                "    (default: reset all data for all event classes)",
                "HISTOGRAM [COMMAND ...]",
                "    Return a cumulative distribution of latencies in the format of a histogram for the specified command names.",
                "    If no commands are specified then all histograms are replied."));
    }

    private void latest(Client c, byte[][] argv) {
        Collection<LatencyMonitor.Series> all = server.latencyMonitor().all();
        Reply r = c.reply();
        r.arrayHeader(all.size());
        for (LatencyMonitor.Series s : all) {
            long[] last = s.latest();
            r.arrayHeader(4);
            r.bulk(Args.bytes(s.event()));
            r.integer(last[0]);
            r.integer(last[1]);
            r.integer(s.max());
        }
    }

    private void history(Client c, byte[][] argv) {
        LatencyMonitor.Series s = server.latencyMonitor().get(Args.str(argv[2]));
        Reply r = c.reply();
        if (s == null) {
            r.arrayHeader(0);
            return;
        }
        r.arrayHeader(s.samples().size());
        for (long[] sample : s.samples()) {
            r.arrayHeader(2);
            r.integer(sample[0]);
            r.integer(sample[1]);
        }
    }

    private void reset(Client c, byte[][] argv) {
        if (argv.length == 2) {
            c.reply().integer(server.latencyMonitor().resetAll());
            return;
        }
        int n = 0;
        for (int i = 2; i < argv.length; i++) {
            if (server.latencyMonitor().reset(Args.str(argv[i]))) {
                n++;
            }
        }
        c.reply().integer(n);
    }

    /** Per-command latency distributions: all commands that ran, or the named ones (containers expand). */
    private void histogram(Client c, byte[][] argv) {
        Map<CommandSpec, LatencyHistograms.Histogram> selected = new LinkedHashMap<>();
        LatencyHistograms all = server.latencyHistograms();
        if (argv.length == 2) {
            all.forEach(selected::put);
        } else {
            for (int i = 2; i < argv.length; i++) {
                CommandSpec spec = CommandIntrospection.byFullName(server.commands(), Args.lower(argv[i]));
                if (spec == null) {
                    continue;
                }
                for (CommandSpec s : spec.hasSubcommands() ? spec.subcommands().values() : List.of(spec)) {
                    if (all.get(s) != null) {
                        selected.put(s, all.get(s));
                    }
                }
            }
        }
        Reply r = c.reply();
        r.mapHeader(selected.size());
        for (Map.Entry<CommandSpec, LatencyHistograms.Histogram> e : selected.entrySet()) {
            r.bulk(Args.bytes(e.getKey().fullName()));
            r.mapHeader(2);
            r.bulk(Args.bytes("calls"));
            r.integer(e.getValue().count());
            r.bulk(Args.bytes("histogram_usec"));
            List<long[]> buckets = e.getValue().cumulativePowersOfTwo();
            r.mapHeader(buckets.size());
            for (long[] b : buckets) {
                r.integer(b[0]);
                r.integer(b[1]);
            }
        }
    }

    private void graph(Client c, byte[][] argv) {
        LatencyMonitor.Series s = server.latencyMonitor().get(Args.str(argv[2]));
        if (s == null) {
            throw new CommandError("ERR No samples available for event '" + Args.cString(argv[2]) + "'");
        }
        c.reply().verbatim(LatencyGraph.render(s, System.currentTimeMillis() / 1000));
    }

    private void doctor(Client c, byte[][] argv) {
        c.reply().verbatim(LatencyReport.create(server.config().getLong("latency-monitor-threshold"),
                server.latencyMonitor().all()));
    }
}
