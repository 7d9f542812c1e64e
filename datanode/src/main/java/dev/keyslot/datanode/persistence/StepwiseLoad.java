package dev.keyslot.datanode.persistence;

import io.netty.util.concurrent.EventExecutor;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a load one slice at a time on the command thread, as Redis's loaders process events between slices:
 * the clients' commands run in between (answered -LOADING, or from the old dataset when loading
 * asynchronously). Each next slice is scheduled, not executed, so that the event loop reads sockets first.
 */
public final class StepwiseLoad {
    /** One slice of a load. */
    @FunctionalInterface
    public interface Slice {
        /** Loads a bounded amount; true once everything is loaded. */
        boolean next() throws Exception;

        /** Whether the load waits for something else (a slow script it started) before its next slice. */
        default boolean waiting() {
            return false;
        }
    }

    /** How often a waiting load looks again, without keeping the command thread busy meanwhile. */
    private static final long WAIT_POLL_MILLIS = 1;

    private final EventExecutor loop;
    private final Slice slice;
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    private StepwiseLoad(EventExecutor loop, Slice slice) {
        this.loop = loop;
        this.slice = slice;
    }

    /**
     * Starts the load on the command thread (the caller must be on it); the future completes there once the
     * load ended, exceptionally with what a slice threw.
     */
    public static CompletableFuture<Void> start(EventExecutor loop, Slice slice) {
        StepwiseLoad load = new StepwiseLoad(loop, slice);
        load.run();
        return load.done;
    }

    private void run() {
        if (slice.waiting()) {
            loop.schedule(this::run, WAIT_POLL_MILLIS, TimeUnit.MILLISECONDS);
            return;
        }
        try {
            if (slice.next()) {
                done.complete(null);
                return;
            }
        } catch (Exception e) {
            done.completeExceptionally(e);
            return;
        }
        loop.schedule(this::run, 0, TimeUnit.NANOSECONDS);
    }
}
