package dev.keyslot.operator.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Creates or repairs the operator's ACL user live on nodes that refused it and let the operator in with the
 * application password instead: nodes started before the user existed (an operator upgrade) or with an older
 * operator password. Without it their replicas, restarted with masteruser, could not sync from them.
 */
public final class OperatorUserProvisioning {
    private OperatorUserProvisioning() {
    }

    /** @return the nodes the user was set on */
    public static Set<NodeAddress> ensure(ConnectionPool pool, String operatorPassword) {
        Set<NodeAddress> nodes = pool.takeReachedWithFallback();
        List<String> rules = new ArrayList<>(List.of("resetpass", "resetkeys"));
        rules.addAll(OperatorAcl.RULES);
        rules.add(">" + operatorPassword);
        for (NodeAddress node : nodes) {
            new NodeAdmin(pool, node).aclSetUser(OperatorAcl.USER, rules);
            // Connections made with the fallback go, so the next ones authenticate as the operator's user.
            pool.evict(node);
        }
        return nodes;
    }
}
