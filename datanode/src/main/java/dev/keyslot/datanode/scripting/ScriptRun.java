package dev.keyslot.datanode.scripting;

import dev.keyslot.datanode.cluster.KeySlot;
import dev.keyslot.datanode.command.DeferredReply;
import dev.keyslot.datanode.propagation.Propagator;
import dev.keyslot.datanode.server.Client;

import java.nio.charset.StandardCharsets;

/**
 * One script invocation (Redis's scriptRunCtx): who called it, what it may do, what it has done. Fields
 * written on the command thread and read by the script thread are volatile.
 */
final class ScriptRun {
    final Client caller;
    final Client scriptClient;
    /** The SHA1 of an EVAL script or the function name, shown in errors and FUNCTION STATS. */
    final String name;
    final boolean evalMode;
    final boolean readOnly;
    final boolean allowOom;
    final boolean allowCrossSlot;
    /** Used memory was over maxmemory when the script started (Redis's pre_command_oom_state). */
    final boolean startedOom;
    final byte[][] commandArgv;
    final long startNanos = System.nanoTime();
    volatile boolean killed;
    volatile boolean writeDirty;
    /** The hash slot the script's keys live in (cluster mode), -1 until the first key. */
    int slot = -1;
    volatile int resp = 2;
    /** Where the commands the script calls are propagated (redis.set_repl), as {@link Propagator} targets. */
    volatile int replicationTargets = Propagator.TO_ALL;
    boolean detached;
    /** The Lua debugger session the script runs in, or null. */
    LuaDebugSession debug;
    /** Set when the script detached: its command is accounted once the script ends. */
    DeferredReply answer;

    ScriptRun(Client caller, Client scriptClient, String name, boolean evalMode, int flags, boolean compat,
              boolean readOnlyCommand, boolean startedOom, byte[][] commandArgv) {
        this.caller = caller;
        this.scriptClient = scriptClient;
        this.name = name;
        this.evalMode = evalMode;
        this.readOnly = readOnlyCommand || (!compat && ScriptFlag.has(flags, ScriptFlag.NO_WRITES));
        this.allowOom = !compat && ScriptFlag.has(flags, ScriptFlag.ALLOW_OOM);
        this.allowCrossSlot = compat || ScriptFlag.has(flags, ScriptFlag.ALLOW_CROSS_SLOT);
        this.startedOom = startedOom;
        this.commandArgv = commandArgv;
    }

    /**
     * The slot of the keys the EVAL or FCALL declared (its numkeys keys all share one, the router saw to it), or
     * -1 when it declared none: keys the script touches must live there, as Redis starts from the caller's slot.
     */
    int declaredKeysSlot() {
        if (commandArgv.length < 4 || Long.parseLong(new String(commandArgv[2], StandardCharsets.US_ASCII)) <= 0) {
            return -1;
        }
        return KeySlot.of(commandArgv[3]);
    }

    long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
