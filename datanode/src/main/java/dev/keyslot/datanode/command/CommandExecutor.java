package dev.keyslot.datanode.command;

import dev.keyslot.datanode.keyspace.CopyOnWrite;
import dev.keyslot.datanode.propagation.Propagator;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Log;
import dev.keyslot.datanode.server.ServerStats;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Redis's processCommand and call(): lookup, arity and authentication checks, the filters, execution with
 * timing, and statistics. Runs on the server's single command thread.
 */
public final class CommandExecutor {
    /** What the slow log shows of a command CLIENT UNBLOCK ended. */
    private static final byte[][] NO_ARGUMENTS = {};
    private final CommandTable table;
    private final ServerStats stats;
    private final Log log;
    private final Propagator propagator;
    // Arrays replaced on registration (volatile: cluster mode registers from the starting thread): they are
    // iterated on every command, where a list's iterator would cost an allocation, and rarely change.
    private volatile CommandFilter[] filters = {};
    private volatile CommandObserver[] observers = {};
    private volatile CommandObserver[] timingObservers = {};
    private volatile RequestGate[] gates = {};
    private volatile Runnable[] afterCommandHooks = {};
    private volatile RejectionHook[] rejectionHooks = {};
    private volatile ServedHook[] servedHooks = {};
    /** The client whose request is being processed (Redis's server.current_client), null between requests. */
    private Client current;
    private Client scriptCaller;
    private byte[][] scriptCallerArgv;
    /** The blocked client being served after a write, null otherwise. */
    private Client servedClient;
    /** How many command handlers are running: above 1 inside EXEC or a script. */
    private int depth;
    /** The reply the running handler deferred, taken when its command ends. */
    private DeferredReply deferred;
    /** When the running command started: a reply it defers accounts the whole wait from there. */
    private long runStartNanos;
    /**
     * total_error_replies when the last command started or ended (Redis's prev_err_count): a command fails when
     * an error reply was counted since, to any client, not only its own thrown error (CLIENT UNBLOCK ... ERROR,
     * a script's error reply). Nested commands move it, so EXEC and EVAL see only errors after their last one.
     */
    private long errorRepliesSeen;
    /** The running command answered an error that was not counted as it (a script returning its command's). */
    private boolean failedByReply;

    private final CopyOnWrite copyOnWrite;
    private final RequestClock clock;
    private final LatencySampler latency;

    public CommandExecutor(CommandTable table, ServerStats stats, Log log, Propagator propagator,
                           CopyOnWrite copyOnWrite, RequestClock clock, LatencySampler latency) {
        this.table = table;
        this.latency = latency;
        this.clock = clock;
        this.stats = stats;
        this.log = log;
        this.propagator = propagator;
        this.copyOnWrite = copyOnWrite;
    }

    public CommandTable table() {
        return table;
    }

    public void addFilter(CommandFilter filter) {
        int i = filters.length;
        while (i > 0 && filters[i - 1].order() > filter.order()) {
            i--;
        }
        CommandFilter[] grown = new CommandFilter[filters.length + 1];
        System.arraycopy(filters, 0, grown, 0, i);
        grown[i] = filter;
        System.arraycopy(filters, i, grown, i + 1, filters.length - i);
        filters = grown;
    }

    public void addRejectionHook(RejectionHook hook) {
        rejectionHooks = appended(rejectionHooks, hook);
    }

    private static <T> T[] appended(T[] array, T element) {
        T[] grown = Arrays.copyOf(array, array.length + 1);
        grown[array.length] = element;
        return grown;
    }

    /** The client whose request is being processed; null in cron jobs and between requests. */
    public Client currentClient() {
        return current;
    }

    /**
     * The client a key write is attributed to (broadcast tracking's NOLOOP): the blocked client being served while
     * a write serves it, as Redis passes it to signalModifiedKey; else {@link #currentClient()}.
     */
    public Client modifyingClient() {
        return servedClient != null ? servedClient : current;
    }

    /** Brackets serving a blocked client (null when done): its pops and pushes are its own writes. */
    public void serving(Client served) {
        Client done = servedClient;
        servedClient = served;
        if (served == null && done != null) {
            for (ServedHook hook : servedHooks) {
                hook.served(done);
            }
        }
    }

