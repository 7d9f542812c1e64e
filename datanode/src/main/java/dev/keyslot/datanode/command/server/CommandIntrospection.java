package dev.keyslot.datanode.command.server;

import dev.keyslot.datanode.command.AclCategory;
import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandFlag;
import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandSpec;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.Errors;
import dev.keyslot.datanode.command.HelpReply;
import dev.keyslot.datanode.protocol.Reply;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;
import dev.keyslot.datanode.util.GlobMatcher;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/** COMMAND, COMMAND COUNT / LIST / INFO / DOCS / GETKEYS / GETKEYSANDFLAGS / HELP, answered from the command table. */
public final class CommandIntrospection implements CommandGroup {
    private final Server server;
    private final CommandDocs docs = CommandDocs.load();

    public CommandIntrospection(Server server) {
        this.server = server;
    }

    @Override
    public void register(CommandTable t) {
        var command = t.add("command", -1, "loading stale", "connection", this::all)
                .tips("nondeterministic_output_order");
        command.sub("count", 2, "loading stale", "connection",
                (c, argv) -> c.reply().integer(server.commands().size()));
        command.sub("list", -2, "loading stale", "connection", this::list).tips("nondeterministic_output_order");
        command.sub("info", -2, "loading stale", "connection", this::info).tips("nondeterministic_output_order");
        command.sub("docs", -2, "loading stale", "connection", this::docs).tips("nondeterministic_output_order");
        command.sub("getkeys", -4, "loading stale", "connection", (c, argv) -> getKeys(c, argv, false));
        command.sub("getkeysandflags", -4, "loading stale", "connection", (c, argv) -> getKeys(c, argv, true));
        command.sub("help", 2, "loading stale", "connection", (c, argv) -> HelpReply.send(c, argv[0],
                "(no subcommand)",
                "    Return details about all Redis commands.",
                "COUNT",
                "    Return the total number of commands in this Redis server.",
                "LIST",
                "    Return a list of all commands in this Redis server.",
                "INFO [<command-name> ...]",
                "    Return details about multiple Redis commands.",
                "    If no command names are given, documentation details for all",
                "    commands are returned.",
                "DOCS [<command-name> ...]",
                "    Return documentation details about multiple Redis commands.",
                "    If no command names are given, documentation details for all",
                "    commands are returned.",
                "GETKEYS <full-command>",
                "    Return the keys from a full Redis command.",
                "GETKEYSANDFLAGS <full-command>",
                "    Return the keys and the access flags from a full Redis command."));
    }

    private void all(Client c, byte[][] argv) {
        c.reply().arrayHeader(server.commands().size());
        for (CommandSpec spec : server.commands().all()) {
            writeInfo(c.reply(), spec);
        }
    }

    private void info(Client c, byte[][] argv) {
        if (argv.length == 2) {
            all(c, argv);
            return;
        }
        c.reply().arrayHeader(argv.length - 2);
        for (int i = 2; i < argv.length; i++) {
            CommandSpec spec = byFullName(server.commands(), Args.lower(argv[i]));
            if (spec == null) {
                c.reply().nullBulk();
            } else {
                writeInfo(c.reply(), spec);
            }
        }
    }

    /** All commands, or the named ones that exist (unknown names are left out), as a map by full name. */
    private void docs(Client c, byte[][] argv) {
        List<CommandSpec> found = new ArrayList<>();
        if (argv.length == 2) {
            found.addAll(docs.ordered(server.commands().all()));
        } else {
            for (int i = 2; i < argv.length; i++) {
                CommandSpec spec = byFullName(server.commands(), Args.lower(argv[i]));
                if (spec != null) {
                    found.add(spec);
                }
            }
        }
        c.reply().mapHeader(found.size());
        for (CommandSpec spec : found) {
            c.reply().bulk(spec.fullName());
            docs.write(c.reply(), spec);
        }
    }

    /** "get" or "config|get". */
    static CommandSpec byFullName(CommandTable table, String name) {
        int bar = name.indexOf('|');
        if (bar < 0) {
            return table.get(name);
        }
        CommandSpec parent = table.get(name.substring(0, bar));
        return parent == null ? null : parent.subcommand(name.substring(bar + 1));
    }

    private void list(Client c, byte[][] argv) {
        Predicate<CommandSpec> filter;
        if (argv.length == 2) {
            filter = s -> true;
        } else if (argv.length == 5 && Args.is(argv[2], "filterby")) {
            String value = Args.str(argv[4]);
            if (Args.is(argv[3], "module")) {
                filter = s -> false;
            } else if (Args.is(argv[3], "aclcat")) {
                AclCategory category = category(value);
                filter = s -> category != null && s.inCategory(category);
            } else if (Args.is(argv[3], "pattern")) {
                byte[] pattern = argv[4];
                filter = s -> GlobMatcher.matches(pattern, s.fullName().getBytes(StandardCharsets.ISO_8859_1), true);
            } else {
                throw Errors.syntax();
            }
        } else {
            throw Errors.syntax();
        }
        List<String> names = new ArrayList<>();
        for (CommandSpec spec : server.commands().all()) {
            if (filter.test(spec)) {
                names.add(spec.fullName());
            }
            for (CommandSpec sub : spec.subcommands().values()) {
                if (filter.test(sub)) {
                    names.add(sub.fullName());
                }
            }
        }
        c.reply().arrayHeader(names.size());
        for (String name : names) {
            c.reply().bulk(Args.bytes(name));
        }
    }

