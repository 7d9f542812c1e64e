package dev.keyslot.datanode.command.server;

import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** INFO [section ...]: Redis's sections and field names, with this server's values. */
public final class InfoCommand implements CommandGroup {
    /** Every section in Redis's output order. */
    static final List<String> ALL = List.of("server", "clients", "memory", "persistence", "stats", "replication",
            "cpu", "modules", "commandstats", "errorstats", "latencystats", "cluster", "keyspace");
    private static final Set<String> DEFAULT = Set.of("server", "clients", "memory", "persistence", "stats",
            "replication", "cpu", "modules", "errorstats", "cluster", "keyspace");

    private final InfoSections sections;

    public InfoCommand(Server server) {
        this.sections = new InfoSections(server);
    }

    @Override
    public void register(CommandTable t) {
        t.add("info", -1, "loading stale", "dangerous", this::info)
                .tips("nondeterministic_output", "request_policy:all_shards", "response_policy:special");
    }

    private void info(Client c, byte[][] argv) {
        Set<String> wanted = new LinkedHashSet<>();
        if (argv.length == 1) {
            wanted.addAll(DEFAULT);
        }
        for (int i = 1; i < argv.length; i++) {
            String name = Args.keyword(argv[i]);
            switch (name) {
                case "default" -> wanted.addAll(DEFAULT);
                case "all", "everything" -> wanted.addAll(ALL);
                default -> wanted.add(name);
            }
        }
        StringBuilder out = new StringBuilder();
        for (String section : ALL) {
            if (wanted.contains(section)) {
                if (out.length() > 0) {
                    out.append("\r\n");
                }
                sections.append(section, out);
            }
        }
        c.reply().verbatim(out.toString());
    }
}
