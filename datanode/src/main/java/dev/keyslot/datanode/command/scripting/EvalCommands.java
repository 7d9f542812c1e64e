package dev.keyslot.datanode.command.scripting;

import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.HelpReply;
import dev.keyslot.datanode.command.KeyFinders;
import dev.keyslot.datanode.scripting.Scripting;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;

import java.util.Locale;

/** EVAL, EVALSHA, EVAL_RO, EVALSHA_RO and the SCRIPT container. */
public final class EvalCommands implements CommandGroup {
    static final String NOSCRIPT = "NOSCRIPT No matching script. Please use EVAL.";

    private final Server server;
    private final Scripting scripting;

    public EvalCommands(Server server) {
        this.server = server;
        this.scripting = server.scripting();
    }

    @Override
    public void register(CommandTable t) {
        String flags = "noscript stale skip_monitor no_mandatory_keys movablekeys";
        // EVAL, EVALSHA and FCALL may replicate: a script without declared flags is paused by CLIENT PAUSE
        // WRITE (and a manual failover) like a write, and refused to a monitor (ScriptFlags derives the rest).
        t.add("eval", -3, flags + " may_replicate", 0, 0, 0, "scripting", (c, argv) -> eval(c, argv, false, false))
                .flagsDerivedBy((declared, argv) -> scripting.evalFlags(false, declared, argv))
                .keySpecs(ScriptKeySpecs.READ_WRITE_NOTED).keysFoundBy(KeyFinders.numkeysAt(2));
        t.add("evalsha", -3, flags + " may_replicate", 0, 0, 0, "scripting", (c, argv) -> eval(c, argv, true, false))
                .flagsDerivedBy((declared, argv) -> scripting.evalFlags(true, declared, argv))
                .keySpecs(ScriptKeySpecs.READ_WRITE).keysFoundBy(KeyFinders.numkeysAt(2));
        t.add("eval_ro", -3, "readonly " + flags, 0, 0, 0, "scripting", (c, argv) -> eval(c, argv, false, true))
                .flagsDerivedBy((declared, argv) -> scripting.evalFlags(false, declared, argv))
                .keySpecs(ScriptKeySpecs.READ_ONLY_NOTED).keysFoundBy(KeyFinders.numkeysAt(2));
        t.add("evalsha_ro", -3, "readonly " + flags, 0, 0, 0, "scripting", (c, argv) -> eval(c, argv, true, true))
                .flagsDerivedBy((declared, argv) -> scripting.evalFlags(true, declared, argv))
                .keySpecs(ScriptKeySpecs.READ_ONLY).keysFoundBy(KeyFinders.numkeysAt(2));
        var script = t.container("script", "");
        script.sub("load", 3, "noscript stale", "scripting", this::load).tips("request_policy:all_nodes",
                "response_policy:all_succeeded");
        script.sub("exists", -3, "noscript", "scripting", this::exists).tips("request_policy:all_shards",
                "response_policy:agg_logical_and");
        script.sub("flush", -2, "noscript", "scripting", this::flush).tips("request_policy:all_nodes",
                "response_policy:all_succeeded");
        script.sub("kill", 2, "noscript allow_busy", "scripting", (c, argv) -> scripting.runner().kill(c, true))
                .tips("request_policy:all_shards", "response_policy:one_succeeded");
        script.sub("debug", 3, "noscript", "scripting", this::debug);
        script.sub("help", 2, "loading stale", "scripting", (c, argv) -> HelpReply.send(c, argv[0],
                "DEBUG (YES|SYNC|NO)",
                "    Set the debug mode for subsequent scripts executed.",
                "EXISTS <sha1> [<sha1> ...]",
                "    Return information about the existence of the scripts in the script cache.",
                "FLUSH [ASYNC|SYNC]",
                "    Flush the Lua scripts cache. Very dangerous on replicas.",
                "    When called without the optional mode argument, the behavior is determined by the",
                "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
                "    * ASYNC: Asynchronously flush the scripts cache.",
                "    * SYNC: Synchronously flush the scripts cache.",
                "KILL",
                "    Kill the currently executing Lua script.",
                "LOAD <script>",
                "    Load a script into the scripts cache without executing it."));
    }

    private void eval(Client c, byte[][] argv, boolean bySha, boolean readOnly) {
        server.monitors().feed(c, argv);
        if (bySha && argv[1].length != 40) {
            throw new CommandError(NOSCRIPT);
        }
        if (scripting.debugger().debugs(c)) {
            if (bySha) {
                throw new CommandError("ERR Please use EVAL instead of EVALSHA for debugging");
            }
            scripting.runEvalDebugging(c, argv,
                    () -> numkeys(argv[2], argv.length, "ERR value is not an integer or out of range"), readOnly);
            return;
        }
        int numkeys = numkeys(argv[2], argv.length, "ERR value is not an integer or out of range");
        String sha;
        if (bySha) {
            sha = Args.str(argv[1]).toLowerCase(Locale.ROOT);
            if (scripting.evalScripts().get(sha) == null) {
                throw new CommandError(NOSCRIPT);
            }
        } else {
            sha = scripting.evalScripts().load(argv[1]);
        }
        scripting.runEval(c, sha, argv, numkeys, readOnly);
    }

    /** The numkeys argument of EVAL and FCALL, with Redis's errors. */
    static int numkeys(byte[] arg, int argc, String notInteger) {
        long n = Args.toLong(arg, notInteger);
        if (n > argc - 3) {
            throw new CommandError("ERR Number of keys can't be greater than number of args");
        }
        if (n < 0) {
            throw new CommandError("ERR Number of keys can't be negative");
        }
        return (int) n;
    }

    private void load(Client c, byte[][] argv) {
        c.reply().bulk(scripting.evalScripts().load(argv[2]));
    }

    private void exists(Client c, byte[][] argv) {
        c.reply().arrayHeader(argv.length - 2);
        for (int i = 2; i < argv.length; i++) {
            String sha = Args.str(argv[i]).toLowerCase(Locale.ROOT);
            c.reply().integer(scripting.evalScripts().get(sha) != null ? 1 : 0);
        }
    }

    private void flush(Client c, byte[][] argv) {
        if (argv.length > 3 || argv.length == 3 && !Args.is(argv[2], "sync") && !Args.is(argv[2], "async")) {
            throw new CommandError("ERR SCRIPT FLUSH only support SYNC|ASYNC option");
        }
        if (server.lazyFree().flushIsAsync(argv.length == 3 ? Args.str(argv[2]) : null)) {
            server.lazyFree().scriptsFlushed(scripting.evalScripts().size());
        }
        scripting.evalScripts().flush();
        c.reply().ok();
    }

    /** Sets the debug mode of c's next EVAL scripts; refused after replies still pending (a pipeline, EXEC). */
    private void debug(Client c, byte[][] argv) {
        if (c.reply().hasPending()) {
            throw new CommandError("ERR SCRIPT DEBUG must be called outside a pipeline");
        }
        if (Args.is(argv[2], "no")) {
            scripting.debugger().disable(c);
        } else if (Args.is(argv[2], "yes")) {
            scripting.debugger().enable(c, false);
        } else if (Args.is(argv[2], "sync")) {
            scripting.debugger().enable(c, true);
        } else {
            throw new CommandError("ERR Use SCRIPT DEBUG YES/SYNC/NO");
        }
        c.reply().ok();
    }
}
