package dev.keyslot.operator.reconciler;

import dev.keyslot.operator.admin.ConnectionPool;
import dev.keyslot.operator.admin.NodeAddress;
import dev.keyslot.operator.admin.NodeAdmin;
import dev.keyslot.operator.admin.RedisErrorReply;
import dev.keyslot.operator.crd.ConfigDirectives;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Applies spec.config to running nodes with CONFIG SET, without restarts, for every directive a node accepts
 * that way (the rest change the pod template and roll). Idempotent: each reconcile compares CONFIG GET with
 * the spec and sets what differs, so a node restarted or an operator interrupted midway is caught up later.
 * Values a node normalises (100mb reads back as bytes) are set again harmlessly; only real changes are reported.
 */
final class LiveConfig {
    private final ConnectionPool pool;
    private final EventRecorder events;

    LiveConfig(ConnectionPool pool, EventRecorder events) {
        this.pool = pool;
        this.events = events;
    }

    void apply(Map<String, String> config, List<NodeReport> nodes) {
        Map<String, String> live = new LinkedHashMap<>();
        config.forEach((directive, value) -> {
            if (!ConfigDirectives.RESTART_REQUIRED.contains(directive)) {
                live.put(directive, value);
            }
        });
        if (live.isEmpty()) {
            return;
        }
        TreeSet<String> changed = new TreeSet<>();
        for (NodeReport node : nodes) {
            NodeAdmin admin = new NodeAdmin(pool, NodeAddress.of(node.ip()));
            try {
                Map<String, String> before = admin.configGet(live.keySet());
                Map<String, String> differing = new LinkedHashMap<>(live);
                differing.entrySet().removeIf(e -> e.getValue().equals(before.get(e.getKey())));
                if (differing.isEmpty()) {
                    continue;
                }
                admin.configSet(differing);
                Map<String, String> after = admin.configGet(differing.keySet());
                differing.keySet().stream().filter(d -> !after.get(d).equals(before.get(d))).forEach(changed::add);
            } catch (RedisErrorReply e) {
                events.warning("ConfigRejected", node.pod().name() + " refused spec.config: " + e.getMessage());
            }
        }
        if (!changed.isEmpty()) {
            events.normal("ConfigApplied", "applied " + changed + " to the running nodes without restarts");
        }
    }
}
