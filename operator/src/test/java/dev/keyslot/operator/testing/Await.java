package dev.keyslot.operator.testing;

import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded polling for conditions that become true asynchronously; each wait is logged with how long it took. */
public final class Await {
    private Await() {
    }

    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        until(what, timeout, condition, () -> "");
    }

    /** As {@link #until}, and a timeout's message ends with what diagnosis tells of the state it stopped in. */
    public static void until(String what, Duration timeout, BooleanSupplier condition, Supplier<String> diagnosis) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                String seen = diagnosis.get();
                throw new AssertionError("timed out after " + timeout + " waiting for " + what
                        + (seen.isEmpty() ? "" : "; last seen: " + seen));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
        System.out.printf("%s [await] %s after %d ms%n", LocalTime.now().truncatedTo(ChronoUnit.MILLIS), what,
                (System.nanoTime() - start) / 1_000_000);
    }
}