    /** True while a blocked client is being served after a write. */
    public boolean servingBlocked() {
        return servedClient != null;
    }

    public void addServedHook(ServedHook hook) {
        servedHooks = appended(servedHooks, hook);
    }

    /**
     * The client a command runs for: the blocked client being served, the script's caller while the script's own
     * client runs a command, else {@link #currentClient()}. Redis's current_client, which client-side caching
     * follows.
     */
    public Client originClient() {
        if (servedClient != null) {
            return servedClient;
        }
        return scriptCaller != null ? scriptCaller : current;
    }

    /** True while a command runs inside another (EXEC, a script): Redis's in_exec for the former. */
    public boolean nested() {
        return depth > 1;
    }

    /** True while a command handler runs (observers of the outermost command see false). */
    public boolean executing() {
        return depth > 0;
    }

    /** A new reference time for the rest of the request being processed, see {@link RequestClock#retake}. */
    public void retakeTime() {
        clock.retake();
    }

    /** Runs the after-command hooks for work finished outside a request (a script that ran detached). */
    public void runAfterCommandHooks() {
        for (Runnable hook : afterCommandHooks) {
            hook.run();
        }
    }

    public void addGate(RequestGate gate) {
        gates = appended(gates, gate);
    }

    public void addObserver(CommandObserver observer) {
        observers = appended(observers, observer);
    }

    /**
     * Observers of how long a client waited for a command (slow log, latency histograms): they see a command
     * whose reply was deferred, or that blocked, when it is answered.
     */
    public void addTimingObserver(CommandObserver observer) {
        timingObservers = appended(timingObservers, observer);
    }

    /**
     * For a handler that answers later: holds the client's further requests back until the returned reply's
     * {@link DeferredReply#finish}, which accounts the command as Redis's synchronous version would be.
     */
    public DeferredReply defer(Client c, CommandSpec spec, byte[][] argv) {
        c.pauseInput();
        deferred = new DeferredReply(c, spec, argv.clone(), this, runStartNanos);
        return deferred;
    }

    void answeredLater(Client c, CommandSpec spec, byte[][] argv, long micros, String error) {
        if (error != null) {
            spec.failedCalls++;
            stats.countError(error);
        }
        timed(c, spec, argv, micros, 0);
    }

    /** Accounts how long the client waited for the command: its usec in commandstats, then the timing observers. */
    private void timed(Client c, CommandSpec spec, byte[][] argv, long micros, long dirty) {
        tookMainThread(spec, micros);
        for (CommandObserver o : timingObservers) {
            o.executed(c, spec, argv, micros, dirty);
        }
    }

    private void tookMainThread(CommandSpec spec, long micros) {
        spec.microseconds += micros;
        CommandSpec top = spec.parent() == null ? spec : spec.parent();
        latency.record(spec.has(CommandFlag.FAST) || top.has(CommandFlag.FAST) ? "fast-command" : "command",
                micros / 1000);
    }

    /**
     * A blocked client was answered because a key it waited on changed (served, or its stream or group
     * vanished): its command's usec gains the blocking call's time again plus the serving, and the slow log
     * and histograms see that sum; the time blocked counts nowhere. Redis 7.0 accounts nothing when the
     * wait ends by its timeout, a disconnection, or WAIT's acknowledgements.
     */
    public void servedAfterBlocking(Client c, long serveMicros, boolean failed) {
        BlockedCall call = c.blockedCall();
        if (call == null) {
            return;
        }
        accountUnblocked(c, call, call.argv(), serveMicros, failed);
    }

    /**
     * CLIENT UNBLOCK ended the wait: Redis counts the command failed in either mode and logs it with no
     * arguments, freed by the time it logs.
     */
    public void unblockedByCommand(Client c) {
        BlockedCall call = c.blockedCall();
        if (call != null) {
            accountUnblocked(c, call, NO_ARGUMENTS, 0, true);
        }
    }

