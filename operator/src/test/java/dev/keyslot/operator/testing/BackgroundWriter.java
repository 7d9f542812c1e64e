package dev.keyslot.operator.testing;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The loop the scenario writers share: one daemon thread writing key i = 0, 1, 2, ... until stopped, a short
 * pause between writes, failed writes counted (they were not acknowledged). Subclasses say what one write is
 * and what acknowledges it.
 */
abstract class BackgroundWriter implements AutoCloseable {
    /** How many failed writes are printed with their cause, enough to tell a scenario's failure apart from noise. */
    private static final int PRINTED_FAILURES = 20;
    private final AtomicInteger failures = new AtomicInteger();
    private final Thread thread;
    private final long pauseMillis;
    private volatile boolean running = true;

    BackgroundWriter(String threadName, long pauseMillis) {
        this.pauseMillis = pauseMillis;
        this.thread = new Thread(this::writeLoop, threadName);
        thread.setDaemon(true);
    }

    /** Writes key i; a thrown exception counts as a failed write. */
    protected abstract void write(int i);

    /** Called after a failed write, e.g. to refresh the client's slot map as cluster clients do. */
    protected void afterFailure() {
    }

    final void startThread() {
        thread.start();
    }

    private void writeLoop() {
        for (int i = 0; running; i++) {
            try {
                write(i);
            } catch (RuntimeException e) {
                if (failures.incrementAndGet() <= PRINTED_FAILURES) {
                    System.out.printf("%tT.%<tL %s: write %d failed: %s%n", System.currentTimeMillis(), thread.getName(), i,
                            e.getCause() == null ? e : e + " (" + e.getCause() + ")");
                }
                afterFailure();
            }
            pause(pauseMillis);
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes that failed outright (MOVED, ASK, connection errors, CLUSTERDOWN). */
    public int failures() {
        return failures.get();
    }

    public void stop() throws InterruptedException {
        running = false;
        thread.join(10_000);
    }

    @Override
    public void close() {
        running = false;
    }
}
