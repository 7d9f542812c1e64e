package dev.keyslot.datanode.command.stream;

import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandSpec;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.Errors;
import dev.keyslot.datanode.command.HelpReply;
import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.stream.Consumer;
import dev.keyslot.datanode.keyspace.stream.ConsumerGroup;
import dev.keyslot.datanode.keyspace.stream.StreamId;
import dev.keyslot.datanode.keyspace.stream.StreamValue;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;


/** XGROUP CREATE | SETID | DESTROY | CREATECONSUMER | DELCONSUMER | HELP. */
public final class StreamGroupCommands implements CommandGroup {
    private final StreamAccess streams;

    public StreamGroupCommands(Server server) {
        this.streams = new StreamAccess(server);
    }

    @Override
    public void register(CommandTable t) {
        CommandSpec xgroup = t.container("xgroup", "");
        xgroup.sub("create", -5, "write denyoom", 2, 2, 1, "stream", this::xgroup).keySpecFlags("RW insert");
        xgroup.sub("setid", -5, "write", 2, 2, 1, "stream", this::xgroup).keySpecFlags("RW update");
        xgroup.sub("destroy", 4, "write", 2, 2, 1, "stream", this::xgroup).keySpecFlags("RW delete");
        xgroup.sub("createconsumer", 5, "write denyoom", 2, 2, 1, "stream", this::xgroup).keySpecFlags("RW insert");
        xgroup.sub("delconsumer", 5, "write", 2, 2, 1, "stream", this::xgroup).keySpecFlags("RW delete");
        xgroup.sub("help", 2, "loading stale", "stream", this::help);
    }

    private void help(Client c, byte[][] argv) {
        HelpReply.send(c, argv[0],
                "CREATE <key> <groupname> <id|$> [option]",
                "    Create a new consumer group. Options are:",
                "    * MKSTREAM",
                "      Create the empty stream if it does not exist.",
                "    * ENTRIESREAD entries_read",
                "      Set the group's entries_read counter (internal use).",
                "CREATECONSUMER <key> <groupname> <consumer>",
                "    Create a new consumer in the specified group.",
                "DELCONSUMER <key> <groupname> <consumer>",
                "    Remove the specified consumer.",
                "DESTROY <key> <groupname>",
                "    Remove the specified group.",
                "SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]",
                "    Set the current group ID and entries_read counter.");
    }


    /** Redis's xgroupCommand: shared option parsing and key/group checks, then the subcommand. */
    private void xgroup(Client c, byte[][] argv) {
        String sub = Args.lower(argv[1]);
        boolean create = sub.equals("create");
        boolean setId = sub.equals("setid");
        boolean mkStream = false;
        long entriesRead = ConsumerGroup.INVALID_ENTRIES_READ;
        for (int i = 5; i < argv.length; ) {
            if (create && Args.is(argv[i], "mkstream")) {
                mkStream = true;
                i++;
            } else if ((create || setId) && Args.is(argv[i], "entriesread") && i + 1 < argv.length) {
                entriesRead = Args.toLong(argv[i + 1]);
                if (entriesRead < 0 && entriesRead != ConsumerGroup.INVALID_ENTRIES_READ) {
                    throw new CommandError("ERR value for ENTRIESREAD must be positive or -1");
                }
                i += 2;
            } else {
                throw Errors.subcommandSyntax(argv);
            }
        }
        byte[] key = argv[2];
        byte[] name = argv[3];
        StreamValue s = streams.write(c, key);
        ConsumerGroup group = null;
        if (!mkStream) {
            if (s == null) {
                throw new CommandError("ERR The XGROUP subcommand requires the key to exist. Note that for CREATE"
                        + " you may want to use the MKSTREAM option to create an empty stream automatically.");
            }
            group = s.group(name);
            if (group == null && (setId || sub.equals("createconsumer") || sub.equals("delconsumer"))) {
                throw new CommandError("NOGROUP No such consumer group '" + Args.cString(name) + "' for key name '"
                        + Args.cString(key) + "'");
            }
        }
        switch (sub) {
            case "create" -> create(c, argv, s, entriesRead);
            case "setid" -> setId(c, argv, s, group, entriesRead);
            case "destroy" -> destroy(c, key, name, s, group);
            case "createconsumer" -> {
                boolean created = group.createConsumer(argv[4], StreamAccess.now()) != null;
                if (created) {
                    streams.dirty(1);
                    streams.notify(c, "xgroup-createconsumer", key);
                }
                c.reply().integer(created ? 1 : 0);
            }
            default -> deleteConsumer(c, key, group, argv[4]);
        }
    }

    private void create(Client c, byte[][] argv, StreamValue s, long entriesRead) {
        if (argv.length > 8) {
            throw Errors.subcommandSyntax(argv);
        }
        StreamId id;
        if (isDollar(argv[4])) {
            id = s == null ? StreamId.MIN : s.lastId();
        } else {
            id = StreamIdArgs.parseStrict(argv[4]);
        }
        byte[] key = argv[2];
        if (s == null) {
            s = new StreamValue();
            c.db().add(key, s);
        }
        if (s.createGroup(argv[3], id, entriesRead) == null) {
            throw new CommandError("BUSYGROUP Consumer Group name already exists");
        }
        c.reply().ok();
        streams.dirty(1);
        streams.notify(c, "xgroup-create", key);
    }

    private void setId(Client c, byte[][] argv, StreamValue s, ConsumerGroup group, long entriesRead) {
        if (argv.length != 5 && argv.length != 7) {
            throw Errors.subcommandSyntax(argv);
        }
        StreamId id = isDollar(argv[4]) ? s.lastId() : StreamIdArgs.parse(argv[4], 0);
        group.lastId = id;
        group.entriesRead = entriesRead;
        c.reply().ok();
        streams.dirty(1);
        streams.notify(c, "xgroup-setid", argv[2]);
    }

    private void destroy(Client c, byte[] key, byte[] name, StreamValue s, ConsumerGroup group) {
        if (group == null) {
            c.reply().integer(0);
            return;
        }
        s.destroyGroup(name);
        c.reply().integer(1);
        streams.dirty(1);
        streams.notify(c, "xgroup-destroy", key);
        Database db = c.db();
        streams.signalReady(db, key);
    }

    private void deleteConsumer(Client c, byte[] key, ConsumerGroup group, byte[] name) {
        Consumer consumer = group.consumer(name);
        long pending = 0;
        if (consumer != null) {
            pending = consumer.pending().size();
            group.deleteConsumer(consumer);
            streams.dirty(1);
            streams.notify(c, "xgroup-delconsumer", key);
        }
        c.reply().integer(pending);
    }

    private static boolean isDollar(byte[] arg) {
        return arg.length == 1 && arg[0] == '$';
    }
}
