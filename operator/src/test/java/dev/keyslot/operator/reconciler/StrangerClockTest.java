package dev.keyslot.operator.reconciler;

import dev.keyslot.operator.topology.Action.MeetNode;
import dev.keyslot.operator.topology.ClusterNode;
import dev.keyslot.operator.topology.NodeObservation;
import dev.keyslot.operator.topology.PodIdentity;
import dev.keyslot.operator.topology.SlotSet;
import dev.keyslot.operator.topology.StrangerPair;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class StrangerClockTest {
    private static final StrangerPair B_MISSES_C = new StrangerPair("b", "c");
    private static final StrangerPair C_MISSES_B = new StrangerPair("c", "b");

    private final AtomicLong now = new AtomicLong();
    private final StrangerClock clock = new StrangerClock(now::get);

    /** A knows everyone; B and C know only A and themselves unless {@code acquainted}. */
    private static List<NodeObservation> cluster(boolean acquainted) {
        return List.of(node("a", "a", "b", "c"),
                acquainted ? node("b", "b", "a", "c") : node("b", "b", "a"),
                acquainted ? node("c", "c", "a", "b") : node("c", "c", "a"));
    }

    private static NodeObservation node(String id, String... known) {
        Map<String, ClusterNode> view = new LinkedHashMap<>();
        Arrays.stream(known).forEach(k -> view.put(k, new ClusterNode(k, "10.0.0." + k, true, null, SlotSet.EMPTY, false)));
        return new NodeObservation(new PodIdentity("rc-" + id, 0, 0), id, "10.0.0." + id, view, Map.of(), Map.of());
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void measuresUnbrokenStrangenessAndStartsOverOnceAcquainted() {
        assertThat(clock.observe(cluster(false))).containsOnly(Map.entry(B_MISSES_C, Duration.ZERO), Map.entry(C_MISSES_B, Duration.ZERO));
        advance(Duration.ofSeconds(3));
        assertThat(clock.observe(cluster(false))).containsOnly(Map.entry(B_MISSES_C, Duration.ofSeconds(3)),
                Map.entry(C_MISSES_B, Duration.ofSeconds(3)));

        assertThat(clock.observe(cluster(true))).isEmpty();
        advance(Duration.ofSeconds(1));
        assertThat(clock.observe(cluster(false))).containsEntry(B_MISSES_C, Duration.ZERO);
    }

    @Test
    void aMeetRestartsBothDirectionsOfItsPairOnly() {
        List<NodeObservation> nodes = List.of(node("a", "a", "b", "c", "d"), node("b", "b", "a"), node("c", "c", "a"),
                node("d", "d", "a", "b", "c"));
        clock.observe(nodes);
        advance(Duration.ofSeconds(5));

        clock.meeting(List.of(new MeetNode("c", "10.0.0.c", "b")));
        advance(Duration.ofSeconds(1));

        assertThat(clock.observe(nodes)).containsEntry(B_MISSES_C, Duration.ofSeconds(1)).containsEntry(C_MISSES_B, Duration.ofSeconds(1))
                .containsEntry(new StrangerPair("b", "d"), Duration.ofSeconds(6));
    }

    @Test
    void aMeetOfNodesThatAreNotStrangersStartsNoClock() {
        clock.meeting(List.of(new MeetNode("c", "10.0.0.c", "b")));
        advance(Duration.ofSeconds(2));

        assertThat(clock.observe(cluster(true))).isEmpty();
        assertThat(clock.observe(cluster(false))).containsEntry(B_MISSES_C, Duration.ZERO);
    }
}
