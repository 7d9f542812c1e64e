package dev.keyslot.operator.reconciler;

import dev.keyslot.operator.crd.ForcedFailoverStatus;
import dev.keyslot.operator.crd.RedisClusterStatus;
import dev.keyslot.operator.topology.Action.ForceFailover;
import dev.keyslot.operator.topology.ForceAttempt;
import dev.keyslot.operator.topology.Plan;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The CLUSTER FAILOVER FORCE commands sent, as the status records them: the planner gives each time to win its
 * election before sending it again, and the status outlives the operator process.
 */
final class ForceAttempts {
    private ForceAttempts() {
    }

    /** The recorded attempts with their age at {@code now}, for the planner. */
    static List<ForceAttempt> of(RedisClusterStatus status, Instant now) {
        return recorded(status).stream()
                .map(a -> new ForceAttempt(a.getMaster(), a.getReplica(), Duration.between(Instant.parse(a.getSentAt()), now)))
                .toList();
    }

    /**
     * What to record after planning: the plan's FORCE commands, sent at {@code now}, replace earlier attempts for
     * the same master; attempts for masters no longer failing are dropped.
     */
    static List<ForcedFailoverStatus> after(RedisClusterStatus status, Plan plan, Set<String> failing, Instant now) {
        List<ForceFailover> forced = plan.actions().stream()
                .filter(a -> a instanceof ForceFailover f && !f.takeover()).map(ForceFailover.class::cast).toList();
        List<ForcedFailoverStatus> attempts = new ArrayList<>();
        recorded(status).stream()
                .filter(a -> failing.contains(a.getMaster()) && forced.stream().noneMatch(f -> f.masterId().equals(a.getMaster())))
                .forEach(attempts::add);
        forced.forEach(f -> attempts.add(new ForcedFailoverStatus(f.masterId(), f.replicaId(), now.toString())));
        return attempts;
    }

    static boolean forces(Plan plan) {
        return plan.actions().stream().anyMatch(a -> a instanceof ForceFailover f && !f.takeover());
    }

    private static List<ForcedFailoverStatus> recorded(RedisClusterStatus status) {
        return status == null || status.getForcedFailovers() == null ? List.of() : status.getForcedFailovers();
    }
}
