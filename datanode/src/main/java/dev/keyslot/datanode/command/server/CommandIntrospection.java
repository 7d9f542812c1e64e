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
import dev.keyslot.datanode.command.KeySearch;
import dev.keyslot.datanode.command.KeySpec;
import dev.keyslot.datanode.command.KeySpecFlag;
import dev.keyslot.datanode.protocol.Reply;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;
import dev.keyslot.datanode.util.GlobMatcher;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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
                (c, argv) -> c.reply().integer(server.commands().callable().size()));
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
        c.reply().arrayHeader(server.commands().callable().size());
        for (CommandSpec spec : server.commands().callable()) {
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
            found.addAll(docs.ordered(server.commands().callable()));
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

    /**
     * "get" or "config|get", by the name clients call the command by: a renamed command answers to its new
     * name only (still describing itself by its own), a removed one to none.
     */
    static CommandSpec byFullName(CommandTable table, String name) {
        int bar = name.indexOf('|');
        if (bar < 0) {
            return table.getCalled(name);
        }
        CommandSpec parent = table.getCalled(name.substring(0, bar));
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
        for (CommandSpec spec : server.commands().callable()) {
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
        if (!KeySearch.hasKeys(spec)) {
            throw new CommandError("ERR The command has no key arguments");
        }
        if (!spec.arityMatches(argc)) {
            throw new CommandError("ERR Invalid number of arguments specified for command");
        }
        List<KeySearch.KeyReference> keys = KeySearch.keys(spec, Arrays.copyOfRange(argv, 2, argv.length));
        if (keys.isEmpty() && !spec.has(CommandFlag.NO_MANDATORY_KEYS)) {
            throw new CommandError("ERR Invalid arguments specified for command");
        }
        Reply r = c.reply();
        r.arrayHeader(keys.size());
        for (KeySearch.KeyReference key : keys) {
            if (withFlags) {
                r.arrayHeader(2);
                r.bulk(argv[key.position() + 2]);
                writeFlags(r, KeySpecFlag.names(key.flags()));
            } else {
                r.bulk(argv[key.position() + 2]);
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
        writeFlags(r, flags);
        r.integer(spec.firstKey());
        r.integer(spec.lastKey());
        r.integer(spec.keyStep());
        List<String> categories = new ArrayList<>();
        for (AclCategory cat : AclCategory.values()) {
            if (spec.inCategory(cat)) {
                categories.add("@" + cat.wireName());
            }
        }
        writeFlags(r, categories);
        r.setHeader(spec.tips().size());
        for (String tip : spec.tips()) {
            r.bulk(Args.bytes(tip));
        }
        writeKeySpecs(r, spec);
        // Redis answers an empty set for a command without subcommands, but an array of them otherwise.
        if (spec.hasSubcommands()) {
            r.arrayHeader(spec.subcommands().size());
        } else {
            r.setHeader(0);
        }
        for (CommandSpec sub : spec.subcommands().values()) {
            writeInfo(r, sub);
        }
    }

    private static void writeKeySpecs(Reply r, CommandSpec spec) {
        r.setHeader(spec.keySpecs().size());
        for (KeySpec keySpec : spec.keySpecs()) {
            r.mapHeader(keySpec.notes() == null ? 3 : 4);
            if (keySpec.notes() != null) {
                r.bulk(Args.bytes("notes"));
                r.bulk(Args.bytes(keySpec.notes()));
            }
            r.bulk(Args.bytes("flags"));
            writeFlags(r, KeySpecFlag.names(keySpec.flags()));
            r.bulk(Args.bytes("begin_search"));
            writeBeginSearch(r, keySpec.begin());
            r.bulk(Args.bytes("find_keys"));
            writeFindKeys(r, keySpec.find());
        }
    }

    private static void writeBeginSearch(Reply r, KeySpec.BeginSearch begin) {
        if (begin instanceof KeySpec.Index index) {
            writeType(r, "index", 1);
            writeField(r, "index", index.position());
        } else if (begin instanceof KeySpec.Keyword keyword) {
            writeType(r, "keyword", 2);
            r.bulk(Args.bytes("keyword"));
            r.bulk(Args.bytes(keyword.keyword()));
            writeField(r, "startfrom", keyword.startFrom());
        } else {
            writeType(r, "unknown", 0);
        }
    }

    private static void writeFindKeys(Reply r, KeySpec.FindKeys find) {
        if (find instanceof KeySpec.Range range) {
            writeType(r, "range", 3);
            writeField(r, "lastkey", range.lastKey());
            writeField(r, "keystep", range.keyStep());
            writeField(r, "limit", range.limit());
        } else if (find instanceof KeySpec.Keynum keynum) {
            writeType(r, "keynum", 3);
            writeField(r, "keynumidx", keynum.keynumIndex());
            writeField(r, "firstkey", keynum.firstKey());
            writeField(r, "keystep", keynum.keyStep());
        } else {
            writeType(r, "unknown", 0);
        }
    }

    private static void writeField(Reply r, String name, int value) {
        r.bulk(Args.bytes(name));
        r.integer(value);
    }

    /** The type entry and the header of a spec map with this many fields. */
    private static void writeType(Reply r, String type, int specFields) {
        r.mapHeader(2);
        r.bulk(Args.bytes("type"));
        r.bulk(Args.bytes(type));
        r.bulk(Args.bytes("spec"));
        r.mapHeader(specFields);
    }

    private static void writeFlags(Reply r, List<String> flags) {
        r.setHeader(flags.size());
        for (String f : flags) {
            r.simple(f);
        }
    }
}