    private static AclCategory category(String name) {
        for (AclCategory cat : AclCategory.values()) {
            if (cat.wireName().equals(name.toLowerCase(Locale.ROOT))) {
                return cat;
            }
        }
        return null;
    }

    private void getKeys(Client c, byte[][] argv, boolean withFlags) {
        CommandSpec spec = server.commands().lookup(argv[2]);
        int argc = argv.length - 2;
        if (spec != null && spec.hasSubcommands()) {
            spec = argc >= 2 ? spec.subcommand(Args.lower(argv[3])) : null;
        }
        if (spec == null) {
            throw new CommandError("ERR Invalid command specified");
        }
        if (spec.firstKey() <= 0 && !spec.hasKeyFinder()) {
            throw new CommandError("ERR The command has no key arguments");
        }
        if (!spec.arityMatches(argc)) {
            throw new CommandError("ERR Invalid number of arguments specified for command");
        }
        List<Integer> positions = spec.keyPositions(java.util.Arrays.copyOfRange(argv, 2, argv.length));
        if (positions.isEmpty()) {
            if (spec.has(CommandFlag.NO_MANDATORY_KEYS)) {
                c.reply().emptyArray();
                return;
            }
            throw new CommandError("ERR Invalid arguments specified for command");
        }
        Reply r = c.reply();
        r.arrayHeader(positions.size());
        for (int p : positions) {
            if (withFlags) {
                r.arrayHeader(2);
                r.bulk(argv[p + 2]);
                List<String> flags = spec.keySpecFlags();
                r.setHeader(flags.size());
                for (String f : flags) {
                    r.simple(f);
                }
            } else {
                r.bulk(argv[p + 2]);
            }
        }
    }

    /** One COMMAND INFO entry in Redis 7.0's ten-field layout. */
    static void writeInfo(Reply r, CommandSpec spec) {
        r.arrayHeader(10);
        r.bulk(Args.bytes(spec.fullName()));
        r.integer(spec.arity());
        List<String> flags = new ArrayList<>();
        for (CommandFlag f : CommandFlag.values()) {
            // may_replicate is internal: Redis 7.0 hides it from COMMAND INFO.
            if (spec.has(f) && f != CommandFlag.MAY_REPLICATE) {
                flags.add(f.wireName());
            }
        }
        r.setHeader(flags.size());
        for (String f : flags) {
            r.simple(f);
        }
        r.integer(spec.firstKey());
        r.integer(spec.lastKey());
        r.integer(spec.keyStep());
        List<String> categories = new ArrayList<>();
        for (AclCategory cat : AclCategory.values()) {
            if (spec.inCategory(cat)) {
                categories.add("@" + cat.wireName());
            }
        }
        r.setHeader(categories.size());
        for (String cat : categories) {
            r.simple(cat);
        }
        r.setHeader(spec.tips().size());
        for (String tip : spec.tips()) {
            r.bulk(Args.bytes(tip));
        }
        writeKeySpecs(r, spec);
        r.setHeader(spec.subcommands().size());
        for (CommandSpec sub : spec.subcommands().values()) {
            writeInfo(r, sub);
        }
    }

    /** The single range key spec equivalent to (first, last, step). */
    private static void writeKeySpecs(Reply r, CommandSpec spec) {
        if (spec.firstKey() <= 0) {
            r.setHeader(0);
            return;
        }
        r.setHeader(1);
        r.mapHeader(3);
        r.bulk(Args.bytes("flags"));
        List<String> flags = spec.keySpecFlags();
        r.setHeader(flags.size());
        for (String f : flags) {
            r.simple(f);
        }
        r.bulk(Args.bytes("begin_search"));
        r.mapHeader(2);
        r.bulk(Args.bytes("type"));
        r.bulk(Args.bytes("index"));
        r.bulk(Args.bytes("spec"));
        r.mapHeader(1);
        r.bulk(Args.bytes("index"));
        r.integer(spec.firstKey());
        r.bulk(Args.bytes("find_keys"));
        r.mapHeader(2);
        r.bulk(Args.bytes("type"));
        r.bulk(Args.bytes("range"));
        r.bulk(Args.bytes("spec"));
        r.mapHeader(3);
        r.bulk(Args.bytes("lastkey"));
        r.integer(spec.lastKey() < 0 ? spec.lastKey() : spec.lastKey() - spec.firstKey());
        r.bulk(Args.bytes("keystep"));
        r.integer(spec.keyStep());
        r.bulk(Args.bytes("limit"));
        r.integer(0);
    }
}
