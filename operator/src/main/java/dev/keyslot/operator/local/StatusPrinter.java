package dev.keyslot.operator.local;

import dev.keyslot.operator.crd.MigrationStatus;
import dev.keyslot.operator.crd.NodeStatus;
import dev.keyslot.operator.crd.RedisCluster;
import dev.keyslot.operator.crd.RedisClusterStatus;
import dev.keyslot.operator.reconciler.SecretPassword;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Prints, for each RedisCluster, a status line when it changes and the node endpoints when they change. */
final class StatusPrinter {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final KubernetesClient client;
    private final String namespace;
    private final PrintStream out;
    private final Map<String, String> lastStatus = new HashMap<>();
    private final Map<String, String> lastNodes = new HashMap<>();

    StatusPrinter(KubernetesClient client, String namespace, PrintStream out) {
        this.client = client;
        this.namespace = namespace;
        this.out = out;
    }

    void printChanges() {
        for (RedisCluster cluster : client.resources(RedisCluster.class).inNamespace(namespace).list().getItems()) {
            RedisClusterStatus status = cluster.getStatus();
            if (status == null || status.getPhase() == null) {
                continue;
            }
            String name = cluster.getMetadata().getName();
            String line = summary(cluster, status);
            if (!line.equals(lastStatus.put(name, line))) {
                out.println(LocalTime.now().format(CLOCK) + " " + line);
            }
            String nodes = endpoints(status.getNodes());
            if (!nodes.isEmpty() && !nodes.equals(lastNodes.put(name, nodes))) {
                out.print(nodes);
                out.println("  connect: redis-cli -c -h " + status.getNodes().get(0).getIp() + " -p 6379 -a '"
                        + password(cluster) + "'");
            }
        }
    }

    private static String summary(RedisCluster cluster, RedisClusterStatus status) {
        StringBuilder line = new StringBuilder()
                .append(cluster.getMetadata().getName())
                .append(" phase=").append(status.getPhase())
                .append(" masters=").append(cluster.getSpec().getMasters())
                .append(" replicas=").append(cluster.getSpec().getReplicasPerMaster())
                .append(" ready=").append(status.getReady())
                .append(" slots=").append(status.getSlotsOk())
                .append(" state=").append(status.getClusterState());
        MigrationStatus migration = status.getMigration();
        if (migration != null) {
            line.append(" migrating ").append(migration.getSource()).append("->").append(migration.getTarget())
                    .append(' ').append(migration.getSlotsDone()).append('/').append(migration.getSlotsTotal())
                    .append(" slots, ").append(migration.getKeysMoved()).append(" keys");
        }
        return line.append(" | ").append(status.getMessage()).toString();
    }

    private static String endpoints(List<NodeStatus> nodes) {
        StringBuilder text = new StringBuilder();
        for (NodeStatus node : nodes) {
            text.append(String.format("  %-12s %-7s %s:6379 %s%n", node.getPod(), node.getRole(), node.getIp(),
                    node.getSlots().isEmpty() ? "" : "slots " + node.getSlots()));
        }
        return text.toString();
    }

    private String password(RedisCluster cluster) {
        String secretName = cluster.getSpec().getAuth() != null && cluster.getSpec().getAuth().getSecretName() != null
                ? cluster.getSpec().getAuth().getSecretName() : cluster.getMetadata().getName() + "-auth";
        return SecretPassword.of(client.secrets().inNamespace(namespace).withName(secretName).get()).orElse("");
    }
}
