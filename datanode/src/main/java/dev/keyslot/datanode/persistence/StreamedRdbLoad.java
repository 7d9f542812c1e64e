package dev.keyslot.datanode.persistence;

import io.netty.util.concurrent.EventExecutor;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * An RDB load from a stream whose bytes may still be arriving (a replica's diskless full sync): a thread of
 * its own parses the image, blocking while it waits for bytes, and hands the keys to the command thread in
 * batches, which stores them between the clients' commands. A few batches at most wait to be stored, so a
 * slow command thread slows the parser, which slows the stream's producer.
 */
public final class StreamedRdbLoad {
    /** Keys per batch (Redis looks at the clients every 2 MB of a load). */
    private static final int BATCH = 1000;
    private static final int BATCHES_WAITING = 4;

    /** Opens the image (reads its header) on the parser thread: even that may wait for bytes. */
    @FunctionalInterface
    interface Opener {
        RdbLoader.Loading open();
    }

    /** What must follow the image in the stream (a diskless transfer's end mark); throws when it does not. */
    @FunctionalInterface
    public interface Trailer {
        void check(InputStream rest) throws Exception;
    }

    private final EventExecutor loop;
    private final Opener opener;
    private final InputStream in;
    private final Trailer trailer;
    private final Semaphore waiting = new Semaphore(BATCHES_WAITING);
    /** Completed on the command thread. */
    private final CompletableFuture<RdbLoader.Loading> done = new CompletableFuture<>();
    private volatile boolean stopped;

    private StreamedRdbLoad(EventExecutor loop, Opener opener, InputStream in, Trailer trailer) {
        this.loop = loop;
        this.opener = opener;
        this.in = in;
        this.trailer = trailer;
    }

    /**
     * Starts parsing in on a new thread; the future completes on the command thread once every key is
     * stored and the trailer checked, or exceptionally with what failed (a read error of in included).
     */
    static CompletableFuture<RdbLoader.Loading> start(EventExecutor loop, Opener opener, InputStream in,
                                                      Trailer trailer) {
        StreamedRdbLoad l = new StreamedRdbLoad(loop, opener, in, trailer);
        Thread t = new Thread(l::parse, "rdb-stream-load");
        t.setDaemon(true);
        t.start();
        return l.done;
    }

    private void parse() {
        try {
            RdbLoader.Loading opened = opener.open();
            boolean end = false;
            while (!end && !stopped) {
                List<RdbLoader.ParsedKey> batch = new ArrayList<>(BATCH);
                end = opened.read(BATCH, (db, key, value, expireAt, freq, idle) ->
                        batch.add(new RdbLoader.ParsedKey(db, key, value, expireAt, freq, idle)));
                if (!handOver(() -> store(opened, batch))) {
                    return;
                }
            }
            if (!stopped) {
                trailer.check(in);
                handOver(() -> done.complete(opened));
            }
        } catch (Throwable e) {
            // Whatever stops the parser (a corrupt image, a cut stream, no memory left) fails the load.
            handOver(() -> done.completeExceptionally(e));
        }
    }

    /**
     * Runs task on the command thread once fewer than BATCHES_WAITING wait there; false when the server
     * stops meanwhile (nobody waits for this load any more).
     */
    private boolean handOver(Runnable task) {
        try {
            while (!waiting.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                if (loop.isShuttingDown()) {
                    return false;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            loop.execute(() -> {
                waiting.release();
                task.run();
            });
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private void store(RdbLoader.Loading opened, List<RdbLoader.ParsedKey> batch) {
        if (done.isDone()) {
            return;
        }
        try {
            for (RdbLoader.ParsedKey k : batch) {
                opened.store(k);
            }
        } catch (RuntimeException e) {
            stopped = true;
            done.completeExceptionally(e);
        }
    }
}
