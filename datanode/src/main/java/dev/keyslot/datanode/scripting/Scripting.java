package dev.keyslot.datanode.scripting;

import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandFlag;
import dev.keyslot.datanode.replication.Replication;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;
import io.netty.buffer.PooledByteBufAllocator;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Lua scripting as in Redis 7.0: the EVAL script cache and the function libraries, each with its own
 * interpreter, sharing the runner (script thread, BUSY, KILL) and the client scripts call commands with.
 */
public final class Scripting {
    private static final String KILLED = "Script killed by user with SCRIPT KILL...";
    /** EVAL's globals, named once instead of encoding the names on every call. */
    private static final LuaString KEYS = LuaString.valueOf("KEYS");
    private static final LuaString ARGV = LuaString.valueOf("ARGV");

    private final Server server;
    private final ScriptRunner runner;
    private final RedisApi api;
    private final EvalScripts eval;
    private final FunctionLibraries functions;
    private final LuaDebugger debugger;
    /** The client scripts run commands as; created on first use, once the ACL users exist. */
    private Client scriptClient;

    public Scripting(Server server) {
        this.server = server;
        this.runner = new ScriptRunner(server);
        LuaRandom random = new LuaRandom();
        this.api = new RedisApi(runner, new ScriptCommandCall(server), server.log());
        this.eval = new EvalScripts(api, random);
        this.functions = new FunctionLibraries(api, random);
        server.executor().addFilter(runner);
        // As Redis, a replica holds its master's stream back while a script is busy and applies it afterwards.
        runner.onBusyEnd(server.replication()::resumeMasterStream);
        this.debugger = new LuaDebugger(server);
    }

    public LuaDebugger debugger() {
        return debugger;
    }

    /**
     * EVAL's and EVALSHA's request flags (Redis's evalGetCommandFlags): a script that declares flags in a
     * shebang takes them instead of the command's; a script without one, or not loaded, keeps the command's.
     */
    public int evalFlags(boolean bySha, int declared, byte[][] argv) {
        Shebang shebang = declaredFlags(bySha, argv[1]);
        return shebang == null || shebang.compat() ? declared : commandFlags(declared, shebang.flags());
    }

    /** FCALL's request flags: those the function was registered with (the command's when there is none). */
    public int fcallFlags(int declared, byte[][] argv) {
        FunctionLibraries.Function f = functions.function(new String(argv[1], StandardCharsets.ISO_8859_1));
        return f == null ? declared : commandFlags(declared, f.flags());
    }

    /**
     * Redis's scriptFlagsToCmdFlags: a script is a write (and refused over maxmemory) unless it declares
     * no-writes (or allow-oom), may run on a stale replica only with allow-stale, and having said whether it
     * writes, no longer "may replicate".
     */
    private static int commandFlags(int declared, int scriptFlags) {
        int flags = declared & ~(CommandFlag.STALE.bit() | CommandFlag.DENYOOM.bit() | CommandFlag.WRITE.bit()
                | CommandFlag.MAY_REPLICATE.bit());
        boolean noWrites = ScriptFlag.has(scriptFlags, ScriptFlag.NO_WRITES);
        if (!noWrites && !ScriptFlag.has(scriptFlags, ScriptFlag.ALLOW_OOM)) {
            flags |= CommandFlag.DENYOOM.bit();
        }
        if (!noWrites) {
            flags |= CommandFlag.WRITE.bit();
        }
        if (ScriptFlag.has(scriptFlags, ScriptFlag.ALLOW_STALE)) {
            flags |= CommandFlag.STALE.bit();
        }
        return flags;
    }

    /** The refusals of a script that declares it may write (Redis's scriptPrepareForRun), in Redis's order. */
    private void refuseWritingScript(Client c, boolean readOnlyCommand) {
        if (server.replication().readOnlyReplica() && !c.mustObey()) {
            throw new CommandError("READONLY Can not run script with write flag on readonly replica");
        }
        if (!c.mustObey()) {
            if (server.persistence().writesDenied()) {
                throw new CommandError("MISCONF Redis is configured to save RDB snapshots, but it's currently unable "
                        + "to persist to disk. Writable scripts are blocked. Use 'no-writes' flag for read only scripts.");
            }
            String aofError = server.aof().writeError();
            if (aofError != null) {
                throw new CommandError("MISCONF Redis is configured to persist data to AOF, but it's currently unable "
                        + "to persist to disk. Writable scripts are blocked. Use 'no-writes' flag for read only scripts. "
                        + "AOF error: " + aofError);
            }
        }
        if (readOnlyCommand) {
            throw new CommandError("ERR Can not execute a script with write flag using *_ro command.");
        }
        if (server.replication().tooFewReplicasToWrite()) {
            throw new CommandError(Replication.NOREPLICAS);
        }
    }

    private Shebang declaredFlags(boolean bySha, byte[] arg) {
        String sha = bySha ? new String(arg, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT) : RedisApi.sha1Hex(arg);
        EvalScripts.Script cached = eval.get(sha);
        if (cached != null) {
            return cached.shebang();
        }
        if (bySha) {
            return null;
        }
        try {
            return Shebang.parse(arg);
        } catch (CommandError e) {
            return null;
        }
    }

    public EvalScripts evalScripts() {
        return eval;
    }

    public FunctionLibraries functions() {
        return functions;
    }

    public ScriptRunner runner() {
        return runner;
    }

    /** Used memory over maxmemory right now (Redis's pre_command_oom_state). */
    public boolean overMaxmemory() {
        return server.memory().overMaxmemory();
    }

