package dev.keyslot.operator.reconciler;

import dev.keyslot.operator.crd.ConfigDirectives;
import dev.keyslot.operator.crd.RedisClusterSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * The CRD's schema and CEL rules reject bad specs at admission; this repeats the checks for API servers that
 * do not enforce them (older clusters, the mock server) so a bad spec is reported instead of half-applied.
 */
final class SpecValidator {
    private SpecValidator() {
    }

    static List<String> problems(RedisClusterSpec spec) {
        List<String> problems = new ArrayList<>();
        if (spec.getMasters() < 1) {
            problems.add("spec.masters must be at least 1");
        }
        if (spec.getReplicasPerMaster() < 0) {
            problems.add("spec.replicasPerMaster must be 0 or more");
        }
        if (spec.getNodeTimeoutMillis() < 500) {
            problems.add("spec.nodeTimeoutMillis must be at least 500");
        }
        spec.getConfig().keySet().stream()
                .filter(directive -> !ConfigDirectives.ALLOWED.contains(directive))
                .forEach(directive -> problems.add("spec.config." + directive
                        + " is not accepted (the operator manages it or the node does not support it)"));
        return problems;
    }
}