    private void accountUnblocked(Client c, BlockedCall call, byte[][] argv, long serveMicros, boolean failed) {
        c.setBlockedCall(null);
        if (failed) {
            call.spec().failedCalls++;
        }
        long micros = call.micros() + serveMicros;
        call.spec().microseconds += micros;
        for (CommandObserver o : timingObservers) {
            o.executed(c, call.spec(), argv, micros, 0);
        }
        latency.record("command-unblocking", serveMicros / 1000);
    }

    /**
     * Runs after each top-level command (after EXEC as a whole, not per queued command), like the
     * blocked-client handling at the end of Redis's processCommand.
     */
    public void addAfterCommandHook(Runnable hook) {
        afterCommandHooks = appended(afterCommandHooks, hook);
    }

    /** Processes one request from a client: replies with an error or runs the command. */
    public void process(Client c, byte[][] argv) {
        for (RequestGate g : gates) {
            if (g.hold(c, argv)) {
                return;
            }
        }
        current = c;
        c.setRunningArgv(argv);
        clock.enter();
        try {
            admitAndCall(c, argv);
        } finally {
            clock.leave();
            current = null;
            c.setRunningArgv(null);
        }
    }

    private void admitAndCall(Client c, byte[][] argv) {
        c.beginCommand();
        c.setLastArgc(argv.length);
        CommandSpec spec = resolve(c, argv);
        if (spec == null) {
            return;
        }
        try {
            CommandFilter[] checks = filters;
            int i = 0;
            while (i < checks.length && checks[i].order() == CommandFilter.BEFORE_AUTHENTICATION) {
                if (!checks[i++].admit(c, spec, argv)) {
                    return;
                }
            }
            if (c.authRequired() && !spec.has(CommandFlag.NO_AUTH)) {
                throw new CommandError(Errors.NOAUTH);
            }
            for (; i < checks.length; i++) {
                if (!checks[i].admit(c, spec, argv)) {
                    return;
                }
            }
        } catch (CommandError e) {
            reject(c, spec, e.getMessage());
            return;
        }
        call(c, spec, argv);
        for (Runnable hook : afterCommandHooks) {
            hook.run();
        }
    }

    /** Looks up the command or subcommand and checks arity; replies and returns null when rejected. */
    public CommandSpec resolve(Client c, byte[][] argv) {
        CommandSpec spec = table.lookup(argv[0]);
        // CLIENT LIST's cmd: Redis records what it looked up, also for a command then refused or held by a pause.
        c.setLastCommand(spec);
        if (spec == null) {
            reject(c, null, unknownCommand(argv));
            return null;
        }
        if (spec.hasSubcommands() && argv.length >= 2) {
            CommandSpec sub = spec.subcommand(new String(argv[1], StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT));
            c.setLastCommand(sub);
            if (sub == null) {
                String parent = new String(argv[0], StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT);
                reject(c, null, "ERR unknown subcommand '" + Args.cString(argv[1], 128) + "'. Try " + parent + " HELP.");
                return null;
            }
            spec = sub;
        }
        if (!spec.arityMatches(argv.length)) {
            reject(c, spec, "ERR wrong number of arguments for '" + spec.fullName() + "' command");
            return null;
        }
        return spec;
    }

    /**
     * For errors accounted to another command than the running one (a command a script called but the script
     * checks refused): the running command does not fail by them, as Redis's scriptCall moves its mark too.
     */
    public void errorRepliesAccounted() {
        errorRepliesSeen = stats.totalErrorReplies;
    }

    /**
     * c's command answered an error reply, possibly one counted for another command (a script returning
     * what redis.pcall got, which Redis counts in errorstats once but as a failure of both): the running
     * command fails, or c's last one when it is answered after it ended (a script that ran detached).
     */
    public void commandFailed(Client c) {
        if (executing()) {
            failedByReply = true;
        } else if (c.lastCommand() != null) {
            c.lastCommand().failedCalls++;
        }
    }

    /** Executes an admitted command (also used by EXEC for queued commands). */
    public void call(Client c, CommandSpec spec, byte[][] argv) {
        Client caller = current;
        current = c;
        try {
            run(c, spec, argv);
        } finally {
            current = caller;
        }
    }

