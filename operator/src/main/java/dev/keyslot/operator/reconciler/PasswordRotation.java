package dev.keyslot.operator.reconciler;

import dev.keyslot.operator.admin.ConnectionPool;
import dev.keyslot.operator.admin.NodeAddress;
import dev.keyslot.operator.admin.NodeAdmin;
import dev.keyslot.operator.crd.PasswordRotationStatus;
import dev.keyslot.operator.crd.RedisCluster;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Rolls a password changed in the Secret out without failed requests. First every node's default user gets the
 * new password next to the old one (ACL SETUSER default >new >old, live). Once every pod accepts both, clients
 * have the grace period to switch; then requirepass and the default user's passwords become only the new one.
 * Pods restarted on the way start with the new password from the Secret and get the old one back while the
 * window lasts.
 *
 * <p>The state lives in an operator-owned Secret: the password every node accepts ("password"), the one being
 * rolled out ("target") and when every node first accepted both (an annotation), so an operator killed at any
 * point resumes from it; each step is idempotent. Replication and the operator's own connections use the
 * operator's ACL user and are not affected.
 */
final class PasswordRotation {
    private static final String DEFAULT_USER = "default";

    private final KubernetesClient client;
    private final RedisCluster cluster;
    private final ClusterResources resources;
    private final EventRecorder events;
    private final Duration grace;

    PasswordRotation(KubernetesClient client, RedisCluster cluster, EventRecorder events) {
        this.client = client;
        this.cluster = cluster;
        this.resources = new ClusterResources(cluster);
        this.events = events;
        this.grace = Duration.ofSeconds(cluster.getSpec().getAuth().getRotationGracePeriodSeconds());
    }

    /** The recorded state; {@code target} is null when no rotation runs, {@code bothAcceptedSince} until every node has both. */
    private record State(String applied, String target, Instant bothAcceptedSince) {
    }

    /**
     * Takes the rotation one step further towards {@code secretPassword}.
     *
     * @return the status to publish, or null when there is nothing new to report
     */
    PasswordRotationStatus advance(String secretPassword, ClusterObserver.Observation observation, ConnectionPool pool) {
        State state = read();
        if (state == null) {
            write(new State(secretPassword, null, null));
            return null;
        }
        if (state.target() == null && secretPassword.equals(state.applied())) {
            return null;
        }
        if (!secretPassword.equals(state.target())) {
            state = new State(state.applied(), secretPassword, null);
            write(state);
            events.normal("PasswordRotationStarted", "the password in Secret " + resources.names().secret(cluster)
                    + " changed: adding it to every node next to the old one");
        }
        for (NodeReport node : observation.reports()) {
            admin(pool, node).aclSetUser(DEFAULT_USER, List.of(">" + state.target(), ">" + state.applied()));
        }
        int unready = observation.unready().size();
        Instant now = Instant.now();
        if (state.bothAcceptedSince() == null) {
            if (unready > 0) {
                return status(PasswordRotationStatus.ADDING, addingSince(now), null,
                        unready + " pod(s) not ready yet: keep clients on the old password");
            }
            state = new State(state.applied(), state.target(), now);
            write(state);
            events.normal("PasswordRotationBothAccepted", "all " + observation.reports().size()
                    + " nodes accept the old and the new password; the old one is removed after " + grace);
        }
        Instant removal = state.bothAcceptedSince().plus(grace);
        if (now.isBefore(removal) || unready > 0) {
            // A pod not ready may run a process that has only the old password: removal waits for it.
            return status(PasswordRotationStatus.BOTH_ACCEPTED, state.bothAcceptedSince(), removal,
                    "every node accepts the old and the new password: switch clients to the new one"
                            + (unready > 0 ? "; the old one stays until " + unready + " pod(s) not ready are back" : ""));
        }
        for (NodeReport node : observation.reports()) {
            // CONFIG SET keeps requirepass (what CONFIG GET shows) in step but changes nothing on a node already
            // started with the new value; the ACL reset removes the old password there too.
            admin(pool, node).configSet(Map.of("requirepass", state.target()));
            admin(pool, node).aclSetUser(DEFAULT_USER, List.of("resetpass", ">" + state.target()));
        }
        write(new State(state.target(), null, null));
        events.normal("PasswordRotationCompleted", "the old password is removed from all " + observation.reports().size()
                + " nodes; only the password in Secret " + resources.names().secret(cluster) + " is accepted");
        return status(PasswordRotationStatus.COMPLETE, now, null, "only the password in the Secret is accepted");
    }

    /** When the published status entered AddingNewPassword, else now. */
    private Instant addingSince(Instant now) {
        PasswordRotationStatus previous = cluster.getStatus() == null ? null : cluster.getStatus().getPasswordRotation();
        return previous != null && PasswordRotationStatus.ADDING.equals(previous.getState()) ? Instant.parse(previous.getSince()) : now;
    }

    private static NodeAdmin admin(ConnectionPool pool, NodeReport node) {
        return new NodeAdmin(pool, NodeAddress.of(node.ip()));
    }

    private static PasswordRotationStatus status(String state, Instant since, Instant removal, String message) {
        return new PasswordRotationStatus(state, since.toString(), removal == null ? null : removal.toString(), message);
    }

    private State read() {
        Secret secret = client.secrets().inNamespace(cluster.getMetadata().getNamespace())
                .withName(resources.names().appliedSecret()).get();
        String applied = SecretPassword.of(secret).orElse(null);
        if (applied == null) {
            return null;
        }
        String target = SecretPassword.of(secret, ClusterNames.TARGET_PASSWORD_KEY).orElse(null);
        Map<String, String> annotations = secret.getMetadata().getAnnotations();
        String since = annotations == null ? null : annotations.get(ClusterNames.BOTH_ACCEPTED_ANNOTATION);
        return new State(applied, target, target == null || since == null ? null : Instant.parse(since));
    }

    private void write(State state) {
        Secret secret = resources.appliedPasswordSecret(state.applied(), state.target(), state.bothAcceptedSince());
        if (client.resource(secret).get() == null) {
            client.resource(secret).create();
        } else {
            client.resource(secret).update();
        }
    }
}
