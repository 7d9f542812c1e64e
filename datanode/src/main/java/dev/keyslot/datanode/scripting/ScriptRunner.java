package dev.keyslot.datanode.scripting;

import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandFilter;
import dev.keyslot.datanode.command.CommandFlag;
import dev.keyslot.datanode.command.CommandSpec;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs scripts so that a slow one can be answered with -BUSY and killed, without ever touching the
 * keyspace off the command thread.
 *
 * <p>Design: the Lua code runs on a dedicated script thread, but everything it asks of Redis
 * (redis.call) is handed back to the command thread, which alone executes commands. While the script is
 * younger than busy-reply-threshold the command thread simply waits for it, executing its calls as they
 * come: the event loop is blocked exactly as Redis's is, so the script is atomic. Past the threshold the
 * command thread detaches: it returns to the event loop, the script's calls arrive as event-loop tasks,
 * other clients get -BUSY (except allow_busy commands such as SCRIPT KILL), and the cron stops touching
 * the keyspace. The alternative, servicing sockets from inside the running command, is impossible with
 * Netty (the event loop cannot be re-entered), so the script moved instead. Scripts called from inside
 * EXEC never detach: the transaction must not go on while its script still runs.
 */
public final class ScriptRunner implements CommandFilter {
    static final String BUSY_EVAL =
            "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.";
    static final String BUSY_FUNCTION =
            "BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.";

    private final Server server;
    private final LinkedBlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
    /** Deep Lua recursion becomes deep Java recursion in luaj: the script thread gets a large stack. */
    private static final long SCRIPT_STACK_BYTES = 64L << 20;
    private final java.util.concurrent.ExecutorService scriptThread = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(null, r, "lua-script", SCRIPT_STACK_BYTES);
        t.setDaemon(true);
        return t;
    });
    private volatile boolean detached;
    private volatile ScriptRun current;

    public ScriptRunner(Server server) {
        this.server = server;
        server.setCronSuspended(() -> detached);
    }

    /** What FUNCTION STATS shows of the running script. */
    public record RunningScript(String name, boolean evalMode, byte[][] argv, long durationMillis) {
    }

    /** The running script, or null. */
    public RunningScript running() {
        ScriptRun run = current;
        return run == null ? null : new RunningScript(run.name, run.evalMode, run.commandArgv, run.elapsedMillis());
    }

    /** The running script, null when none. */
    ScriptRun current() {
        return current;
    }

    /**
     * Starts body on the script thread; finish receives its result (a LuaValue or the LuaError/other
     * Throwable it raised) on the command thread. Returns once finished, or once detached.
     */
    void run(ScriptRun run, Supplier<Object> body, Consumer<Object> finish) {
        current = run;
        long threshold = server.config().getLong("busy-reply-threshold");
        boolean mayDetach = threshold > 0 && !server.executor().nested() && run.caller.channel() != null;
        scriptThread.execute(() -> {
            Object outcome;
            try {
                outcome = body.get();
            } catch (StackOverflowError e) {
                outcome = new org.luaj.vm2.LuaError("stack overflow");
            } catch (RuntimeException e) {
                outcome = e;
            }
            Object result = outcome;
            post(() -> complete(run, result, finish));
        });
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(threshold);
        try {
            while (!run.finished) {
                Runnable task = mayDetach ? inbox.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS) : inbox.take();
                if (task == null) {
                    detach(run);
                    return;
                }
                task.run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a script runs", e);
        }
    }

    private void detach(ScriptRun run) {
        // Scripts replicate their effects (the writes they call), never themselves, as Redis 7.0 does.
        server.propagator().prevent();
        server.log().warning("Slow script detected: still in execution after " + run.elapsedMillis()
                + " milliseconds. You can try killing the script using the "
                + (run.evalMode ? "SCRIPT KILL" : "FUNCTION KILL") + " command. Script name is: " + run.name + ".");
        run.detached = true;
        run.caller.pauseInput();
        detached = true;
        server.eventLoop().execute(this::drain);
    }

    private void complete(ScriptRun run, Object outcome, Consumer<Object> finish) {
        server.propagator().prevent();
        run.finished = true;
        current = null;
        finish.accept(outcome);
        if (run.detached) {
            detached = false;
            run.caller.resumeInput();
            server.executor().runAfterCommandHooks();
        }
    }

    private void post(Runnable task) {
        inbox.add(task);
        if (detached) {
            server.eventLoop().execute(this::drain);
        }
    }

    private void drain() {
        Runnable task;
        while ((task = inbox.poll()) != null) {
            task.run();
        }
    }

    /** Called on the script thread: runs task on the command thread and waits for its result. */
    <T> T onCommandThread(Supplier<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        post(() -> {
            try {
                result.complete(task.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw (RuntimeException) e.getCause();
        }
    }

    /** SCRIPT KILL (evalKill) and FUNCTION KILL. */
    public void kill(Client c, boolean evalKill) {
        ScriptRun run = current;
        if (run == null) {
            throw new CommandError("NOTBUSY No scripts in execution right now.");
        }
        if (run.writeDirty) {
            throw new CommandError("UNKILLABLE Sorry the script already executed write commands against the dataset. "
                    + "You can either wait the script termination or kill the server in a hard way using the "
                    + "SHUTDOWN NOSAVE command.");
        }
        if (evalKill && !run.evalMode) {
            throw new CommandError(BUSY_FUNCTION);
        }
        if (!evalKill && run.evalMode) {
            throw new CommandError(BUSY_EVAL);
        }
        run.killed = true;
        c.reply().ok();
    }

    /** Redis refuses everything but allow_busy commands while a script runs detached. */
    @Override
    public boolean admit(Client client, CommandSpec spec, byte[][] argv) {
        ScriptRun run = current;
        if (run != null && run.detached && !spec.has(CommandFlag.ALLOW_BUSY)) {
            throw new CommandError(run.evalMode ? BUSY_EVAL : BUSY_FUNCTION);
        }
        return true;
    }

    @Override
    public int order() {
        return LAST - 1;
    }
}
