package dev.keyslot.operator.reconciler;

import dev.keyslot.operator.crd.ForcedFailoverStatus;
import dev.keyslot.operator.crd.RedisClusterStatus;
import dev.keyslot.operator.topology.Action.ForceFailover;
import dev.keyslot.operator.topology.ForceAttempt;
import dev.keyslot.operator.topology.Plan;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The FORCE attempts go into the status and come back from it, as an operator restarted in between reads them. */
class ForceAttemptsTest {
    private static final Instant SENT = Instant.parse("2026-11-26T06:00:00Z");

    /** The status as the API server returns it: through JSON. */
    private static RedisClusterStatus stored(List<ForcedFailoverStatus> attempts) {
        RedisClusterStatus status = new RedisClusterStatus();
        status.setForcedFailovers(attempts);
        return Serialization.unmarshal(Serialization.asJson(status), RedisClusterStatus.class);
    }

    @Test
    void aForceSentIsReadBackWithItsAge() {
        Plan plan = new Plan(List.of(new ForceFailover("r1", "m1", false)));
        RedisClusterStatus status = stored(ForceAttempts.after(null, plan, Set.of("m1"), SENT));

        assertThat(ForceAttempts.forces(plan)).isTrue();
        assertThat(ForceAttempts.of(status, SENT.plusMillis(1500)))
                .containsExactly(new ForceAttempt("m1", "r1", Duration.ofMillis(1500)));
    }

    @Test
    void aNewForceReplacesTheMastersAttemptAndAttemptsOfRecoveredMastersAreDropped() {
        RedisClusterStatus status = stored(List.of(new ForcedFailoverStatus("m1", "r1", SENT.toString()),
                new ForcedFailoverStatus("m2", "r2", SENT.toString()), new ForcedFailoverStatus("m3", "r3", SENT.toString())));
        Instant later = SENT.plusSeconds(5);
        Plan plan = new Plan(List.of(new ForceFailover("r1b", "m1", false)));

        assertThat(ForceAttempts.of(stored(ForceAttempts.after(status, plan, Set.of("m1", "m2"), later)), later))
                .containsExactlyInAnyOrder(new ForceAttempt("m1", "r1b", Duration.ZERO), new ForceAttempt("m2", "r2", Duration.ofSeconds(5)));
    }

    @Test
    void takeoversAndOtherActionsAreNotRecorded() {
        Plan plan = new Plan(List.of(new ForceFailover("r1", "m1", true)));

        assertThat(ForceAttempts.forces(plan)).isFalse();
        assertThat(ForceAttempts.after(null, plan, Set.of("m1"), SENT)).isEmpty();
        assertThat(ForceAttempts.after(null, Plan.waitFor("x"), Set.of("m1"), SENT)).isEmpty();
        assertThat(ForceAttempts.of(stored(List.of()), SENT)).isEmpty();
        assertThat(Serialization.asJson(stored(List.of()))).doesNotContain("forcedFailovers");
    }
}
