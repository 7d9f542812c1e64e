package dev.keyslot.datanode.scripting;

import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandFilter;
import dev.keyslot.datanode.command.CommandFlag;
import dev.keyslot.datanode.command.CommandSpec;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;
import io.netty.util.concurrent.FastThreadLocalThread;
import org.luaj.vm2.LuaError;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs scripts so that a slow one can be answered with -BUSY and killed, while only one thread at a time
 * ever touches the keyspace.
 *
 * <p>Why a script thread: Redis runs the script on its main thread and, once busy-reply-threshold has
 * passed, serves other clients from the Lua hook. A Netty event loop cannot be re-entered from inside a
 * task, so the Lua code runs on a dedicated thread instead and the command thread stays free to become
 * the event loop again when the script turns slow.
 *
 * <p>Strict hand-off: while the script is younger than the threshold (or can never detach: inside EXEC,
 * from an internal client), the command thread parks inside the EVAL/FCALL handler and the script thread
 * owns the keyspace: its redis.call executes the command directly, as the command thread would. Exactly
 * one of the two threads runs server code at any time, and {@link #owner} says which. Every change of
 * owner is a volatile write (a set or a successful compare-and-set) followed by the other thread's
 * volatile read of the same field, so everything the first thread wrote before giving the keyspace away
 * happens-before everything the second does after taking it (Java memory model, synchronization order):
 * the command thread publishes the request and its state by handing over the job, the script thread
 * publishes its calls' effects and the outcome by setting DONE, and the command thread detaches only by a
 * compare-and-set from SCRIPT, which fails while a call is in progress (CALLING). Park/unpark carry no
 * ordering themselves; they only shorten the waits. Each EVAL thus costs two thread wake-ups (start and
 * finish) and none per redis.call. Straight-line scripts (no loops, see StraightLineCode) cannot outlive the
 * threshold in Lua code, so they skip the hand-off and run on the command thread ({@link #runHere}).
 *
 * <p>Past the threshold the command thread takes the keyspace back (DETACHED) and returns to the event
 * loop: other clients get -BUSY (except allow_busy commands such as SCRIPT KILL), the cron stops touching
 * the keyspace, and each redis.call becomes an event-loop task the script thread waits for. Pushes to
 * other clients (pub/sub, invalidations) made on the script thread stay in their output buffers until the
 * command thread owns the keyspace again, so no socket write is issued from the script thread and
 * replies keep their order.
 */
public final class ScriptRunner implements CommandFilter {
    static final String BUSY_EVAL =
            "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.";
    static final String BUSY_FUNCTION =
            "BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.";

    /** No script runs: the command thread owns the keyspace. */
    private static final int IDLE = 0;
    /** The script thread owns the keyspace and runs Lua code; the command thread is parked. */
    private static final int SCRIPT = 1;
    /** The script thread owns the keyspace and is executing a redis.call. */
    private static final int CALLING = 2;
    /** The script finished while owning the keyspace; the command thread takes it back to reply. */
    private static final int DONE = 3;
    /** The script outlived the threshold: the command thread owns the keyspace and serves -BUSY. */
    private static final int DETACHED = 4;
    /** How long the command thread waits before retrying to detach while a redis.call is executing. */
    private static final long CALL_RETRY_NANOS = TimeUnit.MICROSECONDS.toNanos(100);
    /** Deep Lua recursion becomes deep Java recursion in luaj: the script thread gets a large stack. */
    private static final long SCRIPT_STACK_BYTES = 64L << 20;

    private final Server server;
    private final AtomicInteger owner = new AtomicInteger(IDLE);
    private final Thread scriptThread;
    /** The next script for the script thread, handed over by the command thread. */
    private volatile Job job;
    private Thread commandThread;
    private boolean scriptThreadStarted;
    private long busyThresholdMillis;
    private volatile boolean detached;
    private volatile ScriptRun current;
    private Runnable busyEnded = () -> {
    };

    /** One script to run: its body, and where its outcome goes. */
    private static final class Job {
        final ScriptRun run;
        final Supplier<Object> body;
        final Consumer<Object> finish;
        /** Written by the script thread before it sets DONE, read by the command thread after. */
        Object outcome;
        /** When the script thread began running the body, 0 before: the busy threshold counts from then. */
        volatile long startedNanos;

        Job(ScriptRun run, Supplier<Object> body, Consumer<Object> finish) {
            this.run = run;
            this.body = body;
            this.finish = finish;
        }
    }

    public ScriptRunner(Server server) {
        this.server = server;
        server.setCronSuspended(() -> detached);
        busyThresholdMillis = server.config().getLong("busy-reply-threshold");
        server.config().onChange((name, value) -> {
            if (name.equals("busy-reply-threshold")) {
                busyThresholdMillis = server.config().getLong("busy-reply-threshold");
            }
        });
        // A FastThreadLocalThread, as the command thread: the replies of its redis.call commands come from
        // Netty's pooled allocator, which only caches per thread for those (otherwise a new direct buffer each).
        scriptThread = new FastThreadLocalThread(null, this::serveScripts, "lua-script", SCRIPT_STACK_BYTES);
        scriptThread.setDaemon(true);
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

    /** Whether a script has outlived the busy threshold: other clients are answered -BUSY meanwhile. */
    public boolean busy() {
        ScriptRun run = current;
        return run != null && run.detached;
    }

    /** What to run on the command thread once a busy script has ended. */
    public void onBusyEnd(Runnable action) {
        busyEnded = action;
    }

    /**
     * Runs body on the script thread; finish receives its result (a LuaValue or the LuaError/other
     * Throwable it raised) on the command thread. Returns once finished, or once detached.
     */
    void run(ScriptRun run, Supplier<Object> body, Consumer<Object> finish) {
        current = run;
        // A debugging session detaches at once: the event loop must keep reading the debugger's commands.
        boolean debugging = run.debug != null;
        long threshold = debugging ? 0 : busyThresholdMillis;
        boolean mayDetach = debugging || threshold > 0 && !server.executor().nested()
                && run.caller.mayLeaveScriptRunning();
        long thresholdNanos = TimeUnit.MILLISECONDS.toNanos(threshold);
        commandThread = Thread.currentThread();
        if (!scriptThreadStarted) {
            scriptThreadStarted = true;
            scriptThread.start();
        }
        Job handed = new Job(run, body, finish);
        server.pushes().holdFlushes();
        owner.set(SCRIPT);
        job = handed;
        LockSupport.unpark(scriptThread);
        while (true) {
            int state = owner.get();
            if (state == DONE) {
                owner.set(IDLE);
                server.pushes().releaseFlushes();
                complete(run, handed.outcome, finish);
                return;
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("interrupted while a script runs");
            }
            if (!mayDetach) {
                LockSupport.park(this);
                continue;
            }
            // As in Redis, a script is busy after running for the threshold, not after waiting that long
            // for the script thread to be scheduled.
            long started = handed.startedNanos;
            long left = started == 0 ? thresholdNanos : started + thresholdNanos - System.nanoTime();
            if (left > 0) {
                LockSupport.parkNanos(this, left);
            } else if (owner.compareAndSet(SCRIPT, DETACHED)) {
                server.pushes().releaseFlushes();
                detach(run);
                return;
            } else if (state == CALLING) {
                LockSupport.parkNanos(this, CALL_RETRY_NANOS);
            }
        }
    }

    /**
     * Runs body right here on the command thread, for scripts that cannot run long (StraightLineCode):
     * no other client can come to need a -BUSY reply meanwhile, and the two thread wake-ups of the
     * hand-off are saved. The script owns the keyspace as it would on the script thread, so redis.call
     * executes directly.
     */
    void runHere(ScriptRun run, Supplier<Object> body, Consumer<Object> finish) {
        current = run;
        server.pushes().holdFlushes();
        owner.set(SCRIPT);
        Object outcome = runBody(body);
        owner.set(IDLE);
        server.pushes().releaseFlushes();
        complete(run, outcome, finish);
    }

    /** The script thread's loop: waits for a job, runs it, hands the keyspace and the outcome back. */
    private void serveScripts() {
        while (true) {
            Job next = job;
            if (next == null) {
                LockSupport.park(this);
                continue;
            }
            job = null;
            next.startedNanos = System.nanoTime();
            next.outcome = runBody(next.body);
            if (owner.compareAndSet(SCRIPT, DONE)) {
                LockSupport.unpark(commandThread);
            } else {
                server.eventLoop().execute(() -> complete(next.run, next.outcome, next.finish));
            }
        }
    }

    private static Object runBody(Supplier<Object> body) {
        try {
            return body.get();
        } catch (StackOverflowError e) {
            return new LuaError("stack overflow");
        } catch (RuntimeException e) {
            return e;
        } catch (Error e) {
            // Reported to the caller like any failure: a script thread that died would leave the server BUSY for good.
            return e;
        }
    }

    private void detach(ScriptRun run) {
        // Scripts replicate their effects (the writes they call), never themselves, as Redis 7.0 does.
        server.propagator().prevent();
        if (run.debug == null) {
            server.log().warning("Slow script detected: still in execution after " + run.elapsedMillis()
                    + " milliseconds. You can try killing the script using the "
                    + (run.evalMode ? "SCRIPT KILL" : "FUNCTION KILL") + " command. Script name is: " + run.name + ".");
        }
        run.detached = true;
        // Redis runs the script within its command: the command's time, slow log entry and latency span it all.
        run.answer = server.executor().defer(run.caller, run.caller.lastCommand(), run.commandArgv);
        detached = true;
    }

    private void complete(ScriptRun run, Object outcome, Consumer<Object> finish) {
        server.propagator().prevent();
        current = null;
        finish.accept(outcome);
        if (run.detached) {
            owner.set(IDLE);
            detached = false;
            // A failure was counted with the reply (ScriptOutcome).
            run.answer.account(null);
            run.caller.resumeInput();
            server.executor().runAfterCommandHooks();
            busyEnded.run();
        }
    }

    /**
     * Called on the script thread: runs task with the keyspace, directly while the script thread owns
     * it, otherwise on the command thread, waiting for its result.
     */
    <T> T withKeyspace(Supplier<T> task) {
        if (owner.compareAndSet(SCRIPT, CALLING)) {
            try {
                return task.get();
            } finally {
                owner.set(SCRIPT);
            }
        }
        return onCommandThread(task);
    }

    private <T> T onCommandThread(Supplier<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        server.eventLoop().execute(() -> {
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

    /** The -BUSY error while a script has run past busy-reply-threshold; null otherwise. */
    public String busyError() {
        ScriptRun run = current;
        return run != null && run.detached ? (run.evalMode ? BUSY_EVAL : BUSY_FUNCTION) : null;
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
        return LAST - 2;
    }
}