    /** Runs an EVAL script (already cached under sha) for c; the reply goes to c. */
    public void runEval(Client c, String sha, byte[][] argv, int numkeys, boolean readOnly) {
        EvalScripts.Script script = eval.get(sha);
        Shebang shebang = script.shebang();
        ScriptRun run = prepare(c, sha, true, shebang.flags(), shebang.compat(), readOnly, argv);
        LuaSandbox sandbox = eval.sandbox();
        LuaFunction function = script.function();
        execute(run, sandbox, script.straightLine(), () -> {
            sandbox.defineLocked(KEYS, array(argv, 3, 3 + numkeys));
            sandbox.defineLocked(ARGV, array(argv, 3 + numkeys, argv.length));
            return function.call();
        });
    }

    /**
     * Runs EVAL in a Lua debugger session (Redis's evalGenericCommandWithDebugging): the session starts before
     * anything is checked, so even a refused or uncompilable script ends it with its end mark and the error.
     */
    public void runEvalDebugging(Client c, byte[][] argv, IntSupplier numkeys, boolean readOnly) {
        LuaDebugSession session = debugger.start(c, argv[1]);
        int keys;
        EvalScripts.Script script;
        ScriptRun run;
        try {
            keys = numkeys.getAsInt();
            String sha = eval.load(argv[1]);
            script = eval.get(sha);
            Shebang shebang = script.shebang();
            run = prepare(c, sha, true, shebang.flags(), shebang.compat(), readOnly, argv);
        } catch (RuntimeException e) {
            debugger.end(session);
            throw e;
        }
        run.debug = session;
        LuaSandbox sandbox = eval.sandbox();
        LuaFunction function = script.function();
        Supplier<Object> body = () -> {
            sandbox.defineLocked(KEYS, array(argv, 3, 3 + keys));
            sandbox.defineLocked(ARGV, array(argv, 3 + keys, argv.length));
            session.attach(sandbox);
            try {
                return function.call();
            } finally {
                session.detach();
            }
        };
        runner.run(run, body, outcome -> {
            debugger.end(session);
            ScriptOutcome.reply(run, outcome, server.stats(), server.executor());
        });
    }

    /** Runs a function for FCALL / FCALL_RO. */
    public void runFunction(Client c, FunctionLibraries.Function f, byte[][] argv, int numkeys, boolean readOnly) {
        ScriptRun run = prepare(c, f.name(), false, f.flags(), false, readOnly, argv);
        LuaValue keys = array(argv, 3, 3 + numkeys);
        LuaValue args = array(argv, 3 + numkeys, argv.length);
        execute(run, functions.sandbox(), f.straightLine(), () -> f.callback().call(keys, args));
    }

    private ScriptRun prepare(Client c, String name, boolean evalMode, int flags, boolean compat, boolean readOnly,
                              byte[][] argv) {
        boolean oom = overMaxmemory();
        boolean stale = server.replication().stale();
        if (!compat) {
            if (ScriptFlag.has(flags, ScriptFlag.NO_CLUSTER) && server.cluster() != null) {
                throw new CommandError("ERR Can not run script on cluster, 'no-cluster' flag is set.");
            }
            if (stale && !ScriptFlag.has(flags, ScriptFlag.ALLOW_STALE)) {
                throw new CommandError("MASTERDOWN Link with MASTER is down, replica-serve-stale-data is set to 'no' "
                        + "and 'allow-stale' flag is not set on the script.");
            }
            boolean noWrites = ScriptFlag.has(flags, ScriptFlag.NO_WRITES);
            if (!noWrites) {
                refuseWritingScript(c, readOnly);
            }
            if (oom && !noWrites && !ScriptFlag.has(flags, ScriptFlag.ALLOW_OOM)) {
                throw new CommandError("OOM allow-oom flag is not set on the script, can not run it when used memory > 'maxmemory'");
            }
        } else if (stale) {
            throw new CommandError("MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.");
        }
        if (scriptClient == null) {
            // Pooled: each redis.call's reply is taken and released right away (ScriptCommandCall), and an
            // unpooled direct buffer per call cost a native allocation and a Cleaner registration.
            scriptClient = server.createInternalClient(PooledByteBufAllocator.DEFAULT);
            scriptClient.setDenyBlocking(true);
            scriptClient.markScriptRunner();
        }
        scriptClient.selectDb(c.db());
        return new ScriptRun(c, scriptClient, name, evalMode, flags, compat, readOnly, oom, argv);
    }

    private void execute(ScriptRun run, LuaSandbox sandbox, boolean straightLine, Supplier<LuaValue> body) {
        ScriptHook hook = sandbox.hook();
        Supplier<Object> killable = () -> {
            hook.setInterrupt(() -> run.killed ? LuaErrors.raise(KILLED) : null);
            try {
                return body.get();
            } finally {
                hook.setInterrupt(null);
            }
        };
        Consumer<Object> reply = outcome -> ScriptOutcome.reply(run, outcome, server.stats(), server.executor());
        if (straightLine) {
            runner.runHere(run, killable, reply);
        } else {
            runner.run(run, killable, reply);
        }
    }

    private static LuaTable array(byte[][] argv, int from, int to) {
        LuaTable t = new LuaTable();
        for (int i = from; i < to; i++) {
            t.rawset(i - from + 1, LuaString.valueOf(argv[i]));
        }
        return t;
    }

    /** Figures for INFO memory. */
    public long evalVmBytes() {
        return eval.vmBytes();
    }

    public long evalCacheBytes() {
        return eval.cacheBytes();
    }

    public int cachedScripts() {
        return eval.size();
    }

    public long functionsVmBytes() {
        return functions.vmBytes();
    }

    public long functionsBytes() {
        return functions.overheadBytes();
    }

    public int functionCount() {
        return functions.functionCount();
    }

    public int libraryCount() {
        return functions.libraryCount();
    }
}
