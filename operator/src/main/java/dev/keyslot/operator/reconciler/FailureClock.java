package dev.keyslot.operator.reconciler;

import dev.keyslot.operator.admin.ClusterNodesLine;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Remembers, across reconciles of one cluster, since when each node has been flagged failing (fail or pfail) by
 * some observed node without a break: the planner stays pure and is handed the durations.
 */
final class FailureClock {
    private final LongSupplier nanoTime;
    private final Map<String, Long> failingSince = new HashMap<>();

    FailureClock() {
        this(System::nanoTime);
    }

    FailureClock(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** Takes in one observation; returns for how long each node seen failing in it has been failing. */
    synchronized Map<String, Duration> observe(List<NodeReport> reports) {
        long now = nanoTime.getAsLong();
        Set<String> failing = new HashSet<>();
        for (NodeReport report : reports) {
            report.lines().stream().filter(ClusterNodesLine::failing).forEach(line -> failing.add(line.id()));
        }
        failingSince.keySet().retainAll(failing);
        Map<String, Duration> durations = new HashMap<>();
        for (String id : failing) {
            long since = failingSince.computeIfAbsent(id, x -> now);
            durations.put(id, Duration.ofNanos(now - since));
        }
        return durations;
    }
}
