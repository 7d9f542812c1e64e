package dev.keyslot.operator.simulator;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Plays the StatefulSet controller (see {@link StatefulSetController}) and the kubelet against an API server
 * without nodes: runs each pod's real server process on its own loopback IP, reports the pod Ready when the
 * server answers PING (see {@link Readiness}), restarts a process that died in place (same pod, same volumes; a new
 * IP when the crash asked for one), and kills the process with SIGKILL when the pod is deleted. A deleted pod comes back with a
 * new IP; its PVC directory stays. It also collects the garbage of deleted owners. Given a {@link SimulatedNetwork},
 * the pods run behind its relays, so a test can partition them.
 */
public final class PodSimulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PodSimulator.class);
    private static final Duration PING_TIMEOUT = Duration.ofMillis(300);

    private final KubernetesClient client;
    private final String namespace;
    private final AddressPool addresses;
    private final ContainerLauncher launcher;
    private final StatefulSetController statefulSets;
    private final GarbageCollector garbageCollector;
    private final SimulatedNetwork network;
    private int passes;
    private final Map<String, RunningPod> running = new ConcurrentHashMap<>();
    private final Set<String> newIpOnRestart = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> restartNotBefore = new ConcurrentHashMap<>();
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pod-simulator");
        t.setDaemon(true);
        return t;
    });

    private record RunningPod(String name, String ip, NodeProcess process, Readiness readiness) {
        RunningPod probed() {
            return new RunningPod(name, ip, process, readiness.probed(process.answersPing(PING_TIMEOUT), process.isAlive()));
        }
    }

    public PodSimulator(KubernetesClient client, String namespace, AddressPool addresses, Path workDir) {
        this(client, namespace, addresses, workDir, null);
    }

    /** @param network the partitionable pod network to run the pods on; null for plain loopback pod IPs */
    public PodSimulator(KubernetesClient client, String namespace, AddressPool addresses, Path workDir,
                        SimulatedNetwork network) {
        this.network = network;
        this.client = client;
        this.namespace = namespace;
        this.addresses = addresses;
        this.launcher = new ContainerLauncher(client, workDir);
        this.statefulSets = new StatefulSetController(client, namespace);
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

    /**
     * Kills a pod's process with SIGKILL, as a crash or an OOM kill does; the kubelet restarts it in the same pod
     * with the same volumes once {@code downtime} has passed (its crash-loop back-off), on a new IP when
     * {@code newIp} (as when the pod sandbox is recreated).
     */
    public void crash(String podName, boolean newIp, Duration downtime) {
        RunningPod pod = running.values().stream().filter(p -> p.name().equals(podName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("pod " + podName + " is not running"));
        if (newIp) {
            newIpOnRestart.add(podName);
        }
        restartNotBefore.put(podName, System.nanoTime() + downtime.toNanos());
        pod.process().kill();
        LOG.info("pod {}: process at {} killed", podName, pod.ip());
    }

    /**
     * Ends a crashed pod's back-off now, as when its crash loop clears: the kubelet restarts the process at its next
     * pass. A scenario crashes a pod with a back-off longer than the failover it waits for, then ends it once it saw it.
     */
    public void endBackOff(String podName) {
        restartNotBefore.remove(podName);
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
            refreshSecretVolumes();
        }
        statefulSets.sync();
        List<Pod> pods = client.pods().inNamespace(namespace).list().getItems();
        stopProcessesOfDeletedPods(pods);
        for (Pod pod : pods) {
            RunningPod current = running.get(pod.getMetadata().getUid());
            if (current == null) {
                startContainer(pod, addresses.take());
            } else if (!current.process().isAlive() && backOffOver(current.name())) {
                restartContainer(pod, current);
            }
        }
        probeReadiness();
    }

    private void refreshSecretVolumes() {
        try {
            launcher.refreshSecretVolumes(namespace);
        } catch (IOException e) {
            LOG.warn("cannot refresh Secret volumes: {}", e.toString());
        }
    }

    private void stopProcessesOfDeletedPods(List<Pod> pods) {
        Set<String> live = new HashSet<>();
        pods.forEach(p -> live.add(p.getMetadata().getUid()));
        running.forEach((uid, pod) -> {
            if (!live.contains(uid)) {
                pod.process().kill();
                disconnect(pod.ip());
                addresses.release(pod.ip());
                running.remove(uid);
                launcher.forget(uid);
                LOG.info("pod {} deleted: killed its node at {}", pod.name(), pod.ip());
            }
        });
    }

    private boolean backOffOver(String podName) {
        Long notBefore = restartNotBefore.get(podName);
        if (notBefore != null && System.nanoTime() < notBefore) {
            return false;
        }
        restartNotBefore.remove(podName);
        return true;
    }

    private void restartContainer(Pod pod, RunningPod crashed) {
        running.remove(pod.getMetadata().getUid());
        String ip = crashed.ip();
        disconnect(ip);
        if (newIpOnRestart.remove(crashed.name())) {
            addresses.release(ip);
            ip = addresses.take();
        }
        LOG.info("pod {}: container exited, restarting it at {}", crashed.name(), ip);
        startContainer(pod, ip);
    }

    private void startContainer(Pod pod, String ip) {
        try {
            String bindIp = network == null ? ip : network.attach(pod.getMetadata().getName(), ip);
            NodeProcess process = launcher.launch(pod, ip, bindIp);
            running.put(pod.getMetadata().getUid(), new RunningPod(pod.getMetadata().getName(), ip, process, Readiness.STARTING));
            updateStatus(pod.getMetadata().getName(), ip, false);
            LOG.info("pod {} started at {}", pod.getMetadata().getName(), ip);
        } catch (IOException | RuntimeException e) {
            disconnect(ip);
            addresses.release(ip);
            LOG.warn("pod {} cannot start: {}", pod.getMetadata().getName(), e.toString());
        }
    }
    private void disconnect(String ip) {
        if (network != null) {
            network.detach(ip);
        }
    }

    private void probeReadiness() {
        running.forEach((uid, pod) -> {
            RunningPod probed = pod.probed();
            running.put(uid, probed);
            boolean ready = probed.readiness().ready();
            if (ready != pod.readiness().ready()) {
                updateStatus(pod.name(), pod.ip(), ready);
                LOG.info("pod {} at {} {}", pod.name(), pod.ip(), ready ? "ready" : "no longer ready");
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
