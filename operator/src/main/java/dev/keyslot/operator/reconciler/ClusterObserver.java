package dev.keyslot.operator.reconciler;

import dev.keyslot.operator.admin.ConnectionPool;
import dev.keyslot.operator.admin.NodeAddress;
import dev.keyslot.operator.admin.NodeAdmin;
import dev.keyslot.operator.topology.ForceAttempt;
import dev.keyslot.operator.topology.NodeObservation;
import dev.keyslot.operator.topology.ObservedCluster;
import dev.keyslot.operator.topology.PodIdentity;
import dev.keyslot.operator.topology.StrangerPair;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the cluster: the pods of a RedisCluster from the API server, and from every ready pod's node its own
 * view of the cluster. Roles come from the nodes, never from pod ordinals. A node that cannot be reached
 * counts as not ready.
 */
public final class ClusterObserver {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterObserver.class);

    private final KubernetesClient client;

    public ClusterObserver(KubernetesClient client) {
        this.client = client;
    }

    /** The observation: node reports of reachable pods, the pods not ready, the pods on an older template. */
    public record Observation(List<NodeReport> reports, List<PodIdentity> unready, Set<String> outdated) {
        /** What each reachable node reported, for the planner. */
        public List<NodeObservation> nodes() {
            return reports.stream().map(NodeReport::toObservation).toList();
        }

        /**
         * @param failingFor    how long each node seen failing has been failing, from a {@link FailureClock}
         * @param forceAttempts the forced failovers recorded in the status
         * @param strangersFor  how long each pair of members has been strangers, from a {@link StrangerClock}
         */
        public ObservedCluster toObservedCluster(Map<String, Duration> failingFor, List<ForceAttempt> forceAttempts,
                                                 Map<StrangerPair, Duration> strangersFor) {
            return new ObservedCluster(nodes(), unready, outdated, failingFor, forceAttempts, strangersFor);
        }
    }

    public Observation observe(String namespace, String cluster, ConnectionPool pool) {
        List<Pod> pods = client.pods().inNamespace(namespace).withLabel(ClusterNames.CLUSTER_LABEL, cluster).list().getItems();
        Map<String, String> templateHashes = new HashMap<>();
        client.apps().statefulSets().inNamespace(namespace).withLabel(ClusterNames.CLUSTER_LABEL, cluster).list().getItems()
                .forEach(sts -> templateHashes.put(sts.getMetadata().getName(), templateHash(sts.getSpec().getTemplate().getMetadata())));
        List<NodeReport> reports = new ArrayList<>();
        List<PodIdentity> unready = new ArrayList<>();
        Set<String> outdated = new TreeSet<>();
        for (Pod pod : pods) {
            PodIdentity identity = identity(pod);
            if (identity == null) {
                continue;
            }
            String wanted = templateHashes.get(pod.getMetadata().getName().substring(0, pod.getMetadata().getName().lastIndexOf('-')));
            if (wanted != null && !wanted.equals(templateHash(pod.getMetadata()))) {
                outdated.add(identity.name());
            }
            String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
            if (ip == null || !isReady(pod) || pod.getMetadata().getDeletionTimestamp() != null) {
                unready.add(identity);
                continue;
            }
            try {
                NodeAdmin admin = new NodeAdmin(pool, NodeAddress.of(ip));
                reports.add(new NodeReport(identity, ip, admin.clusterNodes(), admin.clusterInfo(), admin.replication()));
            } catch (RuntimeException e) {
                LOG.debug("node of pod {} at {} unreachable: {}", identity.name(), ip, e.toString());
                pool.evict(NodeAddress.of(ip));
                unready.add(identity);
            }
        }
        reports.sort(Comparator.comparingInt((NodeReport r) -> r.pod().shard()).thenComparingInt(r -> r.pod().ordinal()));
        return new Observation(reports, unready, outdated);
    }

    private static String templateHash(ObjectMeta meta) {
        return meta == null || meta.getAnnotations() == null ? null : meta.getAnnotations().get(ClusterNames.TEMPLATE_HASH_ANNOTATION);
    }

    static PodIdentity identity(Pod pod) {
        String shard = pod.getMetadata().getLabels().get(ClusterNames.SHARD_LABEL);
        String name = pod.getMetadata().getName();
        int dash = name.lastIndexOf('-');
        if (shard == null || dash < 0) {
            return null;
        }
        return new PodIdentity(name, Integer.parseInt(shard), Integer.parseInt(name.substring(dash + 1)));
    }

    static boolean isReady(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
