package dev.keyslot.operator.reconciler;

import java.time.Duration;

/**
 * How many slots the next migration step moves: as many as fit the step time at the pace measured so far. Steps
 * stay short enough for the reconcile's work budget and a prompt halt, yet long enough that the few round trips
 * each step costs are shared by many slots. The size at most quadruples from one step to the next, since slots
 * may hold far more keys than the ones measured. One pace per cluster lives across reconciles, so each reconcile
 * starts at the pace the last one reached.
 */
final class MigrationPace {
    private static final int MAX_GROWTH = 4;
    private static final int FIRST_STEP_SLOTS = 16;
    private static final int MAX_STEP_SLOTS = 256;
    private static final Duration STEP_TIME = Duration.ofMillis(300);

    private final int firstStep;
    private final int maxStep;
    private final long stepNanos;
    private int lastStep;
    private double nanosPerSlot = Double.NaN;

    MigrationPace() {
        this(FIRST_STEP_SLOTS, MAX_STEP_SLOTS, STEP_TIME);
    }

    MigrationPace(int firstStep, int maxStep, Duration step) {
        this.firstStep = firstStep;
        this.maxStep = maxStep;
        this.stepNanos = step.toNanos();
    }

    /** @param remainingNanos what is left of the work budget: a step should not run far past it */
    synchronized int nextStep(long remainingNanos) {
        if (Double.isNaN(nanosPerSlot)) {
            return firstStep;
        }
        double fitting = Math.min(stepNanos, Math.max(0, remainingNanos)) / nanosPerSlot;
        long limit = Math.min(maxStep, (long) lastStep * MAX_GROWTH);
        return (int) Math.max(1, Math.min(limit, (long) fitting));
    }

    synchronized void stepTook(int slots, long nanos) {
        lastStep = slots;
        nanosPerSlot = Math.max(1, nanos) / (double) slots;
    }
}
