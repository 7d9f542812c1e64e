package dev.keyslot.datanode.propagation;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Redis's propagate(): turns executed commands into the write stream for replication and the AOF.
 * A command is propagated when it changed the dataset (or forced itself), as the client sent it or as it
 * rewrote itself (EXPIRE becomes PEXPIREAT, SPOP becomes SREM, ...). Effects that happen inside a command
 * (a lazily expired key's DEL, the writes of EXEC or a script) collect into one execution unit, which is
 * written out when the outermost command returns: wrapped in MULTI/EXEC when it holds more than one
 * command, so a replica applies it atomically. Runs only on the command thread.
 */
public final class Propagator {
    private static final byte[][] MULTI = {"MULTI".getBytes(StandardCharsets.US_ASCII)};
    private static final byte[][] EXEC = {"EXEC".getBytes(StandardCharsets.US_ASCII)};
    /** Targets of a propagated command, as bits (Redis's PROPAGATE_AOF and PROPAGATE_REPL, redis.REPL_*). */
    public static final int TO_AOF = 1;
    public static final int TO_REPLICAS = 2;
    public static final int TO_ALL = TO_AOF | TO_REPLICAS;

    private volatile PropagationTarget[] targets = {};

    // The execution unit being collected, as parallel arrays: no object per propagated command.
    private int[] pendingDbs = new int[8];
    private int[] pendingTargets = new int[8];
    private byte[][][] pendingCommands = new byte[8][][];
    private int pending;

    // What each running (possibly nested) command asked for, indexed by nesting depth.
    private byte[][][] rewrites = new byte[8][][];
    private boolean[] prevented = new boolean[8];
    private boolean[] forced = new boolean[8];
    private boolean[] replicationOnly = new boolean[8];
    /** Where each running command itself may be propagated: a script's redis.set_repl narrows it. */
    private int[] commandTargets = new int[8];
    /** The targets the next command to start gets ({@link #limitNextCommand}). */
    private int nextCommandTargets = TO_ALL;
    private int depth;
    /** While set, nothing is propagated: the writes of a Lua debugger session that will be rolled back. */
    private boolean muted;

    public void addTarget(PropagationTarget target) {
        PropagationTarget[] grown = Arrays.copyOf(targets, targets.length + 1);
        grown[targets.length] = target;
        targets = grown;
    }

    /** True when some target consumes the stream now. */
    public boolean active() {
        for (PropagationTarget t : targets) {
            if (t.active()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Adds a command to the stream besides (before) the running command's own: Redis's alsoPropagate.
     * Outside any command (active expiry, eviction in the cron) it is written out at once.
     */
    public void alsoPropagate(int db, byte[]... argv) {
        if (!active()) {
            return;
        }
        append(db, argv, TO_ALL);
        if (depth == 0) {
            flush(false);
        }
    }

    /** The running command is propagated as argv instead of what the client sent (rewriteClientCommandVector). */
    public void rewrite(byte[]... argv) {
        if (depth > 0) {
            rewrites[depth] = argv;
        }
    }

    /**
     * The effect to propagate for a command that may complete later (a blocked client being served): inside
     * the command it replaces the command, afterwards it is propagated by itself.
     */
    public void propagateAs(int db, byte[]... argv) {
        if (depth > 0) {
            rewrite(argv);
        } else {
            alsoPropagate(db, argv);
        }
    }

    /** The running command is not propagated itself; what it adds with {@link #alsoPropagate} still is. */
    public void prevent() {
        if (depth > 0) {
            prevented[depth] = true;
        }
    }

    /** The running command is propagated even though it did not change the dataset (PUBLISH, for example). */
    public void force() {
        if (depth > 0) {
            forced[depth] = true;
        }
    }

    /** Like {@link #force} for replicas only, not the AOF: PUBLISH outside cluster mode, as in Redis. */
    public void forceToReplicas() {
        if (depth > 0) {
            forced[depth] = true;
            replicationOnly[depth] = true;
        }
    }

    /**
     * The next command to start is propagated to these targets only, whatever it writes (a script's command
     * after redis.set_repl); what it adds with {@link #alsoPropagate} still goes everywhere, as in Redis. Reset
     * to {@link #TO_ALL} once that command starts, or by the caller if it never did.
     */
    public void limitNextCommand(int targets) {
        nextCommandTargets = targets;
    }

    /** Stops (or resumes) propagating anything; the command thread's writes meanwhile never reach replicas or the AOF. */
    public void mute(boolean muted) {
        this.muted = muted;
    }

    /** Called by the executor before a command handler runs. */
    public void enterCommand() {
        depth++;
        if (depth == rewrites.length) {
            rewrites = Arrays.copyOf(rewrites, depth * 2);
            prevented = Arrays.copyOf(prevented, depth * 2);
            forced = Arrays.copyOf(forced, depth * 2);
            replicationOnly = Arrays.copyOf(replicationOnly, depth * 2);
            commandTargets = Arrays.copyOf(commandTargets, depth * 2);
        }
        rewrites[depth] = null;
        prevented[depth] = false;
        forced[depth] = false;
        replicationOnly[depth] = false;
        commandTargets[depth] = nextCommandTargets;
        nextCommandTargets = TO_ALL;
    }

    /**
     * Called by the executor after a command handler returned (also when it failed).
     *
     * @param propagatesItself false for EXEC, whose queued commands were propagated one by one
     * @param touchesArbitraryKeys RANDOMKEY and SCAN: the DELs of keys they expired are not one transaction
     */
    public void exitCommand(int db, byte[][] argv, long dirty, boolean propagatesItself, boolean touchesArbitraryKeys) {
        boolean propagate = (dirty > 0 || forced[depth]) && !prevented[depth] && propagatesItself;
        byte[][] command = rewrites[depth] != null ? rewrites[depth] : argv;
        int to = commandTargets[depth] & (replicationOnly[depth] && dirty == 0 ? TO_REPLICAS : TO_ALL);
        rewrites[depth] = null;
        depth--;
        if (propagate && to != 0 && active()) {
            append(db, command, to);
        }
        if (depth == 0 && pending > 0) {
            flush(!touchesArbitraryKeys);
        }
    }

    private void append(int db, byte[][] argv, int to) {
        if (muted) {
            return;
        }
        if (pending == pendingDbs.length) {
            pendingDbs = Arrays.copyOf(pendingDbs, pending * 2);
            pendingCommands = Arrays.copyOf(pendingCommands, pending * 2);
            pendingTargets = Arrays.copyOf(pendingTargets, pending * 2);
        }
        pendingDbs[pending] = db;
        pendingCommands[pending] = argv;
        pendingTargets[pending] = to;
        pending++;
    }

    private void flush(boolean mayWrap) {
        PropagationTarget[] to = targets;
        boolean transaction = mayWrap && pending > 1;
        if (transaction) {
            // MULTI takes the first command's database, so any SELECT precedes it; EXEC the last one's.
            feed(to, pendingDbs[0], MULTI, TO_ALL);
        }
        for (int i = 0; i < pending; i++) {
            feed(to, pendingDbs[i], pendingCommands[i], pendingTargets[i]);
            pendingCommands[i] = null;
        }
        if (transaction) {
            feed(to, pendingDbs[pending - 1], EXEC, TO_ALL);
        }
        pending = 0;
    }

    private static void feed(PropagationTarget[] to, int db, byte[][] argv, int targets) {
        for (PropagationTarget t : to) {
            if (t.active() && (targets & (t.replication() ? TO_REPLICAS : TO_AOF)) != 0) {
                t.feed(db, argv);
            }
        }
    }
}
