package dev.keyslot.datanode.command.transaction;

import dev.keyslot.datanode.command.CommandSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * A client's MULTI/EXEC state: whether a transaction is open, the queued commands, the keys it WATCHes,
 * and the two reasons EXEC can fail: a command refused while queueing (EXECABORT) or a watched key
 * touched (null reply).
 */
public final class MultiState {
    boolean inMulti;
    /** A command was refused while queueing (Redis's CLIENT_DIRTY_EXEC). */
    boolean queueingFailed;
    /** A watched key changed (Redis's CLIENT_DIRTY_CAS). */
    boolean watchBroken;
    private List<QueuedCommand> queued = new ArrayList<>();
    /** What Redis's multiStateMemOverhead counts for the queued commands: argument bytes and pointers. */
    private long queuedBytes;
    final List<WatchedKey> watched = new ArrayList<>();

    /** Redis's sizeof(multiCmd), per queued command; and its list node plus watchedKey, per watched key. */
    private static final int QUEUED_COMMAND_OVERHEAD = 24;
    private static final int WATCHED_KEY_OVERHEAD = 48;

    /** Between MULTI and EXEC/DISCARD (CLIENT LIST flag x). */
    public boolean inMulti() {
        return inMulti;
    }

    /** A watched key was touched: EXEC will fail (CLIENT LIST flag d). */
    public boolean watchBroken() {
        return watchBroken;
    }

    /** Commands queued so far (CLIENT LIST multi=). */
    public int queuedCount() {
        return queued.size();
    }

    void queue(CommandSpec spec, byte[][] argv) {
        // Nothing will run once the transaction is doomed: keep no memory for it.
        if (!queueingFailed && !watchBroken) {
            queued.add(new QueuedCommand(spec, argv));
            queuedBytes += QUEUED_COMMAND_OVERHEAD + 8L * argv.length;
            for (byte[] arg : argv) {
                queuedBytes += arg.length;
            }
        }
    }

    /**
     * The flags the admission checks apply to a request of this client: its own, and for EXEC inside MULTI
     * also those of every queued command (Redis's mstate.cmd_flags), so a transaction of writes is a write.
     */
    public int admissionFlags(CommandSpec spec, byte[][] argv) {
        int flags = spec.flagsFor(argv);
        if (inMulti && spec.parent() == null && spec.name().equals("exec")) {
            for (QueuedCommand q : queued) {
                flags |= q.spec().flagsFor(q.argv());
            }
        }
        return flags;
    }

    /** CLIENT LIST multi-mem: the queued commands and the watched keys, as Redis estimates them. */
    public long memoryOverhead() {
        return queuedBytes + (long) WATCHED_KEY_OVERHEAD * watched.size();
    }

    /** The commands EXEC will run, in order (cluster routing checks them together). */
    public List<QueuedCommand> queued() {
        return java.util.Collections.unmodifiableList(queued);
    }

    /** Leaves MULTI state; the caller unwatches. */
    void clear() {
        inMulti = false;
        queueingFailed = false;
        watchBroken = false;
        if (!queued.isEmpty()) {
            queued = new ArrayList<>();
        }
        queuedBytes = 0;
    }
}
