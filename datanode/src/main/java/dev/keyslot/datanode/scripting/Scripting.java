package dev.keyslot.datanode.scripting;

import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandSpec;
import dev.keyslot.datanode.memory.MemoryMonitor;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;
import io.netty.buffer.PooledByteBufAllocator;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
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
    private static final Set<String> SCRIPT_COMMANDS = Set.of("eval", "eval_ro", "evalsha", "evalsha_ro", "fcall", "fcall_ro");

    private final Server server;
    private final ScriptRunner runner;
    private final RedisApi api;
    private final EvalScripts eval;
    private final FunctionLibraries functions;
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
        server.executor().addFilter(this::admitUnderMaxmemory);
    }

    /**
     * Redis derives EVAL's and FCALL's command flags from the script's declared flags: a script with a
     * shebang (or any function) that is neither no-writes nor allow-oom counts as a denyoom command, so
     * it is refused over maxmemory before it starts.
     */
    private boolean admitUnderMaxmemory(Client c, CommandSpec spec, byte[][] argv) {
        // The memory check first: it is two field reads without maxmemory, the name lookup a hash probe.
        if (!overMaxmemory()) {
            return true;
        }
        String name = spec.name();
        if (!SCRIPT_COMMANDS.contains(name)) {
            return true;
        }
        int flags;
        if (name.startsWith("fcall")) {
            FunctionLibraries.Function f = functions.function(new String(argv[1], StandardCharsets.ISO_8859_1));
            if (f == null) {
                return true;
            }
            flags = f.flags();
        } else {
            Shebang shebang = declaredFlags(name.startsWith("evalsha"), argv[1]);
            if (shebang == null || shebang.compat()) {
                return true;
            }
            flags = shebang.flags();
        }
        if (!ScriptFlag.has(flags, ScriptFlag.NO_WRITES) && !ScriptFlag.has(flags, ScriptFlag.ALLOW_OOM)) {
            throw new CommandError("OOM command not allowed when used memory > 'maxmemory'.");
        }
        return true;
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
        MemoryMonitor memory = server.memory();
        return memory.maxmemory() > 0 && memory.usedMemory() > memory.maxmemory();
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
        if (!compat) {
            if (ScriptFlag.has(flags, ScriptFlag.NO_CLUSTER) && server.cluster() != null) {
                throw new CommandError("ERR Can not run script on cluster, 'no-cluster' flag is set.");
            }
            boolean noWrites = ScriptFlag.has(flags, ScriptFlag.NO_WRITES);
            if (!noWrites && readOnly) {
                throw new CommandError("ERR Can not execute a script with write flag using *_ro command.");
            }
            if (oom && !noWrites && !ScriptFlag.has(flags, ScriptFlag.ALLOW_OOM)) {
                throw new CommandError("OOM allow-oom flag is not set on the script, can not run it when used memory > 'maxmemory'");
            }
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
        Consumer<Object> reply = outcome -> ScriptOutcome.reply(run, outcome, server.stats());
        if (straightLine) {
            runner.runHere(run, killable, reply);
        } else {
            runner.run(run, killable, reply);
        }
    }

    private static LuaTable array(byte[][] argv, int from, int to) {
        LuaTable t = new LuaTable(Math.max(0, to - from), 0);
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
