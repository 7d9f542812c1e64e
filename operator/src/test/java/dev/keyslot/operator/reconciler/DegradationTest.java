package dev.keyslot.operator.reconciler;

import dev.keyslot.operator.admin.ClusterNodesParser;
import dev.keyslot.operator.topology.PodIdentity;
import dev.keyslot.operator.topology.SlotSet;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DegradationTest {
    private static final String A = "a".repeat(40);
    private static final String B = "b".repeat(40);
    private static final String GONE = "c".repeat(40);

    private static NodeReport report(String nodes) {
        return new NodeReport(new PodIdentity("rc-0-0", 0, 0), "10.0.0.1", ClusterNodesParser.parse(nodes), Map.of(), Map.of());
    }

    private static NodeReport other() {
        return new NodeReport(new PodIdentity("rc-1-0", 1, 0), "10.0.0.2", ClusterNodesParser.parse(
                B + " 10.0.0.2:6379@16379 myself,master - 0 0 2 connected 8192-16383\n"), Map.of(), Map.of());
    }

    @Test
    void healthyWithoutFailingNodesLostSlotsOrALostOkState() {
        NodeReport a = report(A + " 10.0.0.1:6379@16379 myself,master - 0 0 1 connected 0-8191\n"
                + B + " 10.0.0.2:6379@16379 master - 0 0 2 connected 8192-16383\n");
        Degradation d = Degradation.of(List.of(a, other()), "ok", false, SlotSet.EMPTY);
        assertThat(d.degraded()).isFalse();
        assertThat(d.reason()).isEqualTo("Healthy");
    }

    @Test
    void namesFailingNodesByPodOrAddressAndPutsLostSlotsFirst() {
        NodeReport a = report(A + " 10.0.0.1:6379@16379 myself,master - 0 0 1 connected 0-8191\n"
                + B + " 10.0.0.2:6379@16379 master,fail? - 0 0 2 connected 8192-16383\n"
                + GONE + " 10.0.0.9:6379@16379 master,fail - 0 0 3 disconnected\n");

        Degradation failing = Degradation.of(List.of(a, other()), "ok", false, SlotSet.EMPTY);
        assertThat(failing.reason()).isEqualTo("NodeFailing");
        assertThat(failing.message()).isEqualTo("nodes flagged failing: " + GONE + " at 10.0.0.9, rc-1-0");

        Degradation down = Degradation.of(List.of(a, other()), "fail", true, SlotSet.EMPTY);
        assertThat(down.reason()).isEqualTo("ClusterDown");
        assertThat(down.message()).startsWith("cluster_state is fail; nodes flagged failing");

        Degradation lost = Degradation.of(List.of(a, other()), "fail", true, SlotSet.range(100, 200));
        assertThat(lost.reason()).isEqualTo("SlotsLost");
        assertThat(lost.message()).startsWith("the data of slots 100-200 was lost with every node of their shard; cluster_state is fail");
    }
}
