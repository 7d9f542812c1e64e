package dev.keyslot.operator.topology;

import java.time.Duration;

/**
 * A CLUSTER FAILOVER FORCE the operator sent to {@code replicaId} for its failing master {@code masterId},
 * {@code age} ago (as recorded in the status, so an operator restarted since still knows of it).
 */
public record ForceAttempt(String masterId, String replicaId, Duration age) {
}
