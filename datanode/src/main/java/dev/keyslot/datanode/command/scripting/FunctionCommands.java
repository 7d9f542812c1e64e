package dev.keyslot.datanode.command.scripting;

import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.Errors;
import dev.keyslot.datanode.command.HelpReply;
import dev.keyslot.datanode.command.KeyFinders;
import dev.keyslot.datanode.persistence.rdb.Crc64;
import dev.keyslot.datanode.persistence.rdb.DumpPayload;
import dev.keyslot.datanode.persistence.rdb.FunctionRecord;
import dev.keyslot.datanode.persistence.rdb.RdbFormatException;
import dev.keyslot.datanode.persistence.rdb.RdbOpcode;
import dev.keyslot.datanode.persistence.rdb.RdbReader;
import dev.keyslot.datanode.persistence.rdb.RdbType;
import dev.keyslot.datanode.persistence.rdb.RdbWriter;
import dev.keyslot.datanode.protocol.Reply;
import dev.keyslot.datanode.scripting.FunctionLibraries;
import dev.keyslot.datanode.scripting.ScriptFlag;
import dev.keyslot.datanode.scripting.Scripting;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;
import dev.keyslot.datanode.util.GlobMatcher;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** FCALL, FCALL_RO and the FUNCTION container. */
public final class FunctionCommands implements CommandGroup {
    private final Server server;
    private final Scripting scripting;

    public FunctionCommands(Server server) {
        this.server = server;
        this.scripting = server.scripting();
    }

    @Override
    public void register(CommandTable t) {
        String flags = "noscript stale skip_monitor no_mandatory_keys movablekeys";
        t.add("fcall", -3, flags + " may_replicate", 0, 0, 0, "scripting", (c, argv) -> fcall(c, argv, false))
                .flagsDerivedBy(server.scripting()::fcallFlags)
                .keySpecs(ScriptKeySpecs.READ_WRITE_NOTED).keysFoundBy(KeyFinders.numkeysAt(2));
        t.add("fcall_ro", -3, "readonly " + flags, 0, 0, 0, "scripting", (c, argv) -> fcall(c, argv, true))
                .flagsDerivedBy(server.scripting()::fcallFlags)
                .keySpecs(ScriptKeySpecs.READ_ONLY_NOTED).keysFoundBy(KeyFinders.numkeysAt(2));
        var function = t.container("function", "");
        function.sub("load", -3, "write denyoom noscript", "scripting", this::load)
                .tips("request_policy:all_shards", "response_policy:all_succeeded");
        function.sub("delete", 3, "write noscript", "scripting", this::delete)
                .tips("request_policy:all_shards", "response_policy:all_succeeded");
        function.sub("list", -2, "noscript", "scripting", this::list).tips("nondeterministic_output_order");
        function.sub("dump", 2, "noscript", "scripting", this::dump);
        function.sub("restore", -3, "write denyoom noscript", "scripting", this::restore)
                .tips("request_policy:all_shards", "response_policy:all_succeeded");
        function.sub("flush", -2, "write noscript", "scripting", this::flush)
                .tips("request_policy:all_shards", "response_policy:all_succeeded");
        function.sub("kill", 2, "noscript allow_busy", "scripting", (c, argv) -> scripting.runner().kill(c, false))
                .tips("request_policy:all_shards", "response_policy:one_succeeded");
        function.sub("stats", 2, "noscript allow_busy", "scripting", this::stats)
                .tips("nondeterministic_output", "request_policy:all_shards", "response_policy:special");
        function.sub("help", 2, "loading stale", "scripting", this::help);
    }

    private void fcall(Client c, byte[][] argv, boolean readOnly) {
        server.monitors().feed(c, argv);
        FunctionLibraries.Function f = scripting.functions().function(Args.str(argv[1]));
        if (f == null) {
            throw new CommandError("ERR Function not found");
        }
        int numkeys = EvalCommands.numkeys(argv[2], argv.length, "ERR Bad number of keys provided");
        scripting.runFunction(c, f, argv, numkeys, readOnly);
    }