    /**
     * A command a script runs through its own client on behalf of caller, the client that ran the script with the
     * command callerArgv (EVAL, FCALL...).
     */
    public void callForScript(Client caller, byte[][] callerArgv, Client scriptClient, CommandSpec spec, byte[][] argv) {
        Client outer = scriptCaller;
        byte[][] outerArgv = scriptCallerArgv;
        scriptCaller = caller;
        scriptCallerArgv = callerArgv;
        try {
            call(scriptClient, spec, argv);
        } finally {
            scriptCaller = outer;
            scriptCallerArgv = outerArgv;
        }
    }

    /** The command that started the script now running commands (its declared keys), or null outside scripts. */
    public byte[][] scriptCallerArgv() {
        return scriptCallerArgv;
    }

    /** The command argv names, without its subcommand. */
    public CommandSpec commandOf(byte[][] argv) {
        return table.lookup(argv[0]);
    }

    private void run(Client c, CommandSpec spec, byte[][] argv) {
        long dirtyBefore = stats.dirty;
        long start = System.nanoTime();
        long callerStart = runStartNanos;
        runStartNanos = start;
        boolean failed = false;
        depth++;
        propagator.enterCommand();
        // Redis's read-only commands never change a value (PFCOUNT, which caches, is also may_replicate).
        boolean outerScope = copyOnWrite.enterScope(spec.has(CommandFlag.READONLY) && !spec.has(CommandFlag.MAY_REPLICATE));
        c.clearRedactions();
        errorRepliesSeen = stats.totalErrorReplies;
        try {
            spec.handler().execute(c, argv);
        } catch (CommandError e) {
            failed = true;
            c.reply().error(e.getMessage());
            stats.countError(e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            // A bug in one command (or a recursion too deep for the thread's stack) must not take the connection or
            // the server down: report it and go on.
            failed = true;
            String message = "ERR internal error executing '" + spec.fullName() + "': " + e.getClass().getSimpleName();
            log.warning(message + " " + stackTrace(e));
            c.reply().error(message);
            stats.countError(message);
        } finally {
            runStartNanos = callerStart;
            copyOnWrite.leaveScope(outerScope);
            depth--;
            propagator.exitCommand(c.db().id(), argv, stats.dirty - dirtyBefore, spec.propagatesItself(),
                    spec.mayTouchArbitraryKeys());
        }
        long micros = (System.nanoTime() - start) / 1000;
        failed |= stats.totalErrorReplies > errorRepliesSeen || failedByReply;
        failedByReply = false;
        errorRepliesSeen = stats.totalErrorReplies;
        DeferredReply answeredLater = deferred;
        deferred = null;
        spec.calls++;
        if (failed) {
            spec.failedCalls++;
        }
        stats.commandsProcessed++;
        c.setLastCommand(spec);
        long dirty = stats.dirty - dirtyBefore;
        for (CommandObserver o : observers) {
            o.executed(c, spec, argv, micros, dirty);
        }
        if (c.blocked()) {
            // Logged and measured when the wait ends.
            tookMainThread(spec, micros);
            c.setBlockedCall(new BlockedCall(spec, argv.clone(), micros));
        } else if (answeredLater == null) {
            timed(c, spec, argv, micros, dirty);
        }
    }

    private void reject(Client c, CommandSpec spec, String message) {
        if (spec != null) {
            spec.rejectedCalls++;
        }
        String error = message;
        for (RejectionHook hook : rejectionHooks) {
            error = hook.rejected(c, spec, error);
        }
        c.reply().error(sanitize(error));
        stats.countError(error);
    }

    private static String unknownCommand(byte[][] argv) {
        StringBuilder args = new StringBuilder();
        for (int i = 1; i < argv.length && args.length() < 128; i++) {
            int room = 128 - args.length();
            args.append('\'').append(Args.cString(argv[i], room)).append("' ");
        }
        return "ERR unknown command '" + Args.cString(argv[0], 128) + "', with args beginning with: " + args;
    }

    /** Error replies must stay on one line. */
    private static String sanitize(String message) {
        return message.indexOf('\r') < 0 && message.indexOf('\n') < 0
                ? message : message.replace('\r', ' ').replace('\n', ' ');
    }

    private static String stackTrace(Throwable t) {
        java.io.StringWriter w = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(w));
        return w.toString();
    }
}
