package dev.keyslot.operator.reconciler;

import dev.keyslot.operator.admin.ClusterNodesLine;
import dev.keyslot.operator.topology.SlotSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The Degraded condition: why the cluster is degraded, worst first (SlotsLost, ClusterDown, NodeFailing), or
 * Healthy. The message names the lost slots and the failing nodes (by pod where a pod runs them).
 */
record Degradation(boolean degraded, String reason, String message) {
    static Degradation of(List<NodeReport> reports, String clusterState, boolean lostOk, SlotSet lost) {
        Map<String, String> pods = reports.stream().collect(Collectors.toMap(NodeReport::id, r -> r.pod().name(), (a, b) -> a));
        TreeSet<String> failing = new TreeSet<>();
        reports.forEach(r -> r.lines().stream().filter(ClusterNodesLine::failing)
                .forEach(l -> failing.add(pods.getOrDefault(l.id(), l.id() + " at " + l.address().host()))));
        List<String> problems = new ArrayList<>();
        if (!lost.isEmpty()) {
            problems.add("the data of slots " + lost + " was lost with every node of their shard");
        }
        if (lostOk) {
            problems.add("cluster_state is " + clusterState);
        }
        if (!failing.isEmpty()) {
            problems.add("nodes flagged failing: " + String.join(", ", failing));
        }
        if (problems.isEmpty()) {
            return new Degradation(false, "Healthy", "no failing nodes");
        }
        String reason = !lost.isEmpty() ? "SlotsLost" : lostOk ? "ClusterDown" : "NodeFailing";
        return new Degradation(true, reason, String.join("; ", problems));
    }
}