    private void load(Client c, byte[][] argv) {
        boolean replace = false;
        int pos = 2;
        while (pos < argv.length - 1) {
            byte[] option = argv[pos++];
            if (!Args.is(option, "replace")) {
                throw new CommandError("ERR Unknown option given: " + Args.cString(option));
            }
            replace = true;
        }
        if (pos >= argv.length) {
            throw new CommandError("ERR Function code is missing");
        }
        String name = scripting.functions().load(argv[pos], replace);
        server.stats().dirty++;
        c.reply().bulk(name.getBytes(StandardCharsets.ISO_8859_1));
    }

    private void delete(Client c, byte[][] argv) {
        scripting.functions().delete(Args.str(argv[2]));
        server.stats().dirty++;
        c.reply().ok();
    }

    private void list(Client c, byte[][] argv) {
        boolean withCode = false;
        byte[] pattern = null;
        for (int i = 2; i < argv.length; i++) {
            if (!withCode && Args.is(argv[i], "withcode")) {
                withCode = true;
            } else if (pattern == null && Args.is(argv[i], "libraryname")) {
                if (i >= argv.length - 1) {
                    throw new CommandError("ERR library name argument was not given");
                }
                pattern = argv[++i];
            } else {
                throw new CommandError("ERR Unknown argument " + Args.cString(argv[i]));
            }
        }
        List<FunctionLibraries.Library> shown = new ArrayList<>();
        for (FunctionLibraries.Library l : scripting.functions().libraries()) {
            if (pattern == null || GlobMatcher.matches(pattern, l.name().getBytes(StandardCharsets.ISO_8859_1))) {
                shown.add(l);
            }
        }
        Reply r = c.reply();
        r.arrayHeader(shown.size());
        for (FunctionLibraries.Library l : shown) {
            r.mapHeader(withCode ? 4 : 3);
            r.bulk("library_name");
            r.bulk(l.name().getBytes(StandardCharsets.ISO_8859_1));
            r.bulk("engine");
            r.bulk(l.engine());
            r.bulk("functions");
            r.arrayHeader(l.functions().size());
            for (FunctionLibraries.Function f : l.functions().values()) {
                r.mapHeader(3);
                r.bulk("name");
                r.bulk(f.name().getBytes(StandardCharsets.ISO_8859_1));
                r.bulk("description");
                if (f.description() == null) {
                    r.nullBulk();
                } else {
                    r.bulk(f.description().getBytes(StandardCharsets.ISO_8859_1));
                }
                r.bulk("flags");
                List<String> names = new ArrayList<>();
                for (ScriptFlag flag : ScriptFlag.values()) {
                    if ((f.flags() & flag.bit()) != 0) {
                        names.add(flag.wireName());
                    }
                }
                r.setHeader(names.size());
                names.forEach(r::simple);
            }
            if (withCode) {
                r.bulk("library_code");
                r.bulk(l.code());
            }
        }
    }

    /** The libraries as RDB function records, then the RDB version and the CRC64, like DUMP's payload. */
    private void dump(Client c, byte[][] argv) {
        RdbWriter out = new RdbWriter(true);
        for (FunctionLibraries.Library l : scripting.functions().libraries()) {
            FunctionRecord.write(out, l.code());
        }
        out.writeLittleEndian(RdbType.VERSION, 2);
        out.writeLittleEndian(Crc64.of(out.buffer(), 0, out.size()), 8);
        c.reply().bulk(out.toByteArray());
    }

