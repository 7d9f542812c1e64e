package dev.keyslot.operator.reconciler;

import dev.keyslot.operator.admin.ClusterNodesLine;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Remembers, across reconciles of one cluster, since when each node has been flagged failing (fail or pfail) by
 * some observed node without a break: the planner stays pure and is handed the durations.
 *
 * <p>A failure first seen by this clock is dated from the nodes' own evidence, not from the reconcile that saw it
 * (which may come a whole idle requeue later): a node flags a peer failing once the ping it sent has gone
 * unanswered for the node timeout, and CLUSTER NODES shows when that ping was sent. The estimate is never earlier
 * than the previous observation, which saw no failure, nor later than now, so a node's skewed clock cannot move it
 * outside what the operator itself saw.
 */
final class FailureClock {
    private final LongSupplier nanoTime;
    private final LongSupplier wallMillis;
    private final Map<String, Long> failingSince = new HashMap<>();
    private long previousObservation = Long.MIN_VALUE;

    FailureClock() {
        this(System::nanoTime, System::currentTimeMillis);
    }

    FailureClock(LongSupplier nanoTime, LongSupplier wallMillis) {
        this.nanoTime = nanoTime;
        this.wallMillis = wallMillis;
    }

    /**
     * Takes in one observation; returns for how long each node seen failing in it has been failing.
     *
     * @param nodeTimeout the cluster's node timeout: how long after its unanswered ping a node flags a peer failing
     */
    synchronized Map<String, Duration> observe(List<NodeReport> reports, Duration nodeTimeout) {
        long now = nanoTime.getAsLong();
        long wallNow = wallMillis.getAsLong();
        Map<String, Long> flaggedAt = new HashMap<>();
        for (NodeReport report : reports) {
            for (ClusterNodesLine line : report.lines()) {
                if (line.failing()) {
                    flaggedAt.merge(line.id(), flaggedAt(line, now, wallNow, nodeTimeout), Math::min);
                }
            }
        }
        failingSince.keySet().retainAll(flaggedAt.keySet());
        Map<String, Duration> durations = new HashMap<>();
        flaggedAt.forEach((id, estimate) -> {
            long since = failingSince.computeIfAbsent(id, x -> Math.max(estimate, previousObservation));
            durations.put(id, Duration.ofNanos(now - since));
        });
        previousObservation = now;
        return durations;
    }

    /** When the viewer of the line flagged its node failing, on this clock's scale: now when the line does not tell. */
    private static long flaggedAt(ClusterNodesLine line, long now, long wallNow, Duration nodeTimeout) {
        if (line.pingSentMillis() <= 0) {
            return now;
        }
        long agoMillis = wallNow - (line.pingSentMillis() + nodeTimeout.toMillis());
        return agoMillis <= 0 ? now : now - Duration.ofMillis(agoMillis).toNanos();
    }
}
