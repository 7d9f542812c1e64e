package dev.keyslot.operator.simulator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Plays the StatefulSet controller and the kubelet against an API server without nodes: creates the pods of
 * every StatefulSet, runs each pod's real server process on its own loopback IP, reports the pod Ready when
 * the server answers PING, kills the process with SIGKILL when the pod is deleted, and removes pods whose
 * StatefulSet shrank or went away. A deleted pod comes back with a new IP; its PVC directory stays. It also
 * collects the garbage of deleted owners.
 */
public final class PodSimulator implements AutoCloseable {
    static final String STATEFULSET_POD_LABEL = "statefulset.kubernetes.io/pod-name";
    private static final Logger LOG = LoggerFactory.getLogger(PodSimulator.class);
    private static final Duration PING_TIMEOUT = Duration.ofMillis(300);

    private final KubernetesClient client;
    private final String namespace;
    private final AddressPool addresses;
    private final ContainerLauncher launcher;
    private final GarbageCollector garbageCollector;
    private int passes;
    private final Map<String, RunningPod> running = new ConcurrentHashMap<>();
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pod-simulator");
        t.setDaemon(true);
        return t;
    });

    private record RunningPod(String name, String ip, NodeProcess process, boolean ready) {
        RunningPod withReady(boolean nowReady) {
            return new RunningPod(name, ip, process, nowReady);
        }
    }

    public PodSimulator(KubernetesClient client, String namespace, AddressPool addresses, Path workDir) {
        this.client = client;
        this.namespace = namespace;
        this.addresses = addresses;
        this.launcher = new ContainerLauncher(client, workDir);
        this.garbageCollector = new GarbageCollector(client, namespace);
    }

    public PodSimulator start() {
        loop.scheduleWithFixedDelay(this::syncSafely, 0, 200, TimeUnit.MILLISECONDS);
        return this;
    }

    /** The IP of a running pod, if it runs. */
    public String ipOf(String podName) {
        return running.values().stream().filter(p -> p.name().equals(podName)).map(RunningPod::ip).findFirst().orElse(null);
    }

    private void syncSafely() {
        try {
            sync();
        } catch (RuntimeException e) {
            LOG.warn("pod simulator pass failed: {}", e.toString());
        }
    }

    private void sync() {
        if (passes++ % 5 == 0) {
            garbageCollector.collect();
        }
        List<StatefulSet> statefulSets = client.apps().statefulSets().inNamespace(namespace).list().getItems();
        List<Pod> pods = client.pods().inNamespace(namespace).list().getItems();
        createMissingPods(statefulSets, pods);
        removeSurplusPods(statefulSets, pods);
        pods = client.pods().inNamespace(namespace).list().getItems();
        stopProcessesOfDeletedPods(pods);
        for (Pod pod : pods) {
            if (!running.containsKey(pod.getMetadata().getUid())) {
                startContainer(pod);
            }
        }
        probeReadiness();
    }

    private void createMissingPods(List<StatefulSet> statefulSets, List<Pod> pods) {
        for (StatefulSet sts : statefulSets) {
            int replicas = Objects.requireNonNullElse(sts.getSpec().getReplicas(), 1);
            for (int ordinal = 0; ordinal < replicas; ordinal++) {
                String name = sts.getMetadata().getName() + "-" + ordinal;
                if (pods.stream().noneMatch(p -> p.getMetadata().getName().equals(name))) {
                    client.pods().inNamespace(namespace).resource(newPod(sts, name)).create();
                }
            }
        }
    }

    private static Pod newPod(StatefulSet sts, String name) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(sts.getMetadata().getNamespace())
                .withLabels(sts.getSpec().getTemplate().getMetadata().getLabels())
                .addToLabels(STATEFULSET_POD_LABEL, name)
                .withOwnerReferences(ownerReference(sts))
                .endMetadata()
                .withSpec(sts.getSpec().getTemplate().getSpec())
                .withNewStatus().withPhase("Pending").endStatus()
                .build();
    }

    private static OwnerReference ownerReference(HasMetadata owner) {
        return new OwnerReferenceBuilder()
                .withApiVersion(owner.getApiVersion())
                .withKind(owner.getKind())
                .withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid())
                .withController(true)
                .build();
    }

    /** Pods of StatefulSets that shrank or were deleted go, highest ordinal first as the controller does. */
    private void removeSurplusPods(List<StatefulSet> statefulSets, List<Pod> pods) {
        for (Pod pod : pods) {
            OwnerReference owner = pod.getMetadata().getOwnerReferences().stream()
                    .filter(o -> "StatefulSet".equals(o.getKind())).findFirst().orElse(null);
            if (owner == null) {
                continue;
            }
            StatefulSet sts = statefulSets.stream().filter(s -> s.getMetadata().getUid().equals(owner.getUid()))
                    .findFirst().orElse(null);
            int ordinal = Integer.parseInt(pod.getMetadata().getName().substring(pod.getMetadata().getName().lastIndexOf('-') + 1));
            if (sts == null || ordinal >= Objects.requireNonNullElse(sts.getSpec().getReplicas(), 1)) {
                client.pods().inNamespace(namespace).resource(pod).delete();
            }
        }
    }

    private void stopProcessesOfDeletedPods(List<Pod> pods) {
        Set<String> live = new HashSet<>();
        pods.forEach(p -> live.add(p.getMetadata().getUid()));
        running.forEach((uid, pod) -> {
            if (!live.contains(uid)) {
                pod.process().kill();
                addresses.release(pod.ip());
                running.remove(uid);
                LOG.info("pod {} deleted: killed its node at {}", pod.name(), pod.ip());
            }
        });
    }

    private void startContainer(Pod pod) {
        String ip = addresses.take();
        try {
            NodeProcess process = launcher.launch(pod, ip);
            running.put(pod.getMetadata().getUid(), new RunningPod(pod.getMetadata().getName(), ip, process, false));
            updateStatus(pod.getMetadata().getName(), ip, false);
            LOG.info("pod {} started at {}", pod.getMetadata().getName(), ip);
        } catch (IOException | RuntimeException e) {
            addresses.release(ip);
            LOG.warn("pod {} cannot start: {}", pod.getMetadata().getName(), e.toString());
        }
    }

    private void probeReadiness() {
        running.forEach((uid, pod) -> {
            boolean ready = pod.process().answersPing(PING_TIMEOUT);
            if (ready != pod.ready()) {
                running.put(uid, pod.withReady(ready));
                updateStatus(pod.name(), pod.ip(), ready);
            }
        });
    }

    private void updateStatus(String podName, String ip, boolean ready) {
        PodCondition condition = new PodConditionBuilder()
                .withType("Ready")
                .withStatus(ready ? "True" : "False")
                .withLastTransitionTime(Instant.now().toString())
                .build();
        client.pods().inNamespace(namespace).withName(podName).editStatus(p -> new PodBuilder(p)
                .editOrNewStatus()
                .withPhase("Running")
                .withPodIP(ip)
                .withConditions(condition)
                .endStatus()
                .build());
    }

    @Override
    public void close() {
        loop.shutdownNow();
        try {
            loop.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        running.values().forEach(p -> p.process().kill());
        running.clear();
    }
}