    private void restore(Client c, byte[][] argv) {
        if (argv.length > 4) {
            throw Errors.subcommandSyntax(argv);
        }
        String policy = "append";
        if (argv.length == 4) {
            policy = Args.lower(argv[3]);
            if (!policy.equals("append") && !policy.equals("replace") && !policy.equals("flush")) {
                throw new CommandError("ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.");
            }
        }
        byte[] payload = argv[2];
        if (!DumpPayload.verify(payload, server.skipsChecksumValidation())) {
            throw new CommandError("ERR DUMP payload version or checksum are wrong");
        }
        List<byte[]> codes = new ArrayList<>();
        RdbReader in = new RdbReader(payload, 0, payload.length - 10);
        try {
            while (in.remaining() > 0) {
                int type = in.readByte();
                if (type != RdbOpcode.FUNCTION2 && type != RdbOpcode.FUNCTION) {
                    throw new CommandError("ERR given type is not a function");
                }
                codes.add(FunctionRecord.read(type, in));
            }
        } catch (RdbFormatException e) {
            throw new CommandError("ERR " + e.getMessage());
        }
        scripting.functions().restore(codes, policy);
        server.stats().dirty++;
        c.reply().ok();
    }

    private void flush(Client c, byte[][] argv) {
        if (argv.length > 3) {
            throw Errors.subcommandSyntax(argv);
        }
        if (argv.length == 3 && !Args.is(argv[2], "sync") && !Args.is(argv[2], "async")) {
            throw new CommandError("ERR FUNCTION FLUSH only supports SYNC|ASYNC option");
        }
        if (server.lazyFree().flushIsAsync(argv.length == 3 ? Args.str(argv[2]) : null)) {
            server.lazyFree().scriptsFlushed(scripting.functions().functionCount());
        }
        scripting.functions().flush();
        server.stats().dirty++;
        c.reply().ok();
    }

    private void stats(Client c, byte[][] argv) {
        var running = scripting.runner().running();
        if (running != null && running.evalMode()) {
            throw new CommandError("BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.");
        }
        Reply r = c.reply();
        r.mapHeader(2);
        r.bulk("running_script");
        if (running == null) {
            r.nullBulk();
        } else {
            r.mapHeader(3);
            r.bulk("name");
            r.bulk(running.name());
            r.bulk("command");
            r.arrayHeader(running.argv().length);
            for (byte[] a : running.argv()) {
                r.bulk(a);
            }
            r.bulk("duration_ms");
            r.integer(running.durationMillis());
        }
        r.bulk("engines");
        r.mapHeader(1);
        r.bulk("LUA");
        r.mapHeader(2);
        r.bulk("libraries_count");
        r.integer(scripting.libraryCount());
        r.bulk("functions_count");
        r.integer(scripting.functionCount());
    }

    private void help(Client c, byte[][] argv) {
        HelpReply.send(c, argv[0],
                "LOAD [REPLACE] <FUNCTION CODE>",
                "    Create a new library with the given library name and code.",
                "DELETE <LIBRARY NAME>",
                "    Delete the given library.",
                "LIST [LIBRARYNAME PATTERN] [WITHCODE]",
                "    Return general information on all the libraries:",
                "    * Library name",
                "    * The engine used to run the Library",
                "    * Library description",
                "    * Functions list",
                "    * Library code (if WITHCODE is given)",
                "    It also possible to get only function that matches a pattern using LIBRARYNAME argument.",
                "STATS",
                "    Return information about the current function running:",
                "    * Function name",
                "    * Command used to run the function",
                "    * Duration in MS that the function is running",
                "    If no function is running, return nil",
                "    In addition, returns a list of available engines.",
                "KILL",
                "    Kill the current running function.",
                "FLUSH [ASYNC|SYNC]",
                "    Delete all the libraries.",
                "    When called without the optional mode argument, the behavior is determined by the",
                "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
                "    * ASYNC: Asynchronously flush the libraries.",
                "    * SYNC: Synchronously flush the libraries.",
                "DUMP",
                "    Return a serialized payload representing the current libraries, can be restored using FUNCTION RESTORE command",
                "RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]",
                "    Restore the libraries represented by the given payload, it is possible to give a restore policy to",
                "    control how to handle existing libraries (default APPEND):",
                "    * FLUSH: delete all existing libraries.",
                "    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.",
                "    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old",
                "      libraries with the new libraries (notice that even on this option there is a chance of failure",
                "      in case of functions name collision with another library).");
    }
}
